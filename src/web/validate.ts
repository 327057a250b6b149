// Input validation at the edge: a zod schema per form; a failure becomes a 400 that says what was wrong.
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { z } from 'zod';
import { HttpError } from './errors';

export type FieldErrors = Record<string, string>;

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_');
    out[key] ??= issue.message;
  }
  return out;
}

type Handler<T> = (req: Request, res: Response, input: T, next: NextFunction) => unknown;

/**
 * Parses req.body with the schema and hands the typed input to the handler. On failure,
 * `onInvalid` re-renders the form (status 400 is already set), or a plain 400 error is raised.
 */
export function withBody<S extends z.ZodType>(
  schema: S,
  handler: Handler<z.output<S>>,
  onInvalid?: (req: Request, res: Response, errors: FieldErrors) => unknown,
): RequestHandler {
  return async (req, res, next) => {
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      if (onInvalid) {
        res.status(400);
        return onInvalid(req, res, errors);
      }
      return next(new HttpError(400, Object.values(errors).join(' '), { fields: Object.keys(errors) }));
    }
    return handler(req, res, parsed.data, next);
  };
}
