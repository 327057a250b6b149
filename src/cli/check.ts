// `steun check`: every problem as `path:line: severity: message`, then one summary line.
import { compileCourse } from '../course/compile';
import { formatDiagnostic, summarize } from '../course/format';
import { missingProgressKeys } from '../course/progress-keys';

export async function runCheck(
  dir: string,
  io: { out: (line: string) => void; err: (line: string) => void },
  storedLessonKeys?: readonly string[],
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
  return errors > 0 ? 1 : 0;
}
