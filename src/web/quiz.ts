// Module quizzes: an attempt with its own order is made on the server; grading happens here; the
// page never carries which options are right. Submitting the same attempt twice changes nothing.
// A quiz is passed by understanding, not by trying options: a failed attempt shows the score and
// which questions to look at again (with the lesson that covers each), never which option is right;
// the answers and explanations come once the quiz is passed or the last allowed attempt is used.
import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { LiveCourse } from '../course/live';
import type { Module, Quiz } from '../course/model';
import type { Stores } from '../db';
import type { StoredAttempt } from '../db/attempts';
import { createAttemptOrder, gradeAttempt, orderFits, parseChoices, shownQuestions, unansweredPositions, type AttemptOrder, type Grade } from '../learning/grading';
import { findLesson, teacherOf, loadTeacher, moduleOf, moduleOpen, quizOpen, readSignedIn, type TeacherDeps } from './teacher';
import { wayOn } from '../learning/standing';
import { wholePercent } from '../learning/numbers';
import { signedIn } from './guards';
import { HttpError } from './errors';
import { moduleOutline } from './outline';
import { dutchClock } from '../learning/dates';

type Attempt = StoredAttempt<AttemptOrder, Grade>;

function random(): number {
  return crypto.randomInt(0, 2 ** 32) / 2 ** 32;
}

/** The quiz's rules, said before the first attempt (Dutch): what passes, what a failed attempt brings, when the answers come. */
export function quizRules(quiz: Quiz): string[] {
  const n = quiz.questions.length;
  const needed = Math.ceil(quiz.passScore * n - 1e-9);
  const wait = quiz.retryAfterMinutes;
  const minutes = `${wait} ${wait === 1 ? 'minuut' : 'minuten'}`;
  return [
    `Je haalt de toets met ${Math.round(quiz.passScore * 100)} % goed: ${needed} van de ${n} vragen.`,
    `Haal je hem niet, dan zie je welke vragen je nog eens moet bekijken en in welke les dat staat${wait > 0 ? `. Na ${minutes} kun je het opnieuw proberen` : '; je kunt het meteen opnieuw proberen'}${quiz.maxAttempts > 0 ? `, tot je ${quiz.maxAttempts} pogingen hebt gebruikt` : ''}.`,
    `De goede antwoorden en de uitleg bij elke vraag krijg je zodra je de toets hebt gehaald${quiz.maxAttempts > 0 ? ' of je laatste poging hebt gebruikt' : ''}.`,
    ...(quiz.shuffle ? ['Elke poging zet de vragen en de antwoorden in een nieuwe volgorde.'] : []),
  ];
}

export function quizPageView(module: Module, quiz: Quiz, order: AttemptOrder, extra: Record<string, unknown>) {
  return {
    title: quiz.title,
    module,
    quiz,
    rules: quizRules(quiz),
    questions: shownQuestions(quiz, order),
    passPercent: Math.round(quiz.passScore * 100),
    chosen: [] as number[][],
    unanswered: [] as number[],
    ...extra,
  };
}

/** The lesson a question points to, by its link, with the lesson's title; null when it names none. */
function coveringLesson(module: Module, quiz: Quiz, q: number): { href: string; title: string } | null {
  const href = quiz.lessonLinks[q];
  if (!href) return null;
  const lesson = module.lessons.find((l) => `/course/${l.key}` === href);
  return lesson ? { href, title: lesson.title } : null;
}

