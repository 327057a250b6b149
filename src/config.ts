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
}

export class ConfigError extends Error {}

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
  // Links in mail and on certificates must not be built from whatever Host header a request brings.
  if (production && !e.BASE_URL) throw new ConfigError('Invalid configuration:\n  BASE_URL: required when NODE_ENV=production (the public https:// address of this site, used in links)');
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
    baseUrl: e.BASE_URL?.replace(/\/$/, ''),
  };
}
