// The compiled course: one immutable, plain-data model that the server, the checker and the
// learning rules read. Produced by the compiler in this folder; nothing here knows of HTTP or SQL.
import type { Study } from '../research/model';

export type Severity = 'error' | 'warning';

/** One problem found in a course folder: `file:line: severity: message`. */
export interface Diagnostic {
  /** Path relative to the course folder, with forward slashes (e.g. `02-impact/quiz.md`). */
  readonly file: string;
  /** 1-based line in that file (1 when the problem is about the file as a whole). */
  readonly line: number;
  readonly severity: Severity;
  readonly message: string;
}

export interface CertificateSettings {
  readonly hours: number;
  readonly issuer: string;
  /** Who signs the certificate (printed under the signature line); null: the line names the issuer only. */
  readonly signatory: { readonly name: string; readonly role: string | null } | null;
}

export interface Course {
  /** Absolute path of the course folder. */
  readonly dir: string;
  readonly title: string;
  /** BCP 47 language tag, e.g. `nl`. */
  readonly language: string;
  readonly description: string;
  /** `description` rendered as sanitized HTML. */
  readonly descriptionHtml: string;
  /** Default pass mark for quizzes, 0 < x <= 1. */
  readonly passScore: number;
  /** Fraction of a video that counts as watched, 0 < x <= 1. */
  readonly videoCompletion: number;
  readonly certificate: CertificateSettings | null;
  readonly modules: readonly Module[];
  /** Estimated minutes for the whole course (sum of the modules). */
  readonly minutes: number;
  /** The study run beside the course (its `research/` folder); absent or null: no research. */
  readonly study?: Study | null;
}

export interface Module {
  /** URL and progress key: folder name without its `NN-` prefix, or `slug:` from module.yml. */
  readonly slug: string;
  /** Folder name as on disk, e.g. `01-wat-is-steun`. */
  readonly folder: string;
  /** 0-based position in the course. */
  readonly index: number;
  readonly title: string;
  readonly summary: string;
  readonly lessons: readonly Lesson[];
  readonly quiz: Quiz | null;
  /** Lessons plus quiz. */
  readonly minutes: number;
  /** Pages beside the lessons (`appendix: true`): read when wanted, never to complete; absent: none. */
  readonly appendix?: readonly AppendixPage[];
}

/** A page of text beside a module's lessons, such as sources: outside the lesson count, the estimate and completion. */
export interface AppendixPage {
  /** File name without `NN-` and `.md`, or `slug:` from the front matter; unique among the module's lessons and pages. */
  readonly slug: string;
  readonly moduleSlug: string;
  /** Path relative to the course folder. */
  readonly file: string;
  readonly title: string;
  /** The page as sanitized HTML. */
  readonly html: string;
}

export interface Lesson {
  /** File name without `NN-` and `.md`, or `slug:` from the front matter. */
  readonly slug: string;
  readonly moduleSlug: string;
  /** Progress key `<module-slug>/<lesson-slug>`. */
  readonly key: string;
  /** Path relative to the course folder, e.g. `01-wat-is-steun/01-een-veilige-volwassene.md`. */
  readonly file: string;
  /** 0-based position in its module. */
  readonly index: number;
  readonly title: string;
  readonly minutes: number;
  /** The lesson body in document order: pre-rendered HTML between the interactive blocks. */
  readonly parts: readonly LessonPart[];
  /** The same blocks as in `parts`, collected for the completion rules. */
  readonly videos: readonly Video[];
  readonly reflections: readonly Reflection[];
  readonly exercises: readonly Exercise[];
}

export type LessonPart =
  | { readonly kind: 'html'; readonly html: string }
  | { readonly kind: 'video'; readonly video: Video }
  | { readonly kind: 'reflection'; readonly reflection: Reflection }
  | { readonly kind: 'exercise'; readonly exercise: Exercise };

export interface Video {
  /** Path relative to the course's `media/` folder, e.g. `veronique.mp4`; the id the browser reports progress with. */
  readonly src: string;
  /** MIME type from the extension: `video/mp4` or `video/webm`. */
  readonly type: string;
  /** Path relative to `media/` of the WebVTT captions. */
  readonly captions: string;
  /** Path relative to `media/` of the poster image, if any. */
  readonly poster: string | null;
  /** Accessible name of the player. */
  readonly title: string;
  /** Length read from the media file, in seconds. */
  readonly durationSeconds: number;
}

export interface Reflection {
  /** Unique within the lesson. */
  readonly id: string;
  readonly prompt: string;
}

export interface Exercise {
  /** Unique within the lesson. */
  readonly id: string;
  /** Each teacher sees the options in an order of their own (default); false: as written. */
  readonly shuffle: boolean;
  readonly questions: readonly Question[];
}

export interface Question {
  /** 0-based position in the quiz or exercise as written; stable id for answers and statistics. */
  readonly index: number;
  /** Line of the `##` heading in its file. */
  readonly line: number;
  /** Plain text of the heading. */
  readonly text: string;
  /** The heading rendered as inline HTML. */
  readonly html: string;
  /** Paragraphs between the heading and the option list (a case, an instruction), as HTML; '' if none. */
  readonly bodyHtml: string;
  readonly options: readonly Option[];
  /** More than one correct option: scored right only when exactly the correct set is chosen. */
  readonly multiple: boolean;
  /** Blockquote after the list, as HTML; '' if none. */
  readonly explanationHtml: string;
}

export interface Option {
  /** 0-based position as written. */
  readonly index: number;
  /** The option text as inline HTML. */
  readonly html: string;
  readonly correct: boolean;
  /** Nested blockquote: feedback for this option, as HTML; '' if none. */
  readonly feedbackHtml: string;
}

export interface Quiz {
  /** Path relative to the course folder, e.g. `01-wat-is-steun/quiz.md`. */
  readonly file: string;
  readonly title: string;
  readonly passScore: number;
  readonly shuffle: boolean;
  /** 0 = unlimited. */
  readonly maxAttempts: number;
  /** Minutes a teacher waits after a failed attempt before the next one (0: no wait). */
  readonly retryAfterMinutes: number;
  readonly questions: readonly Question[];
  /**
   * Per question (as written): the lesson page that covers it, from the first link to a lesson in
   * its explanation or text; null when it names none. A failed attempt points there.
   */
  readonly lessonLinks: readonly (string | null)[];
  /** One minute per question. */
  readonly minutes: number;
}

export interface CompileResult {
  /** The compiled course, or null when there is any error. */
  readonly course: Course | null;
  /** Every error and warning, sorted by file and line. */
  readonly diagnostics: readonly Diagnostic[];
}
