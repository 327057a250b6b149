// The real app serving the mini course, with a teacher signed in.
import request from 'supertest';
import { compileCourse } from '../../src/course/compile';
import { MINI_COURSE } from '../fixtures/course-builder';
import { makeTestApp, addUser, signIn, csrfFrom, type TestApp, type Agent } from './app';

export interface CourseTestApp extends TestApp {
  teacher: Agent;
  teacherId: number;
  csrf: string;
}

export async function miniCourseApp(dir = MINI_COURSE, options: { env?: NodeJS.ProcessEnv } = {}): Promise<CourseTestApp> {
  const compiled = await compileCourse(dir);
  if (!compiled.course) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  const t = makeTestApp({ compiled, env: options.env });
  const school = t.stores.accounts.addSchool('De Regenboog');
  const user = await addUser(t.stores, { email: 'juf@regenboog.nl', name: 'Juf Anna', schoolId: school.id });
  const teacher = await signIn(t.app, 'juf@regenboog.nl');
  const csrf = csrfFrom((await teacher.get('/')).text);
  return { ...t, teacher, teacherId: user.id, csrf };
}

export function post(agent: Agent, url: string, csrf: string, fields: Record<string, string | string[]> = {}) {
  return agent.post(url).type('form').send({ ...fields, _csrf: csrf });
}

export function beacon(agent: Agent, csrf: string, body: unknown) {
  return agent.post('/api/progress/video').set('X-CSRF-Token', csrf).set('Content-Type', 'application/json').send(JSON.stringify(body));
}

/**
 * Plays a video as a person would, as the server sees it: the start report, the time it takes at
 * normal speed, then the report of what was played.
 */
export async function watch(t: { clock: { advance(seconds: number): void } }, agent: Agent, csrf: string, body: { lesson: string; src: string; watched: [number, number][]; position: number; duration: number }) {
  const start = await beacon(agent, csrf, { ...body, watched: [], position: 0 });
  if (start.status !== 204) return start;
  t.clock.advance(body.watched.reduce((sum, [s, e]) => sum + (e - s), 0));
  return beacon(agent, csrf, body);
}

export { request };
