// The researcher's files as rows of cells: participants, answers (long and wide), openings and the
// codebook that describes them. Dutch conventions throughout: `;` between cells and a decimal comma,
// dates as days. Free text is kept as written (line breaks too, inside quotes) but for one
// documented formula guard; participants come in a random order, never the order they registered.
import { shuffled } from '../learning/shuffle';
import type { Item, Questionnaire, Study } from '../research/model';
import { variables, variableValue, type Variable } from './answers';
import { formOf, type ParticipantData, type StudyData } from './data';

export type Cell = string | number;
export interface Sheet {
  header: string[];
  rows: Cell[][];
}
export interface ExportOptions {
  /** Leave free-text answers out (their columns and rows). */
  text: boolean;
  /** A number in [0, 1): the order of the participants. */
  random: () => number;
}

/**
 * Cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or carriage return first)
 * get one `'` in front, and so does a cell that starts with `'` itself, so the guard can always be
 * undone: drop one leading `'` (the R script does).
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r']/.test(text) ? `'${text}` : text;
}

/** A number with a decimal comma (whole numbers as they are), the way Dutch Excel and read.csv2 read it. */
export function decimalComma(n: number): string {
  return Number.isInteger(n) ? String(n) : String(n).replace('.', ',');
}

function cell(v: string | number | null, text: boolean): Cell {
  if (v === null) return '';
  if (typeof v === 'number') return decimalComma(v);
  return text ? guardFormula(v) : v;
}


const isText = (v: Variable) => v.item?.kind === 'text';

export function studyVariables(study: Study, options: Pick<ExportOptions, 'text'>): Variable[] {
  return study.questionnaires.flatMap(variables).filter((v) => options.text || !isText(v));
}

/** One row per participant: consent, the course, and per wave when it was begun and done. */
export function participantSheet(study: Study, data: StudyData, options: ExportOptions): Sheet {
  const header = ['participant', 'school', 'consent_version', 'consent_current', 'consent_date', 'course_started', 'course_completed', 'study_minutes', 'after_start', 'pupils'];
  for (const w of study.waves) header.push(`${w.id}_started`, `${w.id}_done`, `${w.id}_opening`);
  const rows = shuffled(data.participants, options.random).map((p) => {
    const row: Cell[] = [p.code, p.schoolId ?? '', p.consentVersion, p.consentCurrent ? 1 : 0, p.consentedOn, p.courseStartedOn ?? '', p.courseCompletedOn ?? '', p.studyMinutes, p.afterStart ? 1 : 0, p.pupils];
    for (const w of study.waves) {
      const started = [...p.forms.entries()].filter(([k]) => k.startsWith(`${w.id}/`)).map(([, f]) => f.firstOn).sort()[0] ?? '';
      row.push(started, p.waveDoneOn.get(w.id) ?? '', started === '' ? '' : p.viaOpening.has(w.id) ? 1 : 0);
    }
    return row;
  });
  return { header, rows };
}

