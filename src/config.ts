// Environment -> typed, validated Config, in one place. A bad value stops start-up with a
// message that names the variable.
import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z.enum(['0', '1', 'true', 'false', 'yes', 'no']).transform((v) => v === '1' || v === 'true' || v === 'yes');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/steun.db'),
  CONTENT_DIR: z.string().min(1).default('./content'),
  SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  WATCH_CONTENT: booleanFlag.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  BASE_URL: z.url().optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must look like smtp://user:pass@host:587 or smtps://...').optional(),
  MAIL_FROM: z.string().min(3).max(200).optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(300).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  OIDC_LABEL: z.string().min(1).max(80).optional(),
  OIDC_TRUST_EMAIL: booleanFlag.optional(),
});

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
  /** Signing in with the school's OpenID provider; undefined when not configured. */
  oidc: OidcConfig | undefined;
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

/** Reads the environment (already merged with `.env` by the caller). Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `${name}: ${issue.message} (got ${JSON.stringify(present[name] ?? '')})`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  // Links in mail and on certificates must point to the public address, not to the process.
  if (production && !e.BASE_URL) problems.push('BASE_URL: required when NODE_ENV=production (the public https address, used in links)');
  // Mailed one-time links and the certificate's QR code would travel over plain HTTP.
  if (production && e.BASE_URL && !securePublicAddress(e.BASE_URL)) problems.push(`BASE_URL: moet in productie een https-adres zijn (http alleen op dit apparaat: localhost, 127.0.0.1, ::1), niet ${JSON.stringify(e.BASE_URL)}`);
  const oidcSet = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter((v) => v !== undefined).length;
  if (oidcSet > 0 && oidcSet < 3) problems.push('OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: set all three, or none');
  if (production && e.OIDC_ISSUER?.startsWith('http:')) problems.push('OIDC_ISSUER: must be an https address in production');
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
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
  };
}
