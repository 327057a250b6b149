// Structured logs. Nothing secret ever reaches them: cookies, tokens, passwords and bodies are redacted or never logged.
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.text', '*._csrf'],
      censor: '[redacted]',
    },
  });
}
