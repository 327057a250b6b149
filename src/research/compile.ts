// The study compiler: `research/study.yml` and its questionnaire files -> one immutable Study, with
// every problem at its file and line. Called by the course compiler when the folder exists.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Problems } from '../course/problems';
import { parseYaml, validateYaml } from '../course/yaml';
import type { Markdown, RenderContext } from '../course/markdown';
import type { Holiday, Study, Wave, WaveOpens } from './model';
import { parseQuestionnaire } from './questionnaire';

export const RESEARCH_DIR = 'research';
const QUESTIONNAIRE_FILE = /^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Messages are Dutch, for authors, in the course compiler's words (src/course/schemas.ts); {key} names the key.
const required = (what: string) => z.string({ error: `{key} is verplicht (${what})` }).trim().min(1, '{key} mag niet leeg zijn');
const wholeFrom = (min: number) => `{key} moet een heel getal zijn, ${min} of meer`;
const days = z.number({ error: wholeFrom(0) }).int(wholeFrom(0)).min(0, wholeFrom(0));
const PUPILS_MAX = '{key} moet een heel getal van 1 tot en met 10 zijn';
const OPENS = '{key} moet start zijn, een datum (2027-03-15) of { after: <id van een eerdere meting of course>, days: N }';
const AFTER = '{key} moet de id van een eerdere meting zijn, of course';

const DAY_KEY = '{key} moet een datum zijn, zoals 2027-07-01';
const day = z.string({ error: DAY_KEY }).regex(DATE, DAY_KEY);
const opensSchema = z.union(
  [
    z.literal('start'),
    z.string().regex(DATE, OPENS),
    z
      .object({ after: z.string({ error: AFTER }).min(1, AFTER), days: days.default(0), notBefore: day.optional(), notAfter: day.optional() }, { error: OPENS })
      .strict(),
  ],
  { error: OPENS },
);
// The AVG (GDPR art. 13) parts that differ per study: without them a teacher cannot know who holds her data.
const avg = (what: string) => z.string({ error: `{key} is verplicht: ${what}` }).trim().min(1, `{key} mag niet leeg zijn: ${what}`);

const studySchema = z.object({
  title: required('de titel van het onderzoek'),
  consent: z.object(
    {
      version: z
        .union([z.string(), z.number()], { error: '{key} is verplicht (een nieuwe versie vraagt iedereen opnieuw om toestemming)' })
        .transform((v) => String(v).trim())
        .pipe(z.string().min(1, '{key} mag niet leeg zijn')),
      text: required('wat het onderzoek wil weten en wat je vraagt'),
      controller: avg('de verwerkingsverantwoordelijke (de organisatie die verantwoordelijk is voor de gegevens)'),
      contact: avg('wie vragen over het onderzoek beantwoordt, met een e-mailadres'),
      dpo: avg('de functionaris gegevensbescherming van die organisatie en hoe je die bereikt'),
      retention: avg('hoe lang de gegevens en de sleutel van code naar persoon bewaard blijven'),
    },
    { error: '{key} is verplicht (version, text, controller, contact, dpo en retention)' },
  ),
  participation: z.enum(['optional', 'required'], { error: '{key} moet optional of required zijn' }).default('optional'),
  pupils: z
    .object(
      {
        min: z.number({ error: wholeFrom(1) }).int(wholeFrom(1)).min(1, wholeFrom(1)).default(1),
        max: z.number({ error: PUPILS_MAX }).int(PUPILS_MAX).min(1, PUPILS_MAX).max(10, PUPILS_MAX),
        label: z.string({ error: '{key} moet tekst zijn' }).trim().min(1, '{key} mag niet leeg zijn').default('leerling'),
      },
      { error: '{key} moet max hebben (en mag min en label hebben)' },
    )
    .optional(),
  waves: z
    .array(
      z.object(
        {
          id: z.string({ error: '{key} is verplicht (kleine letters, cijfers en streepjes, bijvoorbeeld "t0")' }).regex(ID, '{key} mag alleen kleine letters, cijfers en streepjes bevatten (bijvoorbeeld "t0")'),
          title: required('de titel van de meting'),
          questionnaires: z
            .array(z.string({ error: '{key} moet de id van een vragenlijst zijn' }), { error: '{key} is verplicht: een lijst met ids van vragenlijsten' })
            .min(1, '{key} moet minstens één vragenlijst noemen'),
          opens: opensSchema.default('start'),
          closesAfterDays: z.number({ error: wholeFrom(1) }).int(wholeFrom(1)).min(1, wholeFrom(1)).optional(),
          lastDay: day.optional(),
          beforeCourse: z.boolean({ error: '{key} moet true of false zijn' }).default(false),
        },
        { error: '{key} moet een meting zijn (id, title, questionnaires)' },
      ),
      { error: '{key} is verplicht: een lijst met metingen' },
    )
    .min(1, '{key} moet minstens één meting hebben'),
  holidays: z
    .array(
      z.object({ name: required('de naam van de vakantie'), from: day, to: day }, { error: '{key} moet een vakantie zijn (name, from, to)' }).strict(),
      { error: '{key} moet een lijst met vakanties zijn (name, from, to)' },
    )
    .default([]),
});
const STUDY_KEYS = ['title', 'consent', 'participation', 'pupils', 'waves', 'holidays'];
const WAVE_KEYS = ['id', 'title', 'questionnaires', 'opens', 'closesAfterDays', 'lastDay', 'beforeCourse'];
// Pseudonymised data are personal data under the AVG: a consent that calls them anonymous misleads.
const ANONYMOUS = /\banoniem\b|\banonymous\b/i;

