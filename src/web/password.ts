// Forgotten password: a one-time link by mail, valid for an hour. The answer is the same whether
// or not the address has an account, and requests are throttled per address and per client.
import { Router, type Request, type Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { limiter, knownDeviceOf } from './throttle';
import type { SharedCounts } from '../db/shared-counts';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Stores } from '../db';
import { passwordResetMail } from '../mail/compose';
import { withBody, type FieldErrors } from './validate';
import { mailContext, publicBase } from './mail-context';

export interface ForgotThrottle {
  /** Requests per address from one client within the window. */
  perAddress: number;
  /**
   * Requests per address from all clients together: bounds what reaches one mailbox, while a
   * stranger who used up their own budget for an address does not use up the owner's.
   */
  perAddressAll: number;
  /** Requests per client within the window. */
  perClient: number;
  windowMs: number;
}

export const DEFAULT_FORGOT_THROTTLE: ForgotThrottle = { perAddress: 3, perAddressAll: 10, perClient: 20, windowMs: 60 * 60_000 };

/** One hour, in days (the unit of the token store). */
const ONE_HOUR = 1 / 24;

const forgotForm = z.object({
  email: z.string({ error: 'Vul je e-mailadres in.' }).trim().toLowerCase().pipe(z.email('Dit is geen geldig e-mailadres.').max(254, 'Dit is geen geldig e-mailadres.')),
});

const TOO_MANY = 'Je hebt al een paar keer een nieuw wachtwoord aangevraagd. Kijk in je mailbox (ook bij spam), of probeer het over een uur opnieuw.';

/**
 * Limits for a form that mails the address it is given, counting every request (its answer
 * is always the same): per client first, then per address from that client, then per address
 * from everywhere (a higher bound, so a stranger cannot use up the owner's requests). A browser
 * that signed in to the address's account before (`knownDevice`, its device cookie) has a bucket
 * of its own instead of the address-wide one: strangers from many clients cannot lock out the owner.
 */
export function mailingThrottle(t: ForgotThrottle, counts: SharedCounts, name: string, knownDevice?: (req: Request, email: string) => string | null): RequestHandler[] {
  const mailLimiter = (scope: string, limit: number, key: (req: Request) => string) => limiter(counts, `${name}-${scope}`, limit, t.windowMs, key, { message: TOO_MANY, countAll: true });
  const client = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');
  const address = (req: Request) => {
    const email = (req.body as { email?: unknown } | undefined)?.email;
    return typeof email === 'string' ? email.trim().toLowerCase() : '';
  };
  const everyone = mailLimiter('address-all', t.perAddressAll, (req) => `${name}-address-all:${address(req)}`);
  const ownerDevice = mailLimiter('address-device', t.perAddress, (req) => `${name}-address-device:${knownDevice?.(req, address(req))}`);
  return [
    mailLimiter('client', t.perClient, (req) => `${name}-client:${client(req)}`),
    mailLimiter('address', t.perAddress, (req) => `${name}-address:${address(req)}|${client(req)}`),
    (req, res, next) => {
      const device = knownDevice?.(req, address(req));
      return device ? ownerDevice(req, res, next) : everyone(req, res, next);
    },
  ];
}

export function passwordRouter(deps: { stores: Stores; baseUrl: string | undefined; throttle?: ForgotThrottle }): Router {
  const { stores } = deps;
  const router = Router();

  const render = (_req: Request, res: Response, errors: FieldErrors = {}, values: Record<string, unknown> = {}, sent = false) =>
    res.render('auth/forgot', { title: 'Wachtwoord vergeten', errors, values, sent, byMail: stores.outbox.sending });

  router.get('/password/forgot', (req, res) => render(req, res));
  router.post(
    '/password/forgot',
    ...mailingThrottle(deps.throttle ?? DEFAULT_FORGOT_THROTTLE, stores.counts, 'forgot', knownDeviceOf(stores)),
    withBody(
      forgotForm,
      (req, res, input) => {
        const user = stores.accounts.userByEmailWithHash(input.email);
        // Deactivated accounts get nothing: their coordinator decides whether they come back.
        if (user && user.active) {
          stores.transaction(() => {
            // Earlier links stay valid until they expire or one is used: a request by somebody
            // else must not void the owner's link, nor a pending invitation.
            const token = stores.accounts.createPasswordToken(user.id, ONE_HOUR, { keepEarlier: true });
            // Sent, it reaches the mailbox only; kept for /admin/mail, an administrator reads it too.
            if (stores.outbox.sending) stores.proofs.sentOnlyByMail(token);
            const link = `${publicBase(req, deps.baseUrl)}/password/${token}`;
            stores.outbox.enqueue(passwordResetMail({ ...mailContext(req, deps.baseUrl, user.email, user.name), link }), { userId: user.id });
          });
        }
        render(req, res, {}, { email: input.email }, true);
      },
      (req, res, errors) => render(req, res, errors, req.body ?? {}),
    ),
  );
  return router;
}
