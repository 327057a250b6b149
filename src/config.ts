// Environment -> typed, validated Config, in one place. A bad value stops start-up with one Dutch
// line per problem that names the variable and what is wrong with the value; secrets (passwords,
// tokens) are never repeated in it.
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z.enum(['0', '1', 'true', 'false', 'yes', 'no']).transform((v) => v === '1' || v === 'true' || v === 'yes');
const days = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/steun.db'),
  CONTENT_DIR: z.string().min(1).default('./content'),
  SESSION_SECRET: z.string().min(16).optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  WATCH_CONTENT: booleanFlag.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  BASE_URL: z.url().optional(),
  SMTP_URL: z.string().optional(),
  SMTP_TLS_REJECT_UNAUTHORIZED: booleanFlag.optional(),
  SMTP_CA_FILE: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).max(200).optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(300).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  OIDC_LABEL: z.string().min(1).max(80).optional(),
  OIDC_TRUST_EMAIL: booleanFlag.optional(),
  METRICS_TOKEN: z.string().min(16).max(500).optional(),
  READY_MIN_FREE_MB: z.coerce.number().int().min(0).max(100_000_000).default(100),
  READY_MAIL_MAX_AGE_MINUTES: z.coerce.number().int().min(1).max(100_000).default(60),
  AUDIT_KEEP_DAYS: days(1, 36_500).default(365),
  INACTIVE_ERASE_DAYS: days(30, 36_500).optional(),
  INACTIVE_NOTICE_DAYS: days(1, 365).default(30),
  PRIVACY_CONTROLLER: z.string().min(1).max(200).optional(),
  PRIVACY_CONTACT: z.string().min(1).max(200).optional(),
  WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(256)]).default(1),
});

type Variable = keyof z.input<typeof schema>;

const SWITCH = '1 of 0 (ook true/false, yes/no)';
/** What a good value looks like, per variable, for the one line that says a value is wrong. */
const EXPECTED: Record<Variable, string> = {
  PORT: 'een poortnummer van 0 tot 65535 (0: een vrije poort)',
  HOST: 'een IP-adres of hostnaam van deze machine, zoals 127.0.0.1 of 0.0.0.0',
  DATABASE_PATH: 'het pad naar het databasebestand',
  CONTENT_DIR: 'het pad naar de cursusmap',
  SESSION_SECRET: 'minstens 16 tekens',
  NODE_ENV: 'development, production of test',
  WATCH_CONTENT: SWITCH,
  LOG_LEVEL: 'fatal, error, warn, info, debug, trace of silent',
  BASE_URL: 'een volledig adres zoals https://steun.school.nl',
  SMTP_URL: 'een adres zoals smtp://gebruiker:wachtwoord@smtp.school.nl:587 of smtps://...:465',
  SMTP_TLS_REJECT_UNAUTHORIZED: SWITCH,
  SMTP_CA_FILE: 'het pad naar een PEM-bestand met het certificaat van de mailserver of zijn CA',
  MAIL_FROM: 'een afzender zoals Steun <steun@school.nl> (3 tot 200 tekens)',
  OIDC_ISSUER: 'het adres (URL) van de OpenID-aanbieder',
  OIDC_CLIENT_ID: '1 tot 300 tekens',
  OIDC_CLIENT_SECRET: '1 tot 500 tekens',
  OIDC_LABEL: '1 tot 80 tekens',
  OIDC_TRUST_EMAIL: SWITCH,
  METRICS_TOKEN: '16 tot 500 tekens',
  READY_MIN_FREE_MB: 'een aantal megabytes (0 of meer)',
  READY_MAIL_MAX_AGE_MINUTES: 'een aantal minuten (1 of meer)',
  AUDIT_KEEP_DAYS: 'een aantal dagen van 1 tot 36500',
  INACTIVE_ERASE_DAYS: 'een aantal dagen van 30 tot 36500, of leeg (niet wissen)',
  INACTIVE_NOTICE_DAYS: 'een aantal dagen van 1 tot 365',
  PRIVACY_CONTROLLER: '1 tot 200 tekens',
  PRIVACY_CONTACT: '1 tot 200 tekens',
  WORKERS: 'een aantal processen van 1 tot 256, of auto (één per processorkern)',
};

