// Readiness for monitoring and load balancers: /healthz says the process lives; /readyz says
// whether it can do its work — the database takes writes, its disk has room, mail goes out — and
// /metrics (web/metrics.ts) gives the figures behind it.
import fs from 'node:fs';
import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import type { Stores } from '../db';
import { databaseWritable } from '../db';
import type { Config } from '../config';
import type { LiveCourse } from '../course/live';
import type { Metrics } from './metrics';
import type { Clock } from '../clock';

/** A write probe at most this often (a load balancer may ask every second). */
const PROBE_EVERY_MS = 10_000;
/** A save that failed for lack of storage counts against readiness this long. */
const STORAGE_FAILURE_MS = 120_000;

export interface Readiness {
  ready: boolean;
  checks: {
    course: { ok: boolean };
    database: { ok: boolean; writable: boolean; lastStorageFailure: string | null };
    disk: { ok: boolean; freeBytes: number | null; minFreeBytes: number };
    mail: { ok: boolean; sending: boolean; backlog: number; oldestUnsentSeconds: number | null; maxAgeSeconds: number; failed: number };
  };
}

/** Free bytes for an unprivileged user on the file system that holds `dir`, or null when unknown. */
function freeBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

export function healthRouter(deps: { config: Config; stores: Stores; course: LiveCourse; metrics: Metrics; now: Clock }): Router {
  const { config, stores } = deps;
  const router = Router();
  let probed = { at: 0, writable: true };
  let storageFailureAt = 0;

  /** Notes saves that failed for lack of storage (the error handler marks them); mount before the routes. */
  const watchSaves: RequestHandler = (_req, res, next) => {
    res.once('finish', () => {
      if (res.locals.storageUnavailable) storageFailureAt = deps.now();
    });
    next();
  };
  router.use(watchSaves);

  const readiness = (now: number): Readiness => {
    if (now - probed.at >= PROBE_EVERY_MS || !probed.writable) probed = { at: now, writable: databaseWritable(stores.sqlite, new Date(now).toISOString()) };
    const recentFailure = now - storageFailureAt < STORAGE_FAILURE_MS;
    const free = config.databasePath === ':memory:' ? null : freeBytes(path.dirname(config.databasePath));
    const { count, oldestCreatedAt } = stores.outbox.backlog();
    const oldest = oldestCreatedAt ? Math.max(0, Math.round((now - Date.parse(oldestCreatedAt)) / 1000)) : null;
    const maxAgeSeconds = Math.round(config.ready.mailMaxAgeMs / 1000);
    const checks: Readiness['checks'] = {
      course: { ok: deps.course.course.modules.length > 0 },
      database: { ok: probed.writable && !recentFailure, writable: probed.writable, lastStorageFailure: storageFailureAt ? new Date(storageFailureAt).toISOString() : null },
      disk: { ok: free === null || free >= config.ready.minFreeBytes, freeBytes: free, minFreeBytes: config.ready.minFreeBytes },
      mail: { ok: !stores.outbox.sending || oldest === null || oldest <= maxAgeSeconds, sending: stores.outbox.sending, backlog: count, oldestUnsentSeconds: oldest, maxAgeSeconds, failed: stores.outbox.counts().failed },
    };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  };

  router.get('/readyz', (_req, res) => {
    const r = readiness(deps.now());
    res.setHeader('Cache-Control', 'no-store');
    res.status(r.ready ? 200 : 503).json({ status: r.ready ? 'ready' : 'not ready', checks: r.checks });
  });
  router.get('/metrics', deps.metrics.scrape(config.metricsToken));
  return router;
}
