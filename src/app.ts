// buildApp(deps): the middleware order and every route mounted — the one map of the application.
// It never listens or opens anything itself; main.ts and the tests hand it what it needs.
import path from 'node:path';
import express from 'express';
import session from 'express-session';
import helmet from 'helmet';
import compression from 'compression';
import type { Config } from './config';
import { systemClock, type Clock } from './clock';
import type { Stores } from './db';
import { databaseAnswers } from './db';
import type { LiveCourse } from './course/live';
import type { Logger } from './logger';
import { createPassport, restoreUser } from './web/passport';
import { requestLog } from './web/request-log';
import { createMetrics } from './web/metrics';
import { healthRouter } from './web/health';
import { auditOnSuccess, auditRouter } from './web/audit';
import { privacyRouter } from './web/privacy';
import { authRouter } from './web/auth';
import { passwordRouter, type ForgotThrottle } from './web/password';
import { oidcRouter } from './web/oidc';
import { homeRouter } from './web/home';
import { courseRouter } from './web/course';
import { transcriptRouter } from './web/transcript';
import { quizRouter } from './web/quiz';
import { progressApiRouter } from './web/progress-api';
import { mediaRouter } from './web/media';
import { certificateRouter } from './web/certificate';
import { reportsRouter } from './web/reports';
import { nudgeRouter } from './web/nudge';
import { schoolRouter } from './web/school';
import { meRouter } from './web/me';
import { authorRouter } from './web/author';
import { adminRouter } from './web/admin';
import { studyRouter } from './web/study';
import { researchRouter } from './web/research';
import { researchersStayInResearch } from './web/guards';
import { flashToLocals } from './web/flash';
import { viewLocals } from './web/locals';
import { courseDescription } from './web/descriptions';
import { csrfProtection } from './web/csrf';
import { sessionEnded, sessionLife } from './web/session-life';
import { IDLE_MS } from './accounts/session-life';
import { viewEngine } from './web/views';
import { errorHandler, notFound } from './web/errors';
import { httpsOnly } from './web/https-only';
import { trustedProxies } from './web/trust-proxy';
import { personalPagesNotStored } from './web/no-store';
import { Assets } from './web/assets';
import { DEFAULT_THROTTLE, type ThrottleSettings } from './web/throttle';
import type { HourAndDay } from './web/budget';
import './web/session-types';

export interface AppDeps {
  config: Config;
  stores: Stores;
  course: LiveCourse;
  logger: Logger;
  sessionSecret: string;
  throttle?: ThrottleSettings;
  /** The one clock (src/clock.ts): credit bounds, the study's dates, quiz waits, stamps (tests move it on). */
  now?: Clock;
  forgotThrottle?: ForgotThrottle;
  /** Invitations one coordinator may send per hour and per day (default DEFAULT_INVITE_LIMITS). */
  inviteLimits?: HourAndDay;
}

export const ROOT = path.resolve(__dirname, '..');

