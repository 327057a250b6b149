// What can stop start-up besides a malformed variable (config.ts): a database path steun cannot
// write, a course folder that is missing, an unreadable CA file, a port in use or an address that
// is not this machine's. Each becomes one Dutch line that names the variable, never a stack trace.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config';
import { maskSmtpUrl } from './config';
import { DatabaseTooNewError } from './db/migrate';

/** A start-up problem, said in one Dutch line that names the variable. */
export class StartupProblem extends Error {}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EACCES':
      return 'geen rechten voor deze gebruiker';
    case 'EPERM':
      return 'niet toegestaan';
    case 'EROFS':
      return 'het bestandssysteem is alleen-lezen';
    case 'ENOTDIR':
      return 'een deel van het pad is geen map';
    case 'ENOENT':
      return 'bestaat niet';
    case 'ENOSPC':
      return 'de schijf is vol';
    default:
      return code ?? 'onbekende fout';
  }
}

const canWrite = (target: string) => {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Checks that the database can be created and written where DATABASE_PATH says, before SQLite
 * tries (whose errors name neither the variable nor the path). Creates the folder (0700) if needed.
 */
export function checkDatabasePath(file: string): void {
  const dir = path.dirname(file);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isDirectory()) throw new StartupProblem(`DATABASE_PATH: ${file} is een map; geef het pad naar een databasebestand, zoals ${path.join(file, 'steun.db')}.`);
  // Folder by folder from the first one that exists: Node's recursive mkdir never returns for a
  // path under /proc.
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d) && path.dirname(d) !== d; d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) {
    try {
      fs.mkdirSync(d, { mode: 0o700 });
    } catch (err) {
      throw new StartupProblem(`DATABASE_PATH: de map ${d} kan niet worden gemaakt (${reason(err)}).`);
    }
  }
  if (!fs.statSync(dir).isDirectory()) throw new StartupProblem(`DATABASE_PATH: ${dir} is geen map.`);
  if (!canWrite(dir)) throw new StartupProblem(`DATABASE_PATH: steun mag niet schrijven in de map ${dir} (nodig voor de database en haar -wal- en -shm-bestanden).`);
  if (stat && !canWrite(file)) throw new StartupProblem(`DATABASE_PATH: het databasebestand ${file} is alleen-lezen voor deze gebruiker.`);
}

/** An error from opening or migrating the database, as one line. */
export function databaseProblem(err: unknown, file: string): StartupProblem {
  if (err instanceof StartupProblem) return err;
  if (err instanceof DatabaseTooNewError) {
    return new StartupProblem(
      `DATABASE_PATH: de database ${file} heeft schemaversie ${err.current}, maar deze versie van steun kent alleen tot ${err.latest}; start een nieuwere steun, of zet een back-up terug die met deze versie is gemaakt.`,
    );
  }
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_READONLY')) return new StartupProblem(`DATABASE_PATH: de database ${file} (of de map ervan) is alleen-lezen voor deze gebruiker.`);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return new StartupProblem(`DATABASE_PATH: ${file} is geen (gave) steun-database.`);
  if (code === 'SQLITE_FULL') return new StartupProblem(`DATABASE_PATH: de schijf met ${file} is vol.`);
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')) return new StartupProblem(`DATABASE_PATH: de database ${file} kan niet worden geopend (${code}).`);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new StartupProblem(`DATABASE_PATH: de database ${file} is bezet door een ander proces.`);
  return new StartupProblem(`DATABASE_PATH: de database ${file} kan niet worden gebruikt (${code || (err instanceof Error ? err.message : String(err))}).`);
}

/** The course folder must exist before the compiler looks for course.yml in it. */
export function checkContentDir(dir: string): void {
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stat) throw new StartupProblem(`CONTENT_DIR: de cursusmap ${dir} bestaat niet.`);
  if (!stat.isDirectory()) throw new StartupProblem(`CONTENT_DIR: ${dir} is geen map.`);
}

/** The CA certificate(s) to trust for the mail server, read once at start-up. */
export function readSmtpCa(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new StartupProblem(`SMTP_CA_FILE: ${file} kan niet worden gelezen (${reason(err)}).`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new StartupProblem(`SMTP_CA_FILE: ${file} bevat geen certificaat in PEM-vorm (-----BEGIN CERTIFICATE-----).`);
  return pem;
}

/** An error from listening on HOST:PORT, as one line. */
export function listenProblem(err: unknown, config: Pick<Config, 'host' | 'port'>): StartupProblem {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return new StartupProblem(`PORT: poort ${config.port} is al in gebruik; kies een andere PORT (of 0 voor een vrije poort).`);
    case 'EACCES':
      return new StartupProblem(`PORT: poort ${config.port} mag deze gebruiker niet openen (poorten onder 1024 vragen beheerdersrechten); kies bijvoorbeeld 3000 achter een proxy.`);
    case 'EADDRNOTAVAIL':
      return new StartupProblem(`HOST: ${config.host} is geen adres van deze machine; gebruik 127.0.0.1 (achter een proxy) of 0.0.0.0 (alle adressen).`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return new StartupProblem(`HOST: de naam ${config.host} is onbekend; gebruik een IP-adres zoals 127.0.0.1.`);
    default:
      return new StartupProblem(`HOST, PORT: steun kan niet luisteren op ${config.host}:${config.port} (${code ?? (err instanceof Error ? err.message : String(err))}).`);
  }
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Any other error, as one line without the secrets of the configuration. */
export function unexpectedProblem(err: unknown, env: NodeJS.ProcessEnv): string {
  let text = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  if (env.SMTP_URL) {
    text = text.split(env.SMTP_URL).join(maskSmtpUrl(env.SMTP_URL));
    const password = /^[^:]+:\/\/[^:/?#]*:([^/?#]*)@/.exec(env.SMTP_URL)?.[1];
    if (password) for (const form of new Set([password, decodeURIComponentSafe(password)])) text = text.split(form).join('***');
  }
  for (const name of ['SESSION_SECRET', 'OIDC_CLIENT_SECRET', 'METRICS_TOKEN']) {
    const secret = env[name];
    if (secret) text = text.split(secret).join('***');
  }
  return `steun start niet: ${text}`;
}
