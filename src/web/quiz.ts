// Module quizzes: an attempt with its own order is made on the server; grading happens here; the
// page never carries which options are right. Submitting the same attempt twice changes nothing.
import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { LiveCourse } from '../course/live';
import type { Module, Quiz } from '../course/model';
import type { Stores } from '../db';
import type { StoredAttempt } from '../db/attempts';
import { createAttemptOrder, gradeAttempt, orderFits, parseChoices, shownQuestions, type AttemptOrder, type Grade } from '../learning/grading';
import { readLearner, findLesson, learnerOf, loadLearner, moduleOf, moduleOpen, quizOpen } from './learner';
import { nextStepHref } from '../learning/course-state';
import { percent } from '../learning/remaining-text';
import { signedIn } from './guards';
import { HttpError } from './errors';
import { moduleOutline } from './outline';

type Attempt = StoredAttempt<AttemptOrder, Grade>;

function random(): number {
  return crypto.randomInt(0, 2 ** 32) / 2 ** 32;
}

export function quizPageView(module: Module, quiz: Quiz, order: AttemptOrder, extra: Record<string, unknown>) {
  return {
    title: quiz.title,
    module,
    quiz,
    questions: shownQuestions(quiz, order),
    passPercent: Math.round(quiz.passScore * 100),
    ...extra,
  };
}

export function quizRouter(deps: { course: LiveCourse; stores: Stores }): Router {
  const { stores } = deps;
  const router = Router();
  const learner = loadLearner(deps);

  router.get('/course/:module/quiz', signedIn, learner, findLesson, moduleOpen, quizOpen, (req, res) => {
    const { course, state } = learnerOf(res);
    const module = moduleOf(res);
    const quiz = module.quiz!;
    const userId = req.user!.id;
    // A reload shows the same attempt; a new attempt is made only when there is none open.
    let attempt = stores.attempts.openAttempt<AttemptOrder>(userId, module.slug);
    if (!attempt || !orderFits(quiz, attempt.order)) {
      const order = createAttemptOrder(quiz, random);
      const id = stores.attempts.create(userId, module.slug, order);
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
    const attemptId = (req.body as { attempt?: unknown } | undefined)?.attempt;
    if (typeof attemptId !== 'string' || !/^[\w-]{8,40}$/.test(attemptId)) throw new HttpError(400, 'Het formulier mist de poging (attempt). Open de toets opnieuw.');
    const userId = req.user!.id;
    const attempt = stores.attempts.byId<AttemptOrder, Grade>(attemptId);
    if (!attempt || attempt.userId !== userId || attempt.moduleSlug !== module.slug) throw new HttpError(404, 'Deze poging bestaat niet.');
    if (attempt.submittedAt) return renderResult(req, res, attempt);
    if (!orderFits(quiz, attempt.order)) throw new HttpError(409, 'De toets is intussen gewijzigd. Open de toets opnieuw.');
    // The gate is checked at submit time too: the attempts left or the lessons may have changed.
    return quizOpen(req, res, () => {
      const parsed = parseChoices(shownQuestions(quiz, attempt.order), (req.body ?? {}) as Record<string, unknown>);
      if (!parsed.ok) throw new HttpError(400, parsed.errors.join(' '));
      const grade = gradeAttempt(quiz, attempt.order, parsed.answers);
      stores.attempts.submit(userId, attempt.id, { score: grade.score, passed: grade.passed, result: grade });
      renderResult(req, res, stores.attempts.byId<AttemptOrder, Grade>(attempt.id)!);
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
    const { course } = learnerOf(res);
    const after = readLearner(course, stores, req.user!.id).state;
    const ms = after.modules[module.index]!;
    const nextModule = course.modules[module.index + 1] ?? null;
    res.render('course/quiz-result', {
      title: `Uitslag: ${quiz.title}`,
      language: course.language,
      module,
      quiz,
      passed: grade.passed,
      scorePercent: percent(grade.score).replace(' %', ''),
      correctCount: grade.correctCount,
      total: grade.total,
      passPercent: Math.round(quiz.passScore * 100),
      nextModule,
      nextHref: nextStepHref(after.next),
      nextLabel: after.next.kind === 'certificate' ? 'Download je certificaat (PDF)' : 'Verder met de cursus',
      canRetry: ms.quiz?.attemptsLeft !== 0,
      questions: grade.questions
        .filter((g) => quiz.questions[g.q])
        .map((g) => {
          const question = quiz.questions[g.q]!;
          return { question, correct: g.correct, chosen: g.chosen.map((c) => question.options[c]).filter((o) => o !== undefined) };
        }),
    });
  }

  return router;
}
