// The signed-in start page.
import { Router } from 'express';
import type { LiveCourse } from '../course/live';
import { signedIn } from './guards';

export function homeRouter(deps: { course: LiveCourse }): Router {
  const router = Router();
  router.get('/', signedIn, (_req, res) => {
    res.render('home', { title: deps.course.course.title, course: deps.course.course });
  });
  return router;
}
