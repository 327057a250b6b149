// Answers to a questionnaire: reading a form into values (or saying what is wrong), what is still
// missing to finish, subscale means with reversed items, and the variables of the data.
import type { Item, Questionnaire } from '../research/model';

export const TEXT_MAX = 2000;
/** Form fields that are not answers. */
const CONTROL_FIELDS = new Set(['_csrf', 'page', 'finish', 'go']);

export interface Answer {
  item: string;
  /** As stored: a whole number for scale, choice and number; JSON [1,3] for multiple; the text as written. */
  value: string;
}

export type ParsedAnswers = { ok: true; answers: Answer[] } | { ok: false; errors: string[] };

function values(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map((v) => (typeof v === 'string' ? v : String(v)));
  if (typeof raw === 'string') return [raw];
  if (typeof raw === 'number') return [String(raw)];
  return ['\u0000'];
}

function wholeNumber(v: string): number | null {
  return /^-?\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : null;
}

/**
 * Reads the answers in a form body. Empty fields give no answer and leave a stored one alone (an
 * older tab cannot wipe what a newer one saved); anything out of range, an unknown option or item
 * makes the whole form invalid.
 */
export function parseAnswers(q: Questionnaire, body: Record<string, unknown>): ParsedAnswers {
  const errors: string[] = [];
  const answers: Answer[] = [];
  for (const [field, raw] of Object.entries(body)) {
    if (CONTROL_FIELDS.has(field)) continue;
    const item = q.items.find((i) => i.id === field);
    if (!item) {
      errors.push(`"${field}" is geen vraag van deze vragenlijst.`);
      continue;
    }
    const given = values(raw);
    if (item.kind === 'multiple') {
      const chosen = given.filter((v) => v.trim() !== '');
      if (chosen.length === 0) continue;
      const numbers = chosen.map(wholeNumber);
      if (numbers.some((n) => n === null || n < 1 || n > item.options.length)) {
        errors.push(`Bij "${item.text}" kun je kiezen uit de opties 1 tot en met ${item.options.length}.`);
        continue;
      }
      answers.push({ item: item.id, value: JSON.stringify([...new Set(numbers as number[])].sort((a, b) => a - b)) });
      continue;
    }
    if (given.length !== 1) {
      errors.push(`Bij "${item.text}" hoort één antwoord.`);
      continue;
    }
    const v = given[0]!;
    if (item.kind === 'text') {
      if (v.length > TEXT_MAX) errors.push(`Je antwoord bij "${item.text}" mag hoogstens ${TEXT_MAX} tekens lang zijn.`);
      else if (v.trim() !== '') answers.push({ item: item.id, value: v.trim() });
      continue;
    }
    if (v.trim() === '') continue;
    const n = wholeNumber(v);
    const [min, max] = item.kind === 'number' ? [item.min!, item.max!] : [1, item.options.length];
    if (n === null || n < min || n > max) {
      errors.push(item.kind === 'number' ? `Bij "${item.text}" hoort een heel getal van ${min} tot en met ${max}.` : `Bij "${item.text}" kun je kiezen uit de antwoorden 1 tot en met ${max}.`);
      continue;
    }
    answers.push({ item: item.id, value: String(n) });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers };
}

/** Required items without an answer, in questionnaire order. */
export function missingItems(q: Questionnaire, stored: ReadonlyMap<string, string>): Item[] {
  return q.items.filter((i) => !i.optional && !stored.has(i.id));
}

/** Value used in a subscale: reversed items count n+1-value. */
export function scoredValue(item: Item, value: number): number {
  return item.reverse ? item.options.length + 1 - value : value;
}

/** Each subscale's mean, only when every item of it is answered (null otherwise). */
export function subscaleMeans(q: Questionnaire, stored: ReadonlyMap<string, string>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const name of q.subscales) {
    const items = q.items.filter((i) => i.subscale === name);
    const scores = items.map((i) => (stored.has(i.id) ? scoredValue(i, Number(stored.get(i.id))) : null));
    out[name] = scores.some((s) => s === null) ? null : (scores as number[]).reduce((a, b) => a + b, 0) / scores.length;
  }
  return out;
}

export interface Variable {
  /** Column name: `relatie.warm`, `keuze.gedaan.2`, `relatie.conflict` (a subscale mean). */
  name: string;
  questionnaire: Questionnaire;
  item: Item | null;
  /** For an option of a multiple item: its number (1..k). */
  option: number | null;
  subscale: string | null;
}

/** The data's variables of one questionnaire, in order: items (one per option of a multiple item), then subscale means. */
export function variables(q: Questionnaire): Variable[] {
  const out: Variable[] = [];
  for (const item of q.items) {
    if (item.kind === 'multiple') item.options.forEach((_, k) => out.push({ name: `${item.variable}.${k + 1}`, questionnaire: q, item, option: k + 1, subscale: null }));
    else out.push({ name: item.variable, questionnaire: q, item, option: null, subscale: null });
  }
  for (const s of q.subscales) out.push({ name: `${q.id}.${s}`, questionnaire: q, item: null, option: null, subscale: s });
  return out;
}

/** A stored answer as the data shows it in one variable (a multiple item's option as 0/1). */
export function variableValue(v: Variable, stored: ReadonlyMap<string, string>): string | number | null {
  if (v.subscale !== null) return subscaleMeans(v.questionnaire, stored)[v.subscale] ?? null;
  const raw = stored.get(v.item!.id);
  if (raw === undefined) return null;
  if (v.option !== null) return (JSON.parse(raw) as number[]).includes(v.option) ? 1 : 0;
  return v.item!.kind === 'text' ? raw : Number(raw);
}