export function buildApp(deps: AppDeps): express.Express {
  const { config, stores } = deps;
  const app = express();
  app.disable('x-powered-by');
  // No ETag hashed from every page's body: pages are personal and not stored (no-store), so no
  // browser asks with it, and the SHA-1 was a few per cent of a lesson page. Files sent from disk
  // (media, static) keep the ETag that comes from their size and time ('etag' stays on for them).
  app.set('etag fn', () => undefined);
  // A proxy on this machine (the HTTPS proxy in front) is believed about the protocol and client address.
  app.set('trust proxy', trustedProxies('loopback'));
  app.set('views', path.join(ROOT, 'views'));
  app.set('view engine', 'ejs');
  // Includes are written from the views root ('/partials/head'): EJS then resolves them without a
  // file-system check on every render.
  app.engine('ejs', viewEngine(path.join(ROOT, 'views'), config.production));
  if (config.production) app.enable('view cache');
  // The sign-in page offers the school account when it is configured.
  app.locals.oidcLabel = config.oidc?.label;

  app.use(requestLog(deps.logger));
  const metrics = createMetrics(stores, deps.now ?? systemClock, deps.course);
  app.use(metrics.observe);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          mediaSrc: ["'self'"],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(config.production ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: config.production,
    }),
  );

  // Pages and JSON compressed (brotli where the browser takes it); static files under content-hashed
  // names, compressed once and cached for a year. The plain /static and /vendor paths keep working.
  // Only what is read: a beacon's 204, a save's JSON and a form's redirect have nothing worth
  // compressing, and wrapping every response costs each of them.
  const compress = compression();
  app.use((req, res, next) => (req.method === 'GET' ? compress(req, res, next) : next()));
  const assets = new Assets(
    [
      { prefix: '/static', dir: path.join(ROOT, 'static') },
      { prefix: '/vendor/pico', dir: path.join(ROOT, 'node_modules', '@picocss', 'pico', 'css') },
      { prefix: '/vendor/video.js', dir: path.join(ROOT, 'node_modules', 'video.js', 'dist') },
    ],
    !config.production,
  );
  app.locals.asset = assets.url;
  app.use(assets.handler());
  app.use('/static', express.static(path.join(ROOT, 'static'), { maxAge: config.production ? '1d' : 0 }));
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/favicon.svg'));
  app.use('/vendor/pico', express.static(path.join(ROOT, 'node_modules', '@picocss', 'pico', 'css'), { maxAge: '7d' }));
  app.use('/vendor/video.js', express.static(path.join(ROOT, 'node_modules', 'video.js', 'dist'), { maxAge: '7d' }));

  app.get('/healthz', (_req, res) => {
    const ok = databaseAnswers(stores.sqlite) && deps.course.course.modules.length > 0;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable' });
  });
  // /readyz and /metrics answer over plain HTTP too, like /healthz (/metrics only to the machine itself or with its token).
  app.use(healthRouter({ config, stores, course: deps.course, metrics, now: deps.now ?? systemClock }));
  // In production the session cookie is Secure: over plain HTTP no form could ever work, so say why
  // instead of "Dit formulier is verlopen".
  if (config.production) app.use(httpsOnly(deps.logger));

  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));
  app.use(express.json({ limit: '64kb' }));
  // Another process on the same database (WORKERS) may have answered this person's last request:
  // nothing remembered of a person may be older than what it wrote (after health and static files,
  // which remember nobody).
  app.use((_req, _res, next) => {
    stores.seeOtherProcesses();
    next();
  });
  app.use(
    session({
      name: 'steun.sid',
      secret: deps.sessionSecret,
      store: stores.sessions,
      resave: false,
      saveUninitialized: false,
      // Not re-sent on every answer: sessionLife renews it (and writes the session) once an hour.
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.production, maxAge: IDLE_MS },
    }),
  );
  const now = deps.now ?? systemClock;
  app.use(sessionLife(now));
  const passport = createPassport(stores.accounts, now);
  app.use(restoreUser(stores.accounts));
  app.use(metrics.noteUser);
  app.use(personalPagesNotStored);

  const csrf = csrfProtection();
  app.use(viewLocals(csrf.token));
  // Every page is described by the course unless it says more (a lesson: its first paragraph).
  app.use((_req, res, next) => {
    res.locals.description = courseDescription(deps.course.course);
    next();
  });
  app.use(sessionEnded);
  app.use(csrf.protect);
  app.use(flashToLocals);
  app.use(researchersStayInResearch);

  // Most requests first: every router before the matching one tests its routes against the path.
  // Beacons come every few seconds from every open lesson; the quiz's routes must precede the
  // lesson route, which would take '/course/:module/quiz' as a lesson.
  const learning = { course: deps.course, stores, now };
  // Links in invitations, password links and certificates never come from the request's Host
  // header: BASE_URL (required in production), else the address the server listens on (main.ts
  // sets it once listening; see publicBase in web/mail-context.ts).
  app.locals.defaultUrl = `http://${config.host}:${config.port}`;
  const baseUrl = config.baseUrl;
  app.use(progressApiRouter(learning));
  app.use(quizRouter(learning));
  app.use(courseRouter(learning));
  app.use(transcriptRouter(learning));
  app.use(homeRouter(learning));
  app.use(passwordRouter({ stores, baseUrl: config.baseUrl, throttle: deps.forgotThrottle }));
  app.use(authRouter({ stores, passport, throttle: deps.throttle ?? DEFAULT_THROTTLE, baseUrl: config.baseUrl, production: config.production }));
  if (config.oidc) app.use(oidcRouter({ stores, passport, oidc: config.oidc, baseUrl: config.baseUrl, logger: deps.logger, throttle: deps.throttle ?? DEFAULT_THROTTLE, now: learning.now }));
  app.use(mediaRouter({ ...learning, production: config.production }));
  app.use(nudgeRouter({ ...learning, baseUrl: config.baseUrl }));
  app.get('/reports.csv', auditOnSuccess(stores, 'export', (req) => ({ schoolId: req.user!.role === 'admin' ? Number(req.query.school) || null : req.user!.schoolId, detail: 'rapportage (CSV)' })));
  app.use(reportsRouter(learning));
  app.use(schoolRouter({ stores, course: deps.course, baseUrl, inviteLimits: deps.inviteLimits }));
  app.use(meRouter({ ...learning, passport, throttle: deps.throttle ?? DEFAULT_THROTTLE }));
  app.use(authorRouter({ ...learning, watching: config.watchContent }));
  app.use(adminRouter({ stores, course: deps.course, baseUrl: config.baseUrl }));
  app.use(auditRouter({ stores, keepDays: config.auditKeepDays }));
  app.use(privacyRouter({ config, course: deps.course }));
  app.use(certificateRouter({ ...learning, baseUrl: config.baseUrl }));
  app.use(studyRouter(learning));
  app.use(researchRouter({ ...learning, logger: deps.logger }));

  app.use(notFound);
  app.use(errorHandler({ production: config.production }));
  return app;
}
