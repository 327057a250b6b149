// What we keep on the session and on req.user.
import type { User } from '../db/accounts';
import type { Logger } from '../logger';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends AppUser {}
    interface Request {
      /** The application logger (set by the request log middleware). */
      log: Logger;
    }
  }
}

type AppUser = User;

declare module 'express-session' {
  interface SessionData {
    flash?: { kind: 'success' | 'error' | 'info'; text: string }[];
    /** When the session was signed in and when its activity was last written down (ms; src/accounts/session-life.ts). */
    signedInAt?: number;
    activeAt?: number;
  }
}

export {};