/** Variables whose value is never printed. */
const SECRET: ReadonlySet<string> = new Set(['SESSION_SECRET', 'OIDC_CLIENT_SECRET', 'METRICS_TOKEN']);

/** An SMTP address as it may be shown: with the password (and a user name) blotted out. */
export function maskSmtpUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i, (_m, scheme: string, userinfo: string) => `${scheme}${userinfo.includes(':') ? `${userinfo.split(':')[0]}:***` : userinfo}@`);
}

function shown(name: string, value: string | undefined): string {
  if (value === undefined) return '(leeg)';
  if (SECRET.has(name)) return '(verborgen)';
  return JSON.stringify(name === 'SMTP_URL' ? maskSmtpUrl(value) : value);
}

const badValue = (name: Variable, value: string | undefined) => `${name}: ${shown(name, value)} is geen geldige waarde; verwacht ${EXPECTED[name]}.`;

/** A problem with the host to listen on, or null: an IP address, or a host name whose last part is not a number. */
function hostProblem(host: string): string | null {
  if (net.isIP(host) !== 0) return null;
  if (/^[\d.]+$/.test(host)) return `HOST: ${JSON.stringify(host)} is geen geldig IP-adres (vier getallen van 0 tot 255, zoals 127.0.0.1).`;
  const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
  const labels = host.split('.');
  if (host.length > 253 || !labels.every((l) => label.test(l)) || /^\d+$/.test(labels.at(-1)!)) return badValue('HOST', host);
  return null;
}

/** A problem with SMTP_URL, or null. Never repeats the password. */
function smtpProblem(value: string): string | null {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme !== 'smtp' && scheme !== 'smtps') return `SMTP_URL: ${shown('SMTP_URL', value)} begint niet met smtp:// of smtps://; verwacht ${EXPECTED.SMTP_URL}.`;
  let host = '';
  try {
    host = new URL(value).hostname;
  } catch {
    // An empty host is the likely cause (smtp://user:pass@); anything else says the same.
  }
  if (!host) return `SMTP_URL: ${shown('SMTP_URL', value)} noemt geen mailserver (host); verwacht ${EXPECTED.SMTP_URL}.`;
  return null;
}

/** The address in a sender like `Naam <a@b.nl>` or `a@b.nl`, or undefined when there is none. */
export function senderAddress(from: string): string | undefined {
  const m = /^\s*(?:[^<>]*<\s*([^<>\s@]+@[^<>\s@]+)\s*>|([^<>\s@"]+@[^<>\s@"]+))\s*$/.exec(from);
  return m?.[1] ?? m?.[2];
}

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  contentDir: string;
  /** Undefined: generated once and kept in the database. */
  sessionSecret: string | undefined;
  production: boolean;
  nodeEnv: 'development' | 'production' | 'test';
  watchContent: boolean;
  logLevel: string;
  /** Public address used in printed links; defaults to http://HOST:PORT. */
  baseUrl: string | undefined;
  /** Unset: mail is kept in the outbox and shown at /admin/mail instead of sent. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** TLS towards the mail server: a relay with a self-signed certificate needs its CA or `rejectUnauthorized: false`. */
  smtpTls: { rejectUnauthorized: boolean; caFile: string | undefined };
  /** Signing in with the school's OpenID provider; undefined when not configured. */
  oidc: OidcConfig | undefined;
  /** Unset: /metrics answers only on loopback. */
  metricsToken: string | undefined;
  /** /readyz answers 503 below this much free disk space or above this age of the oldest unsent mail. */
  ready: { minFreeBytes: number; mailMaxAgeMs: number };
  /** How long the administrators' audit log keeps an entry. */
  auditKeepDays: number;
  /** Teachers inactive this long get a notice, and are erased `noticeDays` later; undefined: never. */
  inactiveErase: { afterDays: number; noticeDays: number } | undefined;
  /** Shown on /privacy. */
  privacy: { controller: string | undefined; contact: string | undefined };
  /** Processes that serve requests (Node's cluster module); 'auto' is resolved to the number of cores. */
  workers: number;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  label: string;
  /**
   * Treat every e-mail address the provider sends as verified, for providers that manage the
   * addresses themselves but send no email_verified claim (Entree, SURFconext).
   */
  trustEmail: boolean;
}

