// Sign-in and registration throttles: per client (IP) and per account (e-mail). Only failed
// attempts count, so a teacher who signs in correctly is never slowed down.
import type { RequestHandler } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import { HttpError } from './errors';

export interface ThrottleSettings {
  /** Failed attempts per client within the window before 429. */
  perClient: number;
  /** Failed attempts per account within the window before 429. */
  perAccount: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = { perClient: 30, perAccount: 8, windowMs: 15 * 60_000 };

function limiter(limit: number, windowMs: number, key: (req: Parameters<RequestHandler>[0]) => string): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    keyGenerator: key,
    handler: (_req, _res, next) => {
      next(new HttpError(429, 'Te veel mislukte pogingen. Wacht een kwartier en probeer het dan opnieuw.'));
    },
  });
}

function emailKey(req: Parameters<RequestHandler>[0]): string {
  const body = req.body as Record<string, unknown> | undefined;
  const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
  return `account:${email}`;
}

/** Returns the two middlewares for one form (client first, then account). */
export function throttle(settings: ThrottleSettings): RequestHandler[] {
  return [
    limiter(settings.perClient, settings.windowMs, (req) => `client:${ipKeyGenerator(req.ip ?? 'unknown')}`),
    limiter(settings.perAccount, settings.windowMs, emailKey),
  ];
}
