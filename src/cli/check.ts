// `steun check`: every problem as `path:line: severity: message`, then one summary line.
import { compileCourse } from '../course/compile';
import { formatDiagnostic, summarize } from '../course/format';
import { missingProgressKeys } from '../course/progress-keys';
import { blindExpected, playStrategy, scopesOf, STRATEGIES } from '../course/guessers';
import type { Course } from '../course/model';

/** One line per quiz, lesson with exercises and the course: blind and each strategy's expected right, out of n. */
export function guesserTable(course: Course): string[] {
  const round = (x: number) => (Math.round(x * 10) / 10).toFixed(1);
  return scopesOf(course.modules).map((scope) => {
    const n = scope.questions.length;
    const where = scope.file ?? (scope.kind === 'course-quizzes' ? 'all quizzes' : 'all exercises');
    const pass = scope.passScore === null ? '' : `, pass ${Math.ceil(scope.passScore * n - 1e-9)}`;
    const results = STRATEGIES.map((s) => `${s.id} ${round(playStrategy(s, scope.questions).expected)}`).join(', ');
    return `guessers ${where} (${n} questions${pass}): blind ${round(blindExpected(scope.questions))}, ${results}`;
  });
}

export async function runCheck(
  dir: string,
  io: { out: (line: string) => void; err: (line: string) => void },
  storedLessonKeys?: readonly string[],
  options: { guessers?: boolean } = {},
): Promise<number> {
  const result = await compileCourse(dir);
  for (const d of result.diagnostics) io.err(formatDiagnostic(d));
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  if (!result.course) {
    io.out(`${errors} ${errors === 1 ? 'fout' : 'fouten'}, ${warnings} ${warnings === 1 ? 'waarschuwing' : 'waarschuwingen'}: de cursus compileert niet`);
    return 1;
  }
  if (storedLessonKeys) {
    for (const key of missingProgressKeys(result.course, storedLessonKeys)) {
      io.err(formatDiagnostic({ file: 'course.yml', line: 1, severity: 'warning', message: `les "${key}" heeft opgeslagen voortgang maar staat niet meer in de cursus (is een slug hernoemd?)` }));
    }
  }
  io.out(summarize(result.course));
  if (options.guessers) guesserTable(result.course).forEach((line) => io.out(line));
  return errors > 0 ? 1 : 0;
}