export class ConfigError extends Error {}

/** https, or http to this machine only (a test or a tunnel): what BASE_URL may be in production. */
function securePublicAddress(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return true;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return parsed.protocol === 'http:' && (host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host));
}

/** Reads the environment (already merged with `.env` by the caller). Throws ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0]) as Variable))];
    throw new ConfigError(names.map((name) => badValue(name, present[name])).join('\n'));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  const host = hostProblem(e.HOST);
  if (host) problems.push(host);
  const smtp = e.SMTP_URL === undefined ? null : smtpProblem(e.SMTP_URL);
  if (smtp) problems.push(smtp);
  if (e.MAIL_FROM !== undefined && !senderAddress(e.MAIL_FROM)) problems.push(`MAIL_FROM: ${shown('MAIL_FROM', e.MAIL_FROM)} bevat geen e-mailadres; verwacht ${EXPECTED.MAIL_FROM}.`);
  // Links in mail and on certificates must point to the public address, not to the process.
  if (production && !e.BASE_URL) problems.push('BASE_URL: ontbreekt; met NODE_ENV=production is het publieke https-adres nodig (voor de links die steun uitdeelt).');
  // Mailed one-time links and the certificate's QR code would travel over plain HTTP.
  if (production && e.BASE_URL && !securePublicAddress(e.BASE_URL)) problems.push(`BASE_URL: moet in productie een https-adres zijn (http alleen op dit apparaat: localhost, 127.0.0.1, ::1), niet ${JSON.stringify(e.BASE_URL)}`);
  const oidcSet = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter((v) => v !== undefined).length;
  if (oidcSet > 0 && oidcSet < 3) problems.push('OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: zet ze alle drie, of geen ervan.');
  if (production && e.OIDC_ISSUER?.startsWith('http:')) problems.push(`OIDC_ISSUER: ${shown('OIDC_ISSUER', e.OIDC_ISSUER)} moet in productie een https-adres zijn.`);
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  const baseUrl = e.BASE_URL?.replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: path.resolve(cwd, e.DATABASE_PATH),
    contentDir: path.resolve(cwd, e.CONTENT_DIR),
    sessionSecret: e.SESSION_SECRET,
    production,
    nodeEnv: e.NODE_ENV,
    watchContent: e.WATCH_CONTENT ?? e.NODE_ENV === 'development',
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    baseUrl,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `steun <noreply@${baseUrl ? new URL(baseUrl).hostname : 'localhost'}>`,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, label: e.OIDC_LABEL ?? 'Inloggen met je schoolaccount', trustEmail: e.OIDC_TRUST_EMAIL ?? false }
        : undefined,
    smtpTls: { rejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED ?? true, caFile: e.SMTP_CA_FILE && path.resolve(cwd, e.SMTP_CA_FILE) },
    metricsToken: e.METRICS_TOKEN,
    ready: { minFreeBytes: e.READY_MIN_FREE_MB * 1024 * 1024, mailMaxAgeMs: e.READY_MAIL_MAX_AGE_MINUTES * 60_000 },
    auditKeepDays: e.AUDIT_KEEP_DAYS,
    inactiveErase: e.INACTIVE_ERASE_DAYS === undefined ? undefined : { afterDays: e.INACTIVE_ERASE_DAYS, noticeDays: e.INACTIVE_NOTICE_DAYS },
    privacy: { controller: e.PRIVACY_CONTROLLER, contact: e.PRIVACY_CONTACT },
    workers: e.WORKERS === 'auto' ? os.availableParallelism() : e.WORKERS,
  };
}
