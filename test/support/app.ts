// The real app on a real SQLite file in a temp folder, and helpers to act as a person in it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { buildApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { openDatabase } from '../../src/db/connection';
import { migrate } from '../../src/db/migrate';
import { createStores, type Stores } from '../../src/db';
import { LiveCourse } from '../../src/course/live';
import type { CompileResult, Course } from '../../src/course/model';
import { createLogger } from '../../src/logger';
import { hashPassword } from '../../src/accounts/passwords';
import type { Role } from '../../src/db/accounts';
import type { ThrottleSettings } from '../../src/web/throttle';
import type { ForgotThrottle } from '../../src/web/password';
import type { HourAndDay } from '../../src/web/budget';

/** A wall clock the test moves on, so credit bounded by elapsed time needs no waiting. */
export class TestClock {
  private offset = 0;
  readonly now = (): number => Date.now() + this.offset;
  advance(seconds: number): void {
    this.offset += seconds * 1000;
  }
}

export interface TestApp {
  app: Express;
  clock: TestClock;
  stores: Stores;
  course: LiveCourse;
  dir: string;
  config: Config;
  close: () => void;
}

/** A one-module course object for tests that are not about the course itself. */
export function tinyCourse(): Course {
  return {
    dir: '/nonexistent',
    title: 'Testcursus',
    language: 'nl',
    description: 'Een cursus om mee te testen.',
    descriptionHtml: '<p>Een cursus om mee te testen.</p>',
    passScore: 0.8,
    videoCompletion: 0.9,
    certificate: null,
    minutes: 5,
    modules: [{ slug: 'start', folder: '01-start', index: 0, title: 'Start', summary: 'Begin hier.', lessons: [], quiz: null, minutes: 5 }],
  };
}

export function makeTestApp(options: { compiled?: CompileResult; throttle?: ThrottleSettings; forgotThrottle?: ForgotThrottle; inviteLimits?: HourAndDay; env?: NodeJS.ProcessEnv } = {}): TestApp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-test-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: path.join(dir, 'steun.db'), ...options.env });
  const sqlite = openDatabase(config.databasePath);
  migrate(sqlite);
  const clock = new TestClock();
  // One clock for the stores' stamps and the app's rules: a test moves time for both.
  const stores = createStores(sqlite, { mailSends: config.smtpUrl !== undefined, clock: clock.now });
  const course = new LiveCourse(options.compiled ?? { course: tinyCourse(), diagnostics: [] });
  const app = buildApp({ config, stores, course, logger: createLogger('silent'), sessionSecret: 'test-secret-test-secret', throttle: options.throttle, forgotThrottle: options.forgotThrottle, inviteLimits: options.inviteLimits, now: clock.now });
  return {
    app,
    clock,
    stores,
    course,
    dir,
    config,
    close: () => {
      if (sqlite.open) sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The CSRF token from a rendered page (`_csrf` field or the meta tag). */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /<meta name="csrf-token" content="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no CSRF token in page');
  return m[1];
}

export type Agent = ReturnType<typeof request.agent>;

/** GETs the page, then posts the form on it with its CSRF token. */
export async function submitForm(agent: Agent, pagePath: string, fields: Record<string, string | string[]>, action = pagePath) {
  const page = await agent.get(pagePath);
  return agent.post(action).type('form').send({ ...fields, _csrf: csrfFrom(page.text) });
}

export async function addUser(stores: Stores, input: { email: string; name?: string; role?: Role; schoolId?: number | null; password?: string }) {
  return stores.accounts.addUser({
    email: input.email,
    name: input.name ?? input.email.split('@')[0] ?? 'Iemand',
    role: input.role ?? 'teacher',
    schoolId: input.schoolId ?? null,
    passwordHash: await hashPassword(input.password ?? 'een-goed-wachtwoord'),
  });
}

export async function signIn(app: Express, email: string, password = 'een-goed-wachtwoord'): Promise<Agent> {
  const agent = request.agent(app);
  const res = await submitForm(agent, '/login', { email, password });
  if (res.status !== 303 || res.headers.location !== '/') throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return agent;
}
