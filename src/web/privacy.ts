// GET /privacy: the privacy statement an administrator must be able to show (AVG), filled from the
// settings — who is responsible (PRIVACY_CONTROLLER), whom to ask (PRIVACY_CONTACT) — and from
// what steun itself stores and how long it keeps it.
import { Router } from 'express';
import type { Config } from '../config';
import type { LiveCourse } from '../course/live';
import { KEEP_MAIL_DAYS } from '../mail/schedules';

/** How long a signed-in session lasts (the session cookie's maxAge in app.ts). */
export const SESSION_DAYS = 30;
/** How long the browser remembers that it signed in to an account (the device cookie in web/auth.ts). */
export const DEVICE_COOKIE_DAYS = 365;

/** A contact as a link when it is an address or a URL, else as text. */
export function contactHref(contact: string): string | null {
  if (/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(contact)) return `mailto:${contact}`;
  if (/^https?:\/\/\S+$/.test(contact)) return contact;
  return null;
}

export function privacyRouter(deps: { config: Config; course: LiveCourse }): Router {
  const router = Router();
  router.get('/privacy', (_req, res) => {
    const { privacy, inactiveErase, auditKeepDays } = deps.config;
    res.render('privacy', {
      title: 'Privacy',
      privacy: {
        controller: privacy.controller ?? null,
        contact: privacy.contact ?? null,
        contactHref: privacy.contact ? contactHref(privacy.contact) : null,
        mailDays: KEEP_MAIL_DAYS,
        sessionDays: SESSION_DAYS,
        deviceDays: DEVICE_COOKIE_DAYS,
        auditDays: auditKeepDays,
        inactiveErase: inactiveErase ?? null,
        study: deps.course.course.study !== undefined && deps.course.course.study !== null,
        certificate: deps.course.course.certificate !== null,
      },
    });
  });
  return router;
}
