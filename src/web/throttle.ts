// Sign-in and registration throttles: per client (IP) and per account (e-mail). Only failed
// attempts count, so a teacher who signs in correctly is never slowed down. The counts are kept in
// the database (src/db/shared-counts.ts): with several processes a guesser gets no more tries than
// with one. A browser that signed
// in to the account before (its device cookie) has a budget of its own: wrong passwords from
// elsewhere lock out strangers, not the owner (OWASP, "Slow down online guessing attacks with
// device cookies").
import type { Request, Response, RequestHandler } from 'express';
import { rateLimit, ipKeyGenerator, type Options, type Store, type ClientRateLimitInfo } from 'express-rate-limit';
import { HttpError } from './errors';
import type { Stores } from '../db';
import type { SharedCounts } from '../db/shared-counts';

export interface ThrottleSettings {
  /** Failed attempts per client within the window before 429. */
  perClient: number;
  /** Failed attempts per account within the window before 429. */
  perAccount: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = { perClient: 30, perAccount: 8, windowMs: 15 * 60_000 };

export const DEVICE_COOKIE = 'steun.device';

/** express-rate-limit's counts in the database, under one limiter's own scope (limiters never share keys). */
class SharedStore implements Store {
  private windowMs = 60_000;

  constructor(
    private readonly counts: SharedCounts,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  get(key: string): ClientRateLimitInfo | undefined {
    const known = this.counts.hits(`${this.prefix}|${key}`);
    return known && { totalHits: known.hits, resetTime: new Date(known.resetAt) };
  }

  increment(key: string): ClientRateLimitInfo {
    const { hits, resetAt } = this.counts.hit(`${this.prefix}|${key}`, this.windowMs);
    return { totalHits: hits, resetTime: new Date(resetAt) };
  }

  decrement(key: string): void {
    this.counts.undo(`${this.prefix}|${key}`);
  }

  resetKey(key: string): void {
    this.counts.forget(`${this.prefix}|${key}`);
  }
}

/**
 * At most `limit` requests per key in the window, then 429 with `message`. By default only failed
 * requests count (sign-in, registration: an answer of 400 or more); `failed` says which do instead;
 * a form whose answer is always the same counts them all. `onLimit` runs before the 429 (ending a
 * session that guesses). `scope` names this limiter among all (its counts are its own).
 */
export function limiter(
  counts: SharedCounts,
  scope: string,
  limit: number,
  windowMs: number,
  key: (req: Request) => string,
  options: { message?: string; countAll?: boolean; failed?: (req: Request, res: Response) => boolean; onLimit?: (req: Request, res: Response) => Promise<void> } = {},
): RequestHandler {
  const message = options.message ?? 'Te veel mislukte pogingen. Wacht een kwartier en probeer het dan opnieuw.';
  const failed = options.failed;
  return rateLimit({
    windowMs,
    limit,
    store: new SharedStore(counts, scope),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: !options.countAll,
    ...(failed ? { requestWasSuccessful: (req: Request, res: Response) => !failed(req, res) } : {}),
    keyGenerator: key,
    handler: (req, res, next) => {
      const refuse = () => next(new HttpError(429, message));
      if (options.onLimit) options.onLimit(req, res).then(refuse, next);
      else refuse();
    },
  });
}

/**
 * The device cookie's token, read without a cookie parser (only this one cookie is needed here).
 * Browsers that signed in before it was sent everywhere (path '/') may still send an older copy
 * scoped to /login; the first well-formed one counts.
 */
export function deviceToken(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === DEVICE_COOKIE) {
      const token = value.join('=');
      return /^[\w-]{20,64}$/.test(token) ? token : undefined;
    }
  }
  return undefined;
}

/**
 * The request's device token when the browser signed in to the account with this address before
 * (its device cookie), else null.
 */
export function knownDeviceOf(stores: Pick<Stores, 'devices' | 'accounts'>): (req: Request, email: string) => string | null {
  return (req, email) => {
    const token = deviceToken(req);
    if (!token || !email) return null;
    const owner = stores.devices.ownerOf(token);
    return owner !== undefined && owner === stores.accounts.userByEmailWithHash(email)?.id ? token : null;
  };
}

/** The e-mail of the form, from the body only: a query string never names the account. */
export function bodyEmail(req: Request): string {
  const body = req.body as Record<string, unknown> | undefined;
  return typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
}

/**
 * Returns the two middlewares for one form (client first, then account); `form` names it (its
 * counts are its own). `knownDevice` says whether the request's device cookie belongs to the account
 * of that e-mail address.
 */
export function throttle(settings: ThrottleSettings, counts: SharedCounts, form: string, knownDevice: (req: Request, email: string) => string | null = () => null): RequestHandler[] {
  // A known device has buckets of its own in both limits: a school behind one address, locked out by
  // wrong passwords from anyone there, still lets in the browsers its teachers signed in with before.
  const device = (req: Request) => knownDevice(req, bodyEmail(req));
  return [
    limiter(counts, `${form}-client`, settings.perClient, settings.windowMs, (req) => {
      const known = device(req);
      return known ? `client-device:${known}` : `client:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    }),
    limiter(counts, `${form}-account`, settings.perAccount, settings.windowMs, (req) => {
      const email = bodyEmail(req);
      const known = device(req);
      return known ? `account:${email}:device:${known}` : `account:${email}`;
    }),
  ];
}