export function quizRouter(deps: TeacherDeps): Router {
  const { stores } = deps;
  const router = Router();
  const learner = loadTeacher(deps);
  const open = quizOpen(deps.now);

  router.get('/course/:module/quiz', signedIn, learner, findLesson, moduleOpen, open, (req, res) => {
    const { course, state } = teacherOf(res);
    const module = moduleOf(res);
    const quiz = module.quiz!;
    const userId = req.user!.id;
    // A reload shows the same attempt; a new attempt, with the questions and options shuffled
    // anew, is made only when there is none open.
    let attempt = stores.attempts.openAttempt<AttemptOrder>(userId, module.slug);
    if (!attempt || !orderFits(quiz, attempt.order)) {
      const order = createAttemptOrder(quiz, random);
      const id = stores.attempts.create(userId, module.slug, order, new Date(deps.now()).toISOString());
      attempt = { id, userId, moduleSlug: module.slug, order, startedAt: '', submittedAt: null, score: null, passed: null, result: null };
    }
    const ms = state.modules[module.index]!;
    res.render(
      'course/quiz',
      quizPageView(module, quiz, attempt.order, {
        language: course.language,
        attemptId: attempt.id,
        attemptsLeft: ms.quiz?.attemptsLeft ?? null,
        outline: moduleOutline(module, state.modules[module.index], '/course', 'quiz'),
      }),
    );
  });

  router.post('/course/:module/quiz', signedIn, learner, findLesson, moduleOpen, (req, res) => {
    const module = moduleOf(res);
    const quiz = module.quiz;
    if (!quiz) throw new HttpError(404, 'Deze module heeft geen toets.');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const attemptId = body.attempt;
    if (typeof attemptId !== 'string' || !/^[\w-]{8,40}$/.test(attemptId)) throw new HttpError(400, 'Het formulier mist de poging (attempt). Open de toets opnieuw.');
    const userId = req.user!.id;
    const attempt = stores.attempts.byId<AttemptOrder, Grade>(attemptId);
    if (!attempt || attempt.userId !== userId || attempt.moduleSlug !== module.slug) throw new HttpError(404, 'Deze poging bestaat niet.');
    if (attempt.submittedAt) return renderResult(req, res, attempt);
    if (!orderFits(quiz, attempt.order)) throw new HttpError(409, 'De toets is intussen gewijzigd. Open de toets opnieuw.');
    // The gate is checked at submit time too: the attempts left or the lessons may have changed.
    return open(req, res, () => {
      const parsed = parseChoices(shownQuestions(quiz, attempt.order), body);
      if (!parsed.ok) throw new HttpError(400, parsed.errors.join(' '));
      // Open questions are never graded by accident: the page asks first, with every answer kept.
      const unanswered = unansweredPositions(parsed.answers);
      if (unanswered.length > 0 && body.confirmIncomplete !== '1') {
        const { course, state } = teacherOf(res);
        return res.render(
          'course/quiz',
          quizPageView(module, quiz, attempt.order, {
            language: course.language,
            attemptId: attempt.id,
            attemptsLeft: state.modules[module.index]!.quiz?.attemptsLeft ?? null,
            outline: moduleOutline(module, state.modules[module.index], '/course', 'quiz'),
            chosen: parsed.answers,
            unanswered,
          }),
        );
      }
      const grade = gradeAttempt(quiz, attempt.order, parsed.answers);
      stores.attempts.submit(userId, attempt.id, { score: grade.score, passed: grade.passed, result: grade }, new Date(deps.now()).toISOString());
      // Post/redirect/get: a reload of the result does not post the form again.
      res.redirect(303, `/course/${module.slug}/quiz/attempts/${attempt.id}#uitslag`);
    });
  });

  router.get('/course/:module/quiz/attempts/:attempt', signedIn, learner, findLesson, (req, res) => {
    const attempt = stores.attempts.byId<AttemptOrder, Grade>(String(req.params.attempt));
    if (!attempt || attempt.userId !== req.user!.id || attempt.moduleSlug !== moduleOf(res).slug || !attempt.submittedAt) {
      throw new HttpError(404, 'Deze poging bestaat niet.');
    }
    renderResult(req, res, attempt);
  });

  function renderResult(req: Request, res: Response, attempt: Attempt): void {
    const module = moduleOf(res);
    const quiz = module.quiz!;
    const grade = attempt.result!;
    const { course } = teacherOf(res);
    const teacher = readSignedIn(deps, req);
    const after = teacher.state;
    const way = wayOn(after.next, teacher.standing);
    const ms = after.modules[module.index]!;
    const nextModule = course.modules[module.index + 1] ?? null;
    const canRetry = ms.quiz?.attemptsLeft !== 0;
    // The right answers are shown once they can no longer be used to try options.
    const review = ms.quiz?.passed || !canRetry;
    const questions = grade.questions
      .map((g, shown) => ({ g, shown }))
      .filter(({ g }) => quiz.questions[g.q])
      .map(({ g, shown }) => {
        const question = quiz.questions[g.q]!;
        return {
          number: shown + 1,
          question,
          correct: g.correct,
          answered: g.chosen.length > 0,
          lesson: coveringLesson(module, quiz, g.q),
          chosen: review ? g.chosen.map((c) => question.options[c]).filter((o) => o !== undefined) : [],
          rightOptions: review ? question.options.filter((o) => o.correct) : [],
        };
      });
    res.render('course/quiz-result', {
      title: `Uitslag: ${quiz.title}`,
      language: course.language,
      module,
      quiz,
      passed: grade.passed,
      scorePercent: wholePercent(grade.score),
      correctCount: grade.correctCount,
      total: grade.total,
      passPercent: Math.round(quiz.passScore * 100),
      nextModule,
      nextHref: way.href,
      nextLabel: way.label,
      canRetry,
      attemptsLeft: ms.quiz?.attemptsLeft ?? null,
      retryAfterMinutes: quiz.retryAfterMinutes,
      review,
      questions,
      firstLesson: module.lessons[0] ? `/course/${module.lessons[0].key}` : null,
      // While the quiz waits after this failure: when it opens again, and the first lesson to reread.
      retryClock: !grade.passed && ms.quiz?.retryAt && ms.quiz.retryAt > deps.now() ? dutchClock(new Date(ms.quiz.retryAt)) : null,
      rereadHref: questions.find((q) => !q.correct && q.lesson)?.lesson?.href ?? (module.lessons[0] ? `/course/${module.lessons[0].key}` : null),
    });
  }

  return router;
}
