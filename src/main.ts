// Process entry: config -> database -> course -> app -> listen; clean shutdown on signals. With
// WORKERS=n (or auto) the first process applies the migrations and starts n processes that serve
// the same port (Node's cluster module); of those, the one holding a lease in the database runs the
// mail schedules and sends the mail.
import { systemClock } from './clock';
import 'dotenv/config';
import cluster from 'node:cluster';
import crypto from 'node:crypto';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { loadConfig, ConfigError, type Config } from './config';
import { openDatabase } from './db/connection';
import { migrate } from './db/migrate';
import { createStores, type Stores } from './db';
import type { Sqlite } from './db/connection';
import { StartupProblem, checkContentDir, checkDatabasePath, databaseProblem, listenProblem, readSmtpCa, unexpectedProblem } from './startup';
import { compileCourse } from './course/compile';
import { formatDiagnostic } from './course/format';
import { watchCourse } from './course/watch';
import { LiveCourse } from './course/live';
import { createLogger } from './logger';
import { buildApp } from './app';
import { smtpTransport, startMailWorker, type MailWorker } from './mail/worker';
import { Lease } from './db/lease';
import { startSchedules } from './mail/schedules';
import { runHousekeeping } from './mail/housekeeping';
import { reportCache } from './report/cache';

/** How long after start the report of all schools is built in the background (in turns), once the start's own requests are served. */
const REPORT_WARM_MS = 5_000;

/** How long the background lease lasts without renewal: the time another process waits before taking over. */
const LEASE_MS = 60_000;

/** A lease holder that was a process of this machine and runs no more (killed, crashed). */
function stoppedHere(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== os.hostname() || !/^\d+$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export async function start(config: Config): Promise<{ url: string; publicUrl: string; setupUrl: string | null; close: () => Promise<void> }> {
  const logger = createLogger(config.logLevel);
  const smtpCa = readSmtpCa(config.smtpTls.caFile);
  checkContentDir(config.contentDir);
  checkDatabasePath(config.databasePath);
  let sqlite: Sqlite;
  try {
    sqlite = openDatabase(config.databasePath);
  } catch (err) {
    throw databaseProblem(err, config.databasePath);
  }
  let stores: Stores;
  try {
    migrate(sqlite);
    stores = createStores(sqlite, { mailSends: config.smtpUrl !== undefined });
  } catch (err) {
    sqlite.close();
    throw databaseProblem(err, config.databasePath);
  }

  const result = await compileCourse(config.contentDir);
  for (const d of result.diagnostics) console.error(formatDiagnostic(d));
  if (!result.course) {
    sqlite.close();
    throw new StartupProblem(`CONTENT_DIR: de cursus in ${config.contentDir} heeft fouten (hierboven); steun start niet met een kapotte cursus.`);
  }
  const course = new LiveCourse(result);
  const watcher = config.watchContent
    ? watchCourse(config.contentDir, {
        onCompiled: (next) => {
          const changed = course.update(next);
          if (changed) logger.info({ problems: next.diagnostics.length }, 'course recompiled');
          else logger.warn({ errors: next.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic) }, 'course change has errors; the last good course stays online');
        },
      })
    : undefined;

  const app = buildApp({ config, stores, course, logger, sessionSecret: config.sessionSecret ?? stores.settings.sessionSecret() });
  const server = app.listen(config.port, config.host);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (err) {
    watcher?.close();
    sqlite.close();
    throw listenProblem(err, config);
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const publicUrl = config.baseUrl ?? url;
  // Links steun hands out: BASE_URL, else the address it listens on (never a request's Host header).
  app.locals.listenUrl = url;
  // Of several processes on this database, the lease's holder sends the mail and runs the schedules;
  // it renews the lease every LEASE_MS / 3, and another process takes over when it stops renewing.
  const lease = new Lease(sqlite, 'achtergrond', `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`, systemClock, LEASE_MS, stoppedHere);
  let mailWorker: MailWorker | undefined;
  const background = () => {
    try {
      if (lease.renew()) {
        mailWorker ??= config.smtpUrl
          ? startMailWorker(stores.outbox, smtpTransport(config.smtpUrl, config.mailFrom, new URL(publicUrl).hostname, { rejectUnauthorized: config.smtpTls.rejectUnauthorized, ca: smtpCa }), logger)
          : undefined;
      } else if (mailWorker) {
        void mailWorker.stop();
        mailWorker = undefined;
      }
    } catch (err) {
      logger.error({ err }, 'lease for the schedules could not be renewed; trying again');
    }
  };
  background();
  const leaseTimer = setInterval(background, LEASE_MS / 3);
  leaseTimer.unref();
  const housekeeping = { stores, logger, baseUrl: publicUrl, platform: 'steun', auditKeepDays: config.auditKeepDays, inactiveErase: config.inactiveErase };
  const stopSchedules = startSchedules({ stores, course, logger, baseUrl: publicUrl, platform: 'steun', now: systemClock, housekeeping: (now) => runHousekeeping(housekeeping, now) }, undefined, () => lease.held);

  // The report of all schools (every school's rows and the name order) is built a few seconds after
  // start, in turns: with 100,000 teachers that is about 3 s of work and 60 MB kept, and without it
  // the first administrator to open the report or its CSV waited for all of it.
  const warming = new AbortController();
  let warmed: Promise<void> | undefined;
  const warmTimer = setTimeout(() => {
    warmed = reportCache(course.course, stores)
      .warm(new Date(systemClock()), warming.signal)
      .catch((err: unknown) => {
        if (!warming.signal.aborted) logger.error({ err }, 'the report of all schools could not be built in advance; it is built when it is first opened');
      });
  }, REPORT_WARM_MS);
  warmTimer.unref();
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      watcher?.close();
      clearInterval(leaseTimer);
      clearTimeout(warmTimer);
      warming.abort();
      server.close(() => {
        // A schedule's run under way finishes its turn before the database closes; so does the report's.
        void Promise.all([stopSchedules(), mailWorker?.stop(), warmed]).finally(() => {
          try {
            lease.release();
          } finally {
            sqlite.close();
            resolve();
          }
        });
      });
      server.closeAllConnections();
    }));
  const setupToken = stores.accounts.hasAdmin() ? null : stores.settings.setupToken();
  return { url, publicUrl, setupUrl: setupToken && `${publicUrl}/setup?token=${setupToken}`, close };
}

