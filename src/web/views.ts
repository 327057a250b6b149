// The EJS view engine. Templates are compiled without `with (locals)`: V8 cannot optimise a
// `with` block, and on the lesson page it cost about a third of the render. The names a view
// reads without declaring them are destructured from its locals instead, from the one list
// below; test/unit/web/views.test.ts fails when a view reads a name this list lacks.
// Renders get only what views use: Express's settings and the request's working data
// (teacher, located, ...) are left out, so EJS copies less for every include.
import ejs from 'ejs';

export const VIEW_LOCALS = [
  'account', 'askName', 'byMail', 'hasPassword', 'hasSchoolLogin', 'erasureConfirmed', 'mails', 'oidcLabel', 'remindersOn', 'sent', 'action', 'adminSuffix', 'advice', 'answered', 'attemptId', 'attemptsLeft', 'autocomplete',
  'base', 'canRetry', 'certificate', 'chosen', 'compiledTime', 'continueHref', 'correctCount', 'counts',
  'course', 'csrfToken', 'currentUser', 'date', 'error', 'errors', 'exercise', 'exercises', 'explanation',
  'feedback', 'funnel', 'groups', 'hasErrors', 'hint', 'invited', 'label', 'language', 'languageName', 'lesson',
  'lessonKey', 'link', 'loggedOut', 'matching', 'message', 'minlength', 'minutes', 'module', 'modules',
  'name', 'next', 'nextHref', 'nextLabel', 'nextModule', 'optionOrder', 'orphans', 'outline', 'overview', 'page',
  'pages', 'parts', 'params', 'passPercent', 'passed', 'position', 'prev', 'problems', 'progress',
  'query', 'question', 'questions', 'quiz', 'quietDays', 'reflection', 'reflections', 'registerUrl', 'remaining',
  'roles', 'rows', 'saved', 'school', 'schools', 'scope', 'scorePercent', 'stack', 'state', 'status',
  'statusLabels', 'stops', 'teachers', 'title', 'total', 'values', 'video', 'videos',
  // Static files by their content-hashed URL (app.locals.asset).
  'asset', 'studyTimeText', 'continueText', 'complete',
  // Quiz: the questions left open, and what a result page may show.
  'unanswered', 'review', 'firstLesson', 'retryAfterMinutes', 'retryClock', 'rereadHref',
  // The study (views/study, views/research).
  'closes', 'formatNumber', 'formatP', 'introHtml', 'items', 'missing', 'openings', 'pageIntroHtml', 'participants', 'pupilMax', 'response', 'shown', 'study', 'ts', 'wave', 'waves', 'choice', 'current', 'scales', 'questionnaires', 'privacy',
  // reports, admin, confirmation steps
  'quiet', 'canRemind', 'reminded', 'send', 'skipped', 'preview', 'sending', 'bcc', 'back', 'stepKey', 'stepTitle', 'shortDate', 'q', 'confirmation', 'fields',
  // certificate
  'why', 'studyTimeLine', 'hours', 'nextText', 'minutesLeft', 'modulesDone', 'modulesTotal', 'modulesLeft',
  // exercises in each teacher's own order, the quiz's rules
  'exerciseOrders', 'order', 'rules',
  // running it: invitation mail status on /school, the audit log, the privacy page
  'invitationMail', 'keepDays',
  // a form that could not be saved (the error page)
  'sentTexts', 'signInHref', 'reopenHref', 'keptOnDevice',
];

/** Keys of Express's merged render data that are not for views. */
const NOT_FOR_VIEWS = new Set(['settings', '_locals', 'cache', 'teacher', 'located', 'body', 'tokenUser', 'mediaFile']);

type Done = (err: Error | null, html?: string) => void;

/** An Express view engine for `root`; `production` caches compiled templates and drops debug line tracking. */
export function viewEngine(root: string, production: boolean): (file: string, data: object, done: Done) => void {
  const options: ejs.Options & { unsafePrototypeLocals: boolean } = {
    root,
    cache: production,
    compileDebug: !production,
    _with: false,
    destructuredLocals: VIEW_LOCALS,
    // The locals object is built fresh for every render below, so EJS need not copy it again.
    unsafePrototypeLocals: true,
  };
  return (file, data, done) => {
    const locals: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) if (!NOT_FOR_VIEWS.has(key)) locals[key] = value;
    ejs.renderFile(file, locals, options, (err, html) => done(err ?? null, html));
  };
}
