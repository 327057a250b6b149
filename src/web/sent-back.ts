// What a teacher typed into a form that could not be saved (the session had ended, or the page was
// too old for its token): shown back on the error page so it is never lost without JavaScript,
// with the page the form came from, to open again after signing in.

/** Fields that are never text a teacher wrote, or must never be shown back (passwords). */
const NOT_SHOWN = new Set(['_csrf', 'page', 'go', 'finish', 'next', 'password', 'current', 'email', 'bevestigd', 'decision']);
/** Only the learning forms: a reflection, an exercise, a questionnaire, a quiz. */
const TEACHER_FORMS = /^\/(course|study)\//;

export interface SentText {
  label: string;
  text: string;
}

/** The texts a form post carried (not choices or numbers, which are no text and lose little). */
export function textsSent(path: string, body: unknown): SentText[] {
  if (!TEACHER_FORMS.test(path) || typeof body !== 'object' || body === null) return [];
  const texts: string[] = [];
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (NOT_SHOWN.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string' && v.trim() !== '' && /\D/.test(v.trim())) texts.push(v);
    }
  }
  return texts.map((text, i) => ({ label: texts.length === 1 ? 'Je tekst' : `Je tekst (${i + 1})`, text }));
}

/** Forms whose script keeps what is typed on the device until it is saved (autosave.js, drafts.js, study-autosave.js). */
export function keptOnDevice(path: string): boolean {
  return /^\/course\/[^/]+\/[^/]+\/(reflection|exercise)\/[^/]+$/.test(path) || /^\/study\/[^/]+\/[^/]+(?:\/\d+)?$/.test(path);
}

/** The page a form was on, from the address it was sent to: where signing in again leads back. */
export function pageOfForm(path: string, body: unknown): string {
  const lesson = /^\/course\/([^/]+)\/([^/]+)\/(reflection|exercise|done|video)(?:\/([^/]+))?$/.exec(path);
  if (lesson) {
    const [, module, slug, kind, id] = lesson;
    const anchor = kind === 'reflection' ? `reflectie-${id}` : kind === 'exercise' ? `oefening-${id}` : 'afronden';
    return `/course/${module}/${slug}#${anchor}`;
  }
  if (/^\/course\/[^/]+\/quiz$/.test(path)) return path;
  if (/^\/study\/[^/]+\/[^/]+(?:\/\d+)?$/.test(path)) {
    const page = (body as { page?: unknown } | null)?.page;
    return typeof page === 'string' && /^\d{1,3}$/.test(page) ? `${path}?page=${page}` : path;
  }
  if (/^\/(login|register|password\/[^/]+)$/.test(path)) return path;
  const area = /^\/(study|me|school|admin|reports|research)(\/|$)/.exec(path);
  return area ? `/${area[1]}` : '/';
}