/** `2027-02-31` has the shape of a date but is none: the day must survive a round trip. */
function isCalendarDay(day: string): boolean {
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}

function readText(abs: string): string | null {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return null;
  }
}

/** Compiles `<root>/research/` when it exists; null (and nothing reported) when the course has no study. */
export function compileStudy(root: string, problems: Problems, md: Markdown): Study | null {
  const dir = path.join(root, RESEARCH_DIR);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return null;
  const studyFile = `${RESEARCH_DIR}/study.yml`;
  const errorsBefore = problems.sorted().filter((d) => d.severity === 'error').length;
  // Links in a questionnaire may only point outside the course: the study is not a lesson.
  const context = (file: string): RenderContext => ({
    report: (line, message) => problems.error(file, line, message),
    resolve: (href) => ({ ok: false, message: `link "${href}" in het onderzoek moet een volledig adres zijn (https://...)` }),
  });

  const questionnaires = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (name === 'study.yml' || name.startsWith('.')) continue;
    const rel = `${RESEARCH_DIR}/${name}`;
    const match = QUESTIONNAIRE_FILE.exec(name);
    if (!match) {
      problems.warning(rel, 1, 'genegeerd: een vragenlijstbestand moet NN-slug.md heten (bijvoorbeeld 02-relatie.md)');
      continue;
    }
    const q = parseQuestionnaire({ file: rel, id: match[2]!, source: readText(path.join(dir, name)) ?? '' }, md, context(rel), problems);
    if (q) questionnaires.push(q);
  }
  const seenQ = new Map<string, string>();
  for (const q of questionnaires) {
    const other = seenQ.get(q.id);
    if (other) problems.error(q.file, 1, `vragenlijst-id "${q.id}" wordt ook gebruikt door ${other}; elke vragenlijst heeft een eigen id nodig`);
    seenQ.set(q.id, q.file);
  }

  const text = readText(path.join(dir, 'study.yml'));
  if (text === null) {
    problems.error(studyFile, 1, 'study.yml niet gevonden: een map research/ heeft er een nodig (title, consent, waves)');
    return null;
  }
  const parsed = parseYaml(text, studyFile, 1, problems);
  const data = parsed && validateYaml(parsed, studySchema, studyFile, problems, STUDY_KEYS);
  if (!parsed || !data) return null;
  const lineOf = parsed.lineOf;

  const waves: Wave[] = [];
  const waveIndex = new Map<string, number>();
  data.waves.forEach((w, index) => {
    if (waveIndex.has(w.id)) problems.error(studyFile, lineOf(['waves', index, 'id']), `meting-id "${w.id}" wordt twee keer gebruikt; elke meting heeft een eigen id nodig`);
    else waveIndex.set(w.id, index);
    for (const [k, qid] of w.questionnaires.entries()) {
      if (!seenQ.has(qid)) problems.error(studyFile, lineOf(['waves', index, 'questionnaires', k]), `meting "${w.id}" noemt vragenlijst "${qid}", maar research/ heeft geen bestand NN-${qid}.md`);
    }
    for (const key of Object.keys((parsed.value as { waves: Record<string, unknown>[] }).waves[index] ?? {})) {
      if (!WAVE_KEYS.includes(key)) problems.warning(studyFile, lineOf(['waves', index, key]), `onbekende sleutel "${key}" bij meting "${w.id}" (bekend: ${WAVE_KEYS.join(', ')})`);
    }
    const notBefore: string | null = typeof w.opens === 'object' ? (w.opens.notBefore ?? null) : null;
    const notAfter: string | null = typeof w.opens === 'object' ? (w.opens.notAfter ?? null) : null;
    const lastDay = w.lastDay ?? null;
    for (const [key, value, at] of [['notBefore', notBefore, ['opens', 'notBefore']], ['notAfter', notAfter, ['opens', 'notAfter']], ['lastDay', lastDay, ['lastDay']]] as const) {
      if (value !== null && !isCalendarDay(value)) problems.error(studyFile, lineOf(['waves', index, ...at]), `meting "${w.id}": ${key} "${value}" is geen bestaande datum`);
    }
    if (notBefore && notAfter && notBefore > notAfter) problems.error(studyFile, lineOf(['waves', index, 'opens', 'notAfter']), `meting "${w.id}": notAfter (${notAfter}) ligt vóór notBefore (${notBefore})`);
    const firstDay = notBefore ?? (typeof w.opens === 'string' && w.opens !== 'start' ? w.opens : null);
    if (lastDay && firstDay && lastDay < firstDay) problems.error(studyFile, lineOf(['waves', index, 'lastDay']), `meting "${w.id}": lastDay (${lastDay}) ligt vóór de eerste dag waarop de meting open kan gaan (${firstDay})`);
    if (lastDay && notAfter && lastDay < notAfter) problems.error(studyFile, lineOf(['waves', index, 'lastDay']), `meting "${w.id}": lastDay (${lastDay}) ligt vóór notAfter (${notAfter}); zo gaat de meting misschien nooit open`);
    let opens: WaveOpens;
    if (w.opens === 'start') opens = { kind: 'start' };
    else if (typeof w.opens === 'string') {
      opens = { kind: 'date', date: w.opens };
      if (!isCalendarDay(w.opens)) problems.error(studyFile, lineOf(['waves', index, 'opens']), `meting "${w.id}" opent op "${w.opens}", maar die datum bestaat niet`);
    } else if (w.opens.after === 'course') opens = { kind: 'after-course', days: w.opens.days };
    else {
      const after = w.opens.after;
      const before = waveIndex.get(after);
      if (before === undefined || before >= index) {
        const known = data.waves.some((x) => x.id === after);
        problems.error(studyFile, lineOf(['waves', index, 'opens', 'after']), known ? `meting "${w.id}" opent na "${after}", maar dat is geen eerdere meting` : `meting "${w.id}" opent na "${after}", maar er is geen meting "${after}" (noem een eerdere meting of course)`);
      }
      opens = { kind: 'after-wave', wave: after, days: w.opens.days };
    }
    waves.push({ id: w.id, index, title: w.title, questionnaires: w.questionnaires, opens, closesAfterDays: w.closesAfterDays ?? null, notBefore, notAfter, lastDay, beforeCourse: w.beforeCourse });
  });
  const holidays: Holiday[] = [];
  data.holidays.forEach((h, index) => {
    for (const key of ['from', 'to'] as const) {
      if (!isCalendarDay(h[key])) problems.error(studyFile, lineOf(['holidays', index, key]), `vakantie "${h.name}": ${key} "${h[key]}" is geen bestaande datum`);
    }
    if (h.from > h.to) problems.error(studyFile, lineOf(['holidays', index, 'to']), `vakantie "${h.name}": to (${h.to}) ligt vóór from (${h.from})`);
    holidays.push({ name: h.name, from: h.from, to: h.to });
  });
  if (ANONYMOUS.test(data.consent.text)) {
    problems.error(studyFile, lineOf(['consent', 'text']), 'de toestemmingstekst noemt de gegevens anoniem, maar ze zijn gepseudonimiseerd (een code in plaats van een naam): dat zijn volgens de AVG nog persoonsgegevens. Schrijf "onder een code" of "gepseudonimiseerd"');
  }
  if (data.waves.filter((w) => w.beforeCourse).length > 1) problems.error(studyFile, lineOf(['waves']), 'maar één meting mag beforeCourse zijn: de cursus wacht op die meting en op elke meting ervoor');

  const used = new Set(data.waves.flatMap((w) => w.questionnaires));
  for (const q of questionnaires) {
    if (!used.has(q.id)) problems.warning(q.file, 1, `vragenlijst "${q.id}" staat in geen enkele meting`);
    if (q.about === 'pupil' && !data.pupils) problems.error(q.file, 1, 'about: pupil heeft pupils (min, max, label) in study.yml nodig');
  }
  if (data.pupils && data.pupils.min > data.pupils.max) problems.error(studyFile, lineOf(['pupils', 'min']), `pupils: min (${data.pupils.min}) is groter dan max (${data.pupils.max})`);

  const errorsAfter = problems.sorted().filter((d) => d.severity === 'error').length;
  if (errorsAfter > errorsBefore) return null;
  md.begin(context(studyFile));
  const html = md.renderBlocks(md.lex(data.consent.text), { line: lineOf(['consent', 'text']), raw: data.consent.text });
  md.end();
  return {
    title: data.title,
    consent: { version: data.consent.version, text: data.consent.text, html, controller: data.consent.controller, contact: data.consent.contact, dpo: data.consent.dpo, retention: data.consent.retention },
    participation: data.participation,
    pupils: data.pupils ? { min: data.pupils.min, max: data.pupils.max, label: data.pupils.label } : null,
    waves,
    questionnaires,
    holidays,
  };
}
