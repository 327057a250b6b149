// Process entry: config -> database -> course -> app -> listen; clean shutdown on signals.
import { systemClock } from './clock';
import 'dotenv/config';
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
import { smtpTransport, startMailWorker } from './mail/worker';
import { startSchedules } from './mail/schedules';
import { runHousekeeping } from './mail/housekeeping';

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
  const mailWorker = config.smtpUrl
    ? startMailWorker(stores.outbox, smtpTransport(config.smtpUrl, config.mailFrom, new URL(publicUrl).hostname, { rejectUnauthorized: config.smtpTls.rejectUnauthorized, ca: smtpCa }), logger)
    : undefined;
  const housekeeping = { stores, logger, baseUrl: publicUrl, platform: 'steun', auditKeepDays: config.auditKeepDays, inactiveErase: config.inactiveErase };
  const stopSchedules = startSchedules({ stores, course, logger, baseUrl: publicUrl, platform: 'steun', now: systemClock, housekeeping: (now) => runHousekeeping(housekeeping, now) });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      watcher?.close();
      server.close(() => {
        // A schedule's run under way finishes its turn before the database closes.
        void Promise.all([stopSchedules(), mailWorker?.stop()]).finally(() => {
          sqlite.close();
          resolve();
        });
      });
      server.closeAllConnections();
    }));
  const setupToken = stores.accounts.hasAdmin() ? null : stores.settings.setupToken();
  return { url, publicUrl, setupUrl: setupToken && `${publicUrl}/setup?token=${setupToken}`, close };
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
  try {
    const { url, publicUrl, setupUrl, close } = await start(config);
    console.log(`steun draait op ${url}`);
    if (publicUrl !== url) console.log(`Publiek adres: ${publicUrl}`);
    if (config.production) {
      console.log('Productie: zet een HTTPS-proxy voor steun die X-Forwarded-Proto meestuurt. Verzoeken over gewoon HTTP krijgen een pagina die dat uitlegt.');
    }
    if (!config.smtpUrl) console.log('Geen SMTP_URL: e-mail wordt niet verstuurd maar bewaard; beheerders zien hem op /admin/mail.');
    if (setupUrl) console.log(`Nog geen beheerder. Maak de eerste beheerder aan via deze eenmalige link: ${setupUrl}`);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.log(`${signal} ontvangen, steun stopt.`);
        void close().then(() => process.exit(0));
      });
    }
  } catch (err) {
    console.error(err instanceof StartupProblem ? err.message : unexpectedProblem(err, process.env));
    process.exit(1);
  }
}

if (require.main === module) void main();
