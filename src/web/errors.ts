// One error class with a Dutch message for the person and context for the log, and one handler that renders it.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { keptOnDevice, pageOfForm, textsSent } from './sent-back';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** Dutch, shown to the user. */
    readonly userMessage: string,
    /** Extra details for the log, never shown. */
    readonly context: Record<string, unknown> = {},
  ) {
    super(userMessage);
  }
}

const TITLES: Record<number, string> = {
  400: 'Er klopt iets niet aan je invoer',
  401: 'Je bent niet ingelogd',
  403: 'Geen toegang',
  404: 'Pagina niet gevonden',
  409: 'Er is intussen iets veranderd',
  413: 'Te veel gegevens',
  415: 'Onbekend formaat',
  429: 'Even geduld',
  500: 'Er ging iets mis',
  503: 'Tijdelijk niet beschikbaar',
};

const ADVICE: Record<number, string> = {
  400: 'Ga terug, pas je invoer aan en probeer het opnieuw.',
  401: 'Log in en probeer het opnieuw.',
  403: 'Denk je dat je hier wel bij zou moeten kunnen? Vraag het je coördinator of beheerder.',
  404: 'Controleer het adres, of ga naar het overzicht.',
  413: 'Maak je tekst korter en probeer het opnieuw.',
  429: 'Wacht een kwartier en probeer het dan opnieuw.',
  500: 'Je gegevens zijn niet verloren. Probeer het over een paar minuten opnieuw; blijft het misgaan, meld het dan bij de beheerder.',
  503: 'Probeer het over een paar minuten opnieuw.',
};

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'Deze pagina bestaat niet (meer).', { path: req.path }));
};

/** The database cannot take writes now (disk full, read-only file, I/O trouble, locked too long). */
export function isStorageUnavailable(err: unknown): boolean {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  return /^SQLITE_(READONLY|FULL|IOERR|BUSY|LOCKED|CANTOPEN|PROTOCOL)/.test(code);
}

/** Body-parser and other library errors carry `status`/`type`; map them to a Dutch message. */
function fromLibraryError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const e = err as { status?: unknown; statusCode?: unknown; type?: unknown; code?: unknown; message?: unknown };
  if (isStorageUnavailable(err)) {
    return new HttpError(503, 'Je wijziging kon nu niet worden opgeslagen: de opslag van de server is vol of alleen-lezen. Wat je typte staat nog op je scherm; probeer het over een paar minuten opnieuw.', { storage: e.code });
  }
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (e.code === 'EBADCSRFTOKEN' || (status === 403 && /csrf/i.test(String(e.message)))) {
    return new HttpError(403, 'Deze pagina was te lang open, of je bent intussen opnieuw ingelogd: dit formulier werkt daarom niet meer. Open de pagina opnieuw en probeer het nog eens.', { csrf: true });
  }
  if (e.type === 'entity.too.large') return new HttpError(413, 'Wat je verstuurde is te groot.');
  if (e.type === 'entity.parse.failed') return new HttpError(400, 'Wat je verstuurde kon niet gelezen worden (ongeldige JSON).');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return new HttpError(415, 'Deze tekenset wordt niet ondersteund; gebruik UTF-8.');
  if (e.type === 'request.aborted') return new HttpError(400, 'Het verzoek werd afgebroken.');
  if (status >= 400 && status < 500) return new HttpError(status, 'Dit verzoek kon niet verwerkt worden.', { message: e.message });
  return new HttpError(500, 'Er ging aan onze kant iets mis.', { cause: err });
}

/** Whether the request wants JSON rather than a page: the API, or a client that asks for JSON only. */
export function wantsJson(req: Parameters<RequestHandler>[0]): boolean {
  return req.path.startsWith('/api/') || (req.accepts(['html', 'json']) === 'json' && !req.accepts('html'));
}

export function errorHandler(options: { production: boolean }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const error = fromLibraryError(err);
    const log = req.log ?? console;
    if (error.status >= 500) log.error({ err, path: req.path, ...error.context }, error.status === 503 ? 'storage unavailable' : 'request failed');
    else log.info({ status: error.status, path: req.path, ...error.context }, error.userMessage);
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error.status === 429) res.setHeader('Retry-After', '900');
    if (error.status === 503) res.setHeader('Retry-After', '120');
    // For /readyz: a save that just failed says more about the database than any probe.
    if (error.context.storage !== undefined) res.locals.storageUnavailable = true;
    res.status(error.status);
    if (wantsJson(req)) {
      res.json({ error: error.userMessage });
      return;
    }
    // The error may have happened before the locals were set (body parsing, CSRF).
    res.locals.currentUser ??= req.user ?? null;
    res.locals.csrfToken ??= () => '';
    // A form sent after the session ended, or from a page too old for its token: what was typed is
    // shown back, and the way to the page it came from (after signing in again) is offered.
    const unsaved = req.method === 'POST' && (error.status === 401 || error.context.csrf === true);
    const page = unsaved ? pageOfForm(req.path, req.body) : null;
    const title = unsaved && error.status === 401 ? 'Je bent niet meer ingelogd' : unsaved ? 'Dit formulier werkt niet meer' : (TITLES[error.status] ?? 'Er ging iets mis');
    res.render(
      'error',
      {
        title,
        status: error.status,
        message: unsaved && error.status === 401 ? 'Wat je net verstuurde, is daarom nog niet opgeslagen.' : error.userMessage,
        advice: unsaved ? '' : (ADVICE[error.status] ?? ''),
        sentTexts: unsaved ? textsSent(req.path, req.body) : [],
        signInHref: unsaved && error.status === 401 ? `/login?next=${encodeURIComponent(page!)}` : null,
        reopenHref: unsaved && error.status === 403 ? page : null,
        keptOnDevice: unsaved && keptOnDevice(req.path),
        stack: !options.production && error.status >= 500 && err instanceof Error ? err.stack : undefined,
      },
      (renderErr: Error | null, html?: string) => {
        if (renderErr) {
          log.error({ err: renderErr }, 'error page failed to render');
          res.type('text/plain; charset=utf-8').send(`${title}\n\n${error.userMessage}\n`);
          return;
        }
        res.send(html);
      },
    );
  };
}