/** One row per answer (a multiple item: one row per option, 0/1); the day it was given. */
export function longSheet(study: Study, data: StudyData, options: ExportOptions): Sheet {
  const header = ['participant', 'school', 'wave', 'questionnaire', 'pupil', 'item', 'value', 'answered_on'];
  const rows: Cell[][] = [];
  for (const p of shuffled(data.participants, options.random)) {
    for (const [key, form] of [...p.forms.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const [wave, qid, pupil] = key.split('/') as [string, string, string];
      const q = study.questionnaires.find((x) => x.id === qid);
      const base: Cell[] = [p.code, p.schoolId ?? '', wave, qid, pupil === '0' ? '' : Number(pupil)];
      for (const [itemId, value] of [...form.answers.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const item = q?.items.find((i) => i.id === itemId);
        const on = form.answeredOn.get(itemId) ?? form.lastOn;
        if (item?.kind === 'multiple') {
          const chosen = JSON.parse(value) as number[];
          item.options.forEach((_, k) => rows.push([...base, `${itemId}.${k + 1}`, chosen.includes(k + 1) ? 1 : 0, on]));
        } else if (item?.kind === 'text') {
          if (options.text) rows.push([...base, itemId, guardFormula(value), on]);
        } else rows.push([...base, itemId, Number(value), on]);
      }
    }
  }
  return { header, rows };
}

/**
 * One row per participant × pupil × wave with any answer. Per questionnaire `q.finished` (0/1) and
 * `q.date` (the day it was finished, or of its last answer), then its variables. A `self`
 * questionnaire repeats on each of the participant's pupil rows of that wave (the codebook's level
 * says which: count it once per participant).
 */
export function wideSheet(study: Study, data: StudyData, options: ExportOptions): Sheet {
  const vars = studyVariables(study, options);
  const header = ['participant', 'school', 'wave', 'pupil'];
  for (const q of study.questionnaires) header.push(`${q.id}.finished`, `${q.id}.date`, ...vars.filter((v) => v.questionnaire === q).map((v) => v.name));
  const rows: Cell[][] = [];
  for (const p of shuffled(data.participants, options.random)) {
    for (const wave of study.waves) {
      if (![...p.forms.keys()].some((k) => k.startsWith(`${wave.id}/`))) continue;
      const pupils = p.pupils > 0 && study.pupils ? Array.from({ length: p.pupils }, (_, i) => i + 1) : [0];
      for (const pupil of pupils) {
        const row: Cell[] = [p.code, p.schoolId ?? '', wave.id, pupil === 0 ? '' : pupil];
        for (const q of study.questionnaires) {
          const form = wave.questionnaires.includes(q.id) ? formOf(p, wave.id, q.id, q.about === 'pupil' ? pupil : 0) : null;
          row.push(form ? (form.finishedOn ? 1 : 0) : '', form ? (form.finishedOn ?? form.lastOn) : '');
          for (const v of vars.filter((x) => x.questionnaire === q)) row.push(form ? cell(variableValue(v, form.answers), true) : '');
        }
        rows.push(row);
      }
    }
  }
  return { header, rows };
}

/** Every researcher's opening of a wave, as logged. */
export function openingSheet(data: StudyData): Sheet {
  return {
    header: ['wave', 'school', 'opened_on', 'until', 'closed_on', 'teachers'],
    rows: data.openings.map((o) => [o.wave, o.schoolId ?? 'alle', o.openedOn, o.untilOn, o.closedOn ?? '', o.teachers ?? '']),
  };
}

const KIND_NAMES = { scale: 'schaal', choice: 'één keuze', multiple: 'meerkeuze (0/1 per optie)', number: 'geheel getal', text: 'vrije tekst' } as const;
export const CODEBOOK_COLUMNS = ['file', 'variable', 'level', 'waves', 'questionnaire', 'item text', 'kind', 'format', 'values', 'missing', 'subscale', 'reversed', 'instrument'];

const FORMAT = {
  code: 'tekst',
  whole: 'geheel getal',
  decimal: 'getal met decimale komma (3,25)',
  day: 'datum JJJJ-MM-DD',
  text: "tekst tussen aanhalingstekens, regeleinden behouden; begint het antwoord met =, +, -, @, ' of een tab, dan staat er één ' voor (formulebeveiliging): haal die ene ' weg",
} as const;
const EMPTY = 'leeg';

function instrumentOf(q: Questionnaire): string {
  if (q.instrument) return `${q.instrument.name}${q.instrument.version ? ` (versie ${q.instrument.version})` : ''}; ${q.instrument.source}; licentie: ${q.instrument.licence}`;
  return q.placeholder ? 'voorlopige vragenlijst van het cursusteam (placeholder), niet gevalideerd' : 'geschreven voor dit onderzoek';
}

function itemValues(item: Item, option: number | null): string {
  if (option !== null) return '0 = niet gekozen | 1 = gekozen';
  if (item.kind === 'scale' || item.kind === 'choice') return item.options.map((o, k) => `${k + 1} = ${o}`).join(' | ');
  if (item.kind === 'number') return `${item.min}..${item.max}`;
  return '';
}

/**
 * The codebook: every column of every file, with its level (leerkracht or leerling), the waves it is
 * asked in, its format (decimal comma, dates, the formula guard) and what an empty cell means.
 */
export function codebookSheet(study: Study): Sheet {
  const all = study.waves.map((w) => w.id).join(' ');
  const rows: Cell[][] = [];
  const add = (file: string, variable: string, level: string, waves: string, questionnaire: string, text: string, kind: string, format: string, values: string, missing: string, subscale = '', reversed = '', instrument = '') =>
    rows.push([file, variable, level, waves, questionnaire, text, kind, format, values, missing, subscale, reversed, instrument]);
  const P = 'deelnemers';
  add(P, 'participant', 'leerkracht', all, '', 'Code van de deelnemer (P en 6 tekens); een nieuwe code na stoppen en opnieuw meedoen', 'code', FORMAT.code, '', '');
  add(P, 'school', 'leerkracht', all, '', 'Nummer van de school', 'code', FORMAT.whole, '', `${EMPTY}: zonder school`);
  add(P, 'consent_version', 'leerkracht', all, '', 'Versie van de toestemmingstekst waarmee de deelnemer het laatst instemde', 'code', FORMAT.code, '', '');
  add(P, 'consent_current', 'leerkracht', all, '', `Instemming met de huidige versie (${study.consent.version}); 0: alleen met een eerdere versie, er komen geen nieuwe antwoorden bij`, 'code', FORMAT.whole, '0 = nee | 1 = ja', '');
  add(P, 'consent_date', 'leerkracht', all, '', 'Dag van de instemming met consent_version', 'datum', FORMAT.day, '', '');
  add(P, 'course_started', 'leerkracht', all, '', 'Dag waarop de deelnemer de eerste les opende', 'datum', FORMAT.day, '', `${EMPTY}: nog niet begonnen`);
  add(P, 'course_completed', 'leerkracht', all, '', 'Dag waarop elke module van de cursus af was', 'datum', FORMAT.day, '', `${EMPTY}: de cursus is niet afgerond`);
  add(P, 'study_minutes', 'leerkracht', all, '', 'Studietijd in de cursus in hele minuten (zoals het certificaat die telt)', 'geheel getal', FORMAT.whole, '', '');
  add(P, 'after_start', 'leerkracht', all, '', 'Zei ja nadat de cursus al was begonnen: alle metingen zijn na de start van de cursus gedaan', 'code', FORMAT.whole, '0 = nee | 1 = ja', '');
  add(P, 'pupils', 'leerkracht', all, '', `Aantal ${study.pupils?.label ?? 'leerling'}en in gedachten`, 'geheel getal', FORMAT.whole, study.pupils ? `0..${study.pupils.max}` : '0', '');
  for (const w of study.waves) {
    add(P, `${w.id}_started`, 'leerkracht', w.id, '', `${w.title}: dag van het eerste antwoord`, 'datum', FORMAT.day, '', `${EMPTY}: niets ingevuld`);
    add(P, `${w.id}_done`, 'leerkracht', w.id, '', `${w.title}: dag waarop elke vragenlijst van de meting was afgerond`, 'datum', FORMAT.day, '', `${EMPTY}: niet (helemaal) afgerond`);
    add(P, `${w.id}_opening`, 'leerkracht', w.id, '', `${w.title}: ingevuld terwijl alleen een opening door een onderzoeker de meting open hield`, 'code', FORMAT.whole, '0 = nee | 1 = ja', `${EMPTY}: niets ingevuld`);
  }
  const L = 'lang';
  add(L, 'participant', 'leerkracht', all, '', 'Code van de deelnemer', 'code', FORMAT.code, '', '');
  add(L, 'school', 'leerkracht', all, '', 'Nummer van de school', 'code', FORMAT.whole, '', `${EMPTY}: zonder school`);
  add(L, 'wave', '', all, '', 'Meting', 'code', FORMAT.code, study.waves.map((w) => `${w.id} = ${w.title}`).join(' | '), '');
  add(L, 'questionnaire', '', all, '', 'Vragenlijst', 'code', FORMAT.code, study.questionnaires.map((q) => `${q.id} = ${q.title}`).join(' | '), '');
  add(L, 'pupil', 'leerling', all, '', `Nummer van de ${study.pupils?.label ?? 'leerling'} bij deze deelnemer`, 'code', FORMAT.whole, study.pupils ? `1..${study.pupils.max}` : '', `${EMPTY}: vragenlijst over de leerkracht`);
  add(L, 'item', '', all, '', 'Vraag (de id; de variabele is questionnaire.item, zie het bestand breed)', 'code', FORMAT.code, '', '');
  add(L, 'value', '', all, '', 'Het antwoord, zoals de variabele in het bestand breed', 'zie de variabele', 'geheel getal of tekst (zie de variabele)', '', '');
  add(L, 'answered_on', '', all, '', 'Dag van het antwoord', 'datum', FORMAT.day, '', '');
  const B = 'breed';
  add(B, 'participant', 'leerkracht', all, '', 'Code van de deelnemer (koppel met deelnemers)', 'code', FORMAT.code, '', '');
  add(B, 'school', 'leerkracht', all, '', 'Nummer van de school', 'code', FORMAT.whole, '', `${EMPTY}: zonder school`);
  add(B, 'wave', '', all, '', 'Meting', 'code', FORMAT.code, study.waves.map((w) => `${w.id} = ${w.title}`).join(' | '), '');
  add(B, 'pupil', 'leerling', all, '', `Nummer van de ${study.pupils?.label ?? 'leerling'} bij deze deelnemer`, 'code', FORMAT.whole, study.pupils ? `1..${study.pupils.max}` : '', `${EMPTY}: de deelnemer heeft geen leerlingen genoemd`);
  for (const q of study.questionnaires) {
    const level = q.about === 'pupil' ? 'leerling' : 'leerkracht';
    const waves = study.waves.filter((w) => w.questionnaires.includes(q.id)).map((w) => w.id).join(' ');
    const notAsked = `${EMPTY}: niet gevraagd in deze meting of niet beantwoord`;
    add(B, `${q.id}.finished`, level, waves, q.id, `${q.title}: afgerond`, 'code', FORMAT.whole, '0 = begonnen, niet afgerond | 1 = afgerond', `${EMPTY}: niets ingevuld of niet gevraagd`, '', '', instrumentOf(q));
    add(B, `${q.id}.date`, level, waves, q.id, `${q.title}: dag van afronden, of van het laatste antwoord`, 'datum', FORMAT.day, '', `${EMPTY}: niets ingevuld of niet gevraagd`, '', '', instrumentOf(q));
    for (const v of variables(q)) {
      if (v.subscale !== null) {
        const items = q.items.filter((i) => i.subscale === v.subscale);
        add(B, v.name, level, waves, q.id, `Gemiddelde van ${items.map((i) => `${i.id}${i.reverse ? ' (omgekeerd)' : ''}`).join(', ')}`, 'subschaal (gemiddelde)', FORMAT.decimal, `1..${q.scale.length}`, `${EMPTY}: niet alle vragen van de subschaal beantwoord`, v.subscale, '', instrumentOf(q));
        continue;
      }
      const item = v.item!;
      const text = v.option !== null ? `${item.text} — ${item.options[v.option - 1]}` : item.text;
      add(B, v.name, level, waves, q.id, text, KIND_NAMES[item.kind], item.kind === 'text' ? FORMAT.text : FORMAT.whole, itemValues(item, v.option), notAsked, item.subscale ?? '', item.reverse ? 'ja' : 'nee', instrumentOf(q));
    }
  }
  const O = 'openingen';
  add(O, 'wave', '', all, '', 'De meting die een onderzoeker opende of verlengde', 'code', FORMAT.code, '', '');
  add(O, 'school', '', all, '', 'Voor welke school (alle: alle scholen)', 'code', FORMAT.code, '', '');
  add(O, 'opened_on', '', all, '', 'Dag van de opening', 'datum', FORMAT.day, '', '');
  add(O, 'until', '', all, '', 'Open tot (de dag waarop hij sluit)', 'datum', FORMAT.day, '', '');
  add(O, 'closed_on', '', all, '', 'Eerder gesloten door een onderzoeker', 'datum', FORMAT.day, '', `${EMPTY}: niet eerder gesloten`);
  add(O, 'teachers', '', all, '', 'Aantal leerkrachten voor wie de meting door de opening openging of langer open bleef, bij het bevestigen', 'geheel getal', FORMAT.whole, '', `${EMPTY}: onbekend (opening van vóór deze registratie)`);
  return { header: CODEBOOK_COLUMNS, rows };
}


