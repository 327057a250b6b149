// Where `/` takes someone who came for something other than the course. Coordinators and
// administrators come for the report; but many coordinators are teachers too, so once they have
// started the course `/` is their course overview again. `/cursus` is the overview for every role.
import type { RequestHandler } from 'express';
import type { Stores } from '../db';

export function staffLanding(stores: Stores): RequestHandler {
  return (req, res, next) => {
    const user = req.user!;
    const staff = (user.role === 'coordinator' && user.schoolId !== null) || user.role === 'admin';
    if (!staff) return next();
    // A new installation has nothing to report yet: the administrator starts with a school.
    if (user.role === 'admin' && !stores.accounts.hasSchools()) return res.redirect(303, '/admin');
    const followsCourse = stores.progress.progressForTeacher(user.id).size > 0 || stores.attempts.summaryForTeacher(user.id).size > 0;
    if (followsCourse) return next();
    res.redirect(303, '/reports');
  };
}
