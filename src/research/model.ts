// The compiled study: plain, immutable data read by the study rules, the store and the routers.
// Produced by compileStudy from the course's `research/` folder; knows nothing of HTTP or SQL.

export interface Study {
  readonly title: string;
  readonly consent: Consent;
  /** optional: a teacher may decline and still follow the course; required: the course opens only after consent. */
  readonly participation: 'optional' | 'required';
  /** Children the teacher keeps in mind; null when no questionnaire is about a pupil. */
  readonly pupils: { readonly min: number; readonly max: number; readonly label: string } | null;
  readonly waves: readonly Wave[];
  /** Every questionnaire file, in file order. */
  readonly questionnaires: readonly Questionnaire[];
  /** School holidays: no wave opens in one, and an open wave's days do not count them. */
  readonly holidays: readonly Holiday[];
}

/**
 * What a teacher is asked to agree to. The parts the AVG (GDPR art. 13) requires that differ per
 * study are required keys, so `steun check` rejects a study without them; what the platform itself
 * guarantees (pseudonymised data, what erasure reaches, the certificate) the consent page adds.
 */
export interface Consent {
  readonly version: string;
  /** The study's own explanation (purpose, what is asked), markdown. */
  readonly text: string;
  readonly html: string;
  /** The controller (verwerkingsverantwoordelijke): the organisation responsible for the data. */
  readonly controller: string;
  /** Who answers questions about the study, with an address. */
  readonly contact: string;
  /** The data protection officer (functionaris gegevensbescherming) and how to reach them. */
  readonly dpo: string;
  /** How long the research data are kept (and the key that links the code to the person). */
  readonly retention: string;
}

/** A school holiday, first and last day inclusive (YYYY-MM-DD, Europe/Amsterdam). */
export interface Holiday {
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

export type WaveOpens =
  | { readonly kind: 'start' }
  | { readonly kind: 'after-wave'; readonly wave: string; readonly days: number }
  | { readonly kind: 'after-course'; readonly days: number }
  /** A calendar day (YYYY-MM-DD) in Europe/Amsterdam. */
  | { readonly kind: 'date'; readonly date: string };

export interface Wave {
  readonly id: string;
  /** 0-based position in study.yml. */
  readonly index: number;
  readonly title: string;
  readonly questionnaires: readonly string[];
  readonly opens: WaveOpens;
  /** Days a wave stays open once open (school holidays not counted); null: it stays open. */
  readonly closesAfterDays: number | null;
  /** Calendar days (YYYY-MM-DD) bounding when the wave opens: never before notBefore, at the latest on notAfter (but never before what it waits for). */
  readonly notBefore: string | null;
  readonly notAfter: string | null;
  /** The last day the wave is open, whatever else says (YYYY-MM-DD). */
  readonly lastDay: string | null;
  /** The course waits for this wave (and the ones before it). */
  readonly beforeCourse: boolean;
}

export type ItemKind = 'scale' | 'choice' | 'multiple' | 'number' | 'text';

export interface Item {
  /** Unique within its questionnaire, `[a-z0-9-]+`. */
  readonly id: string;
  /** `questionnaire.item`: the variable in the data. */
  readonly variable: string;
  readonly line: number;
  /** The question as plain text, `{pupil}` left in place. */
  readonly text: string;
  /** The question as inline HTML, `{pupil}` left in place for the page to fill in. */
  readonly html: string;
  readonly kind: ItemKind;
  /** Answer labels: the scale for scale items, the options otherwise; value i+1 is options[i]. */
  readonly options: readonly string[];
  /** For number items. */
  readonly min: number | null;
  readonly max: number | null;
  readonly subscale: string | null;
  readonly reverse: boolean;
  readonly optional: boolean;
  /** 0-based page of the questionnaire. */
  readonly page: number;
}

export interface QuestionnairePage {
  readonly title: string;
  /** Markdown between the page heading and its first item, as HTML. */
  readonly introHtml: string;
  readonly items: readonly Item[];
}

export interface Questionnaire {
  /** The file name's slug: `02-relatie.md` is `relatie`. */
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly about: 'pupil' | 'self';
  readonly scale: readonly string[];
  /** Markdown before the first heading, as HTML, `{pupil}` left in place. */
  readonly introHtml: string;
  readonly pages: readonly QuestionnairePage[];
  readonly items: readonly Item[];
  /** Subscale names in order of first use. */
  readonly subscales: readonly string[];
  /** A validated instrument the team put in, with its source and licence; null for the course team's own questions. */
  readonly instrument: Instrument | null;
  /** Written to show the study working, not to measure: a research team replaces it. */
  readonly placeholder: boolean;
}

export interface Instrument {
  readonly name: string;
  /** Where it is published (authors, year, title). */
  readonly source: string;
  /** Under which licence or permission it is used. */
  readonly licence: string;
  readonly version: string | null;
}
