// Protection against cross-site requests: csrf-sync's synchroniser token, kept in the session, with
// the token masked afresh for every page that carries it. Pages are compressed and some reflect what
// the visitor sent (/register?code=, /reports?q=) beside the token: an unchanging secret there is
// what BREACH recovers from the compressed length. csrf-sync has no masking option (its options are
// where the token is read from and kept), so the page gets pad + (token XOR pad) and the check
// unmasks what comes back before csrf-sync compares it with the session's token.
import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';

/** a XOR b, byte by byte, into a new buffer (a Buffer's own map builds its result the slow way: a few µs a page). */
function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.allocUnsafe(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

// Pads are cut from a block of random bytes drawn at once (every page masks its token), each byte
// used once: a new block is drawn when the last is used up, and earlier pads keep their own bytes.
const BLOCK = 4096;
let block = Buffer.alloc(0);
let drawn = 0;
function randomPad(length: number): Buffer {
  if (drawn + length > block.length) {
    block = crypto.randomBytes(Math.max(BLOCK, length));
    drawn = 0;
  }
  const pad = block.subarray(drawn, drawn + length);
  drawn += length;
  return pad;
}

/** The session's token (hex) as a one-off `pad.masked` string, different at every call. */
export function maskToken(token: string): string {
  const secret = Buffer.from(token, 'hex');
  const pad = randomPad(secret.length);
  return `${pad.toString('base64url')}.${xor(secret, pad).toString('base64url')}`;
}

/** The session's token back from a masked one; undefined for anything that is not one. */
export function unmaskToken(sent: unknown): string | undefined {
  if (typeof sent !== 'string' || sent.length > 1000) return undefined;
  const parts = sent.split('.');
  if (parts.length !== 2) return undefined;
  const [pad, masked] = parts.map((p) => Buffer.from(p!, 'base64url'));
  if (!pad || !masked || pad.length === 0 || pad.length !== masked.length) return undefined;
  return xor(masked, pad).toString('hex');
}

export function csrfProtection(): { protect: RequestHandler; token: (req: Request) => string } {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    // 32 random bytes; a session that has a longer token from before keeps it.
    size: 32,
    getTokenFromRequest: (req) => {
      const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
      return unmaskToken(typeof fromBody === 'string' ? fromBody : req.headers['x-csrf-token']);
    },
  });
  // One mask per response: each page still carries its own (what BREACH needs), and a page with
  // several forms masks once instead of once per form.
  const masked = new WeakMap<Request, { raw: string; token: string }>();
  return {
    protect: csrfSynchronisedProtection,
    token: (req) => {
      const raw = generateToken(req);
      let known = masked.get(req);
      // A new session in the same request (a sign-in) has a new token: masked anew.
      if (known?.raw !== raw) masked.set(req, (known = { raw, token: maskToken(raw) }));
      return known.token;
    },
  };
}
