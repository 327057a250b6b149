// What the routes need to write a mail: the public address and the platform's name.
import type { Request } from 'express';
import type { MailContext } from '../mail/compose';

export const PLATFORM = 'steun';

/** BASE_URL, or (in development, where it is optional) the address this request came to. */
export function publicBase(req: Request, baseUrl: string | undefined): string {
  return baseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

export function mailContext(req: Request, baseUrl: string | undefined, to: string, name?: string | null): MailContext {
  return { platform: PLATFORM, baseUrl: publicBase(req, baseUrl), to, name: name ?? null };
}
