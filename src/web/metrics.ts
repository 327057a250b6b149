// Prometheus metrics (prom-client): requests by route pattern, their latency, the event loop's
// delay and Node's process figures, mail sent and failed, sign-ins, throttled requests and the rows
// the report of all schools keeps.
// GET /metrics answers only on loopback (not through a proxy), or with METRICS_TOKEN as bearer token.
import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Stores } from '../db';
import type { Clock } from '../clock';
import type { LiveCourse } from '../course/live';
import { reportCache } from '../report/cache';

export interface Metrics {
  registry: Registry;
  /** Counts and times every request (mount first). */
  observe: RequestHandler;
  /** Remembers who was signed in before the routes ran (mount right after the session's user is restored). */
  noteUser: RequestHandler;
  /** GET /metrics, guarded. */
  scrape(token: string | undefined): RequestHandler;
}

/** The route's pattern (`/course/:module/:lesson`), never the raw path: labels stay few. */
export function routeLabel(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return `${req.baseUrl}${pattern}`;
  const prefix = /^\/(assets|static|vendor|media)\//.exec(req.path)?.[1];
  return prefix ? `/${prefix}/*` : 'unmatched';
}

/** How someone signed in, by the route that did it. */
function signInMethod(route: string): string {
  if (route === '/login') return 'password';
  if (route.startsWith('/auth/oidc')) return 'school';
  if (route.startsWith('/password/')) return 'link';
  if (route === '/register') return 'registration';
  if (route === '/setup') return 'setup';
  return 'other';
}

/** A request straight from this machine: a loopback address and no proxy's forwarding header. */
export function fromLoopback(req: Request): boolean {
  const address = req.socket.remoteAddress ?? '';
  const loopback = address === '::1' || /^(::ffff:)?127\./.test(address);
  return loopback && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined && req.headers['x-forwarded-proto'] === undefined;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!given) return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b);
}

export function createMetrics(stores: Stores, clock: Clock, course: LiveCourse): Metrics {
  const registry = new Registry();
  const requests = new Counter({ name: 'steun_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'] as const, registers: [registry] });
  const duration = new Histogram({
    name: 'steun_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const signIns = new Counter({ name: 'steun_sign_ins_total', help: 'Successful sign-ins, by method (password, school, link, registration, setup)', labelNames: ['method'] as const, registers: [registry] });
  const lockouts = new Counter({ name: 'steun_lockouts_total', help: 'Requests refused by a throttle (429), by route pattern', labelNames: ['route'] as const, registers: [registry] });
  const mail = new Counter({ name: 'steun_mail_attempts_total', help: 'Attempts to send a mail, by outcome: sent, retry (refused, tried again later) or failed (given up)', labelNames: ['outcome'] as const, registers: [registry] });
  for (const outcome of ['sent', 'retry', 'failed'] as const) mail.inc({ outcome }, 0);
  stores.outbox.onOutcome((outcome) => mail.inc({ outcome }));
  new Gauge({
    name: 'steun_mail_backlog',
    help: 'Mails waiting to be sent',
    registers: [registry],
    collect() {
      this.set(stores.outbox.backlog().count);
    },
  });
  new Gauge({
    name: 'steun_mail_oldest_unsent_age_seconds',
    help: 'Age of the oldest mail still waiting to be sent (0 when none waits)',
    registers: [registry],
    collect() {
      const oldest = stores.outbox.backlog().oldestCreatedAt;
      this.set(oldest ? Math.max(0, (clock() - Date.parse(oldest)) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'steun_report_rows_kept',
    help: "Teachers' rows the report of all schools keeps in this process (built a few seconds after start; 0 before)",
    registers: [registry],
    collect() {
      this.set(reportCache(course.course, stores).rowsKept());
    },
  });
  // Node's own figures (event-loop delay among them) start with the first scrape: an app built by
  // a test that never scrapes starts no event-loop monitor.
  let defaults = false;

  return {
    registry,
    observe(req, res, next) {
      const end = duration.startTimer();
      res.once('finish', () => {
        const route = routeLabel(req);
        const labels = { method: req.method, route };
        end(labels);
        requests.inc({ ...labels, status: String(res.statusCode) });
        if (res.statusCode === 429) lockouts.inc({ route });
        const before = res.locals.userBeforeRoutes as number | null | undefined;
        if (before !== undefined && req.user && req.user.id !== before) signIns.inc({ method: signInMethod(route) });
      });
      next();
    },
    noteUser(req, res, next) {
      res.locals.userBeforeRoutes = req.user?.id ?? null;
      next();
    },
    scrape(token) {
      return async (req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        if (!fromLoopback(req)) {
          if (token === undefined) return res.status(404).type('text/plain').send('Niet gevonden\n');
          if (!tokenMatches(req.headers.authorization, token)) return res.status(401).setHeader('WWW-Authenticate', 'Bearer').type('text/plain').send('Token ontbreekt of klopt niet\n');
        }
        if (!defaults) {
          collectDefaultMetrics({ register: registry });
          defaults = true;
        }
        res.type(registry.contentType).send(await registry.metrics());
      };
    },
  };
}
