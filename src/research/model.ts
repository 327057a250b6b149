// The compiled study: plain, immutable data read by the study rules, the store and the routers.
// Produced by compileStudy from the course's `research/` folder; knows nothing of HTTP or SQL.

export interface Study {
  readonly title: string;
  readonly consent: { readonly version: string; readonly text: string; readonly html: string };
  /** optional: a teacher may decline and still follow the course; required: the course opens only after consent. */
  readonly participation: 'optional' | 'required';
  /** Children the teacher keeps in mind; null when no questionnaire is about a pupil. */
  readonly pupils: { readonly min: number; readonly max: number; readonly label: string } | null;
  readonly waves: readonly Wave[];
  /** Every questionnaire file, in file order. */
  readonly questionnaires: readonly Questionnaire[];
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
  /** Days a wave stays open once open; null: it stays open. */
  readonly closesAfterDays: number | null;
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
}