interface Started {
  url: string;
  publicUrl: string;
  setupUrl: string | null;
}

function announce(config: Config, started: Started): void {
  console.log(`steun draait op ${started.url}${config.workers > 1 ? ` (${config.workers} processen)` : ''}`);
  if (started.publicUrl !== started.url) console.log(`Publiek adres: ${started.publicUrl}`);
  if (config.production) {
    console.log('Productie: zet een HTTPS-proxy voor steun die X-Forwarded-Proto meestuurt. Verzoeken over gewoon HTTP krijgen een pagina die dat uitlegt.');
  }
  if (!config.smtpUrl) console.log('Geen SMTP_URL: e-mail wordt niet verstuurd maar bewaard; beheerders zien hem op /admin/mail.');
  if (started.setupUrl) console.log(`Nog geen beheerder. Maak de eerste beheerder aan via deze eenmalige link: ${started.setupUrl}`);
}

/**
 * WORKERS > 1: applies the migrations once, then starts that many processes on the same port and
 * starts a new one when one dies. A process that cannot start stops them all (its reason is on stderr).
 */
function runPrimary(config: Config): void {
  try {
    checkDatabasePath(config.databasePath);
    const db = openDatabase(config.databasePath);
    try {
      migrate(db);
    } finally {
      db.close();
    }
  } catch (err) {
    console.error(databaseProblem(err, config.databasePath).message);
    process.exit(1);
  }
  let stopping = false;
  let announced = false;
  cluster.on('message', (_worker, message: { steun?: string } & Started) => {
    if (message?.steun !== 'started' || announced) return;
    announced = true;
    announce(config, message);
  });
  cluster.on('exit', (worker, code, signal) => {
    const left = Object.keys(cluster.workers ?? {}).length;
    if (stopping) {
      if (left === 0) process.exit(0);
      return;
    }
    if (!announced) {
      // Could not start (the reason is on stderr): no point in starting it again.
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      if (left === 0) process.exit(1);
      process.exitCode = 1;
      return;
    }
    console.error(`Een steun-proces (${worker.process.pid}) stopte onverwacht (${signal ?? `code ${code}`}); er start een nieuw.`);
    setTimeout(() => !stopping && cluster.fork(), 1000).unref();
  });
  for (let i = 0; i < config.workers; i++) cluster.fork();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`${signal} ontvangen, steun stopt.`);
      stopping = true;
      const workers = Object.values(cluster.workers ?? {});
      if (workers.length === 0) process.exit(0);
      for (const w of workers) w?.process.kill('SIGTERM');
    });
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    // One line per problem, each naming its variable; no stack trace, no secret.
    console.error(err instanceof ConfigError ? err.message : unexpectedProblem(err, process.env));
    process.exit(1);
  }
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config);
  try {
    const { url, publicUrl, setupUrl, close } = await start(config);
    // In a cluster the first process says it for all.
    if (cluster.isWorker) process.send!({ steun: 'started', url, publicUrl, setupUrl });
    else announce(config, { url, publicUrl, setupUrl });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        if (!cluster.isWorker) console.log(`${signal} ontvangen, steun stopt.`);
        void close().then(() => process.exit(0));
      });
    }
  } catch (err) {
    console.error(err instanceof StartupProblem ? err.message : unexpectedProblem(err, process.env));
    process.exit(1);
  }
}

if (require.main === module) void main();
