// The module outline beside a lesson or quiz: each lesson's state and the quiz's.
import type { Module } from '../course/model';
import type { ModuleState } from '../learning/course-state';

/** `current` is the key of the lesson being shown, 'quiz', or 'appendix/<slug>'. */
export function moduleOutline(module: Module, state: ModuleState | undefined, hrefBase: string, current: string) {
  return {
    module,
    lessons: module.lessons.map((l, i) => {
      const s = state?.lessons[i];
      return {
        href: `${hrefBase}/${module.slug}/${l.slug}`,
        title: l.title,
        minutes: l.minutes,
        state: s?.complete ? 'complete' : s?.started ? 'started' : 'new',
        current: l.key === current,
      };
    }),
    quiz: module.quiz
      ? {
          // Linked when it can be opened (an author's preview opens everything); otherwise named with why not.
          href: hrefBase !== '/course' || (state?.quiz?.available && !state.quiz.exhausted) ? `${hrefBase}/${module.slug}/quiz` : null,
          title: module.quiz.title,
          state: state?.quiz?.passed ? 'complete' : state?.quiz?.exhausted ? 'exhausted' : state?.quiz?.available ? 'open' : 'locked',
          current: current === 'quiz',
        }
      : null,
    // Pages beside the lessons; they are read in the teacher's own view, also from an author's preview.
    appendix: (module.appendix ?? []).map((p) => ({ href: `/course/${module.slug}/appendix/${p.slug}`, title: p.title, current: current === `appendix/${p.slug}` })),
  };
}
