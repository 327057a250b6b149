// Collects the errors and warnings of one compile, each with its file and line.
import type { Diagnostic, Severity } from './model';

export class Problems {
  private readonly list: Diagnostic[] = [];

  add(severity: Severity, file: string, line: number, message: string): void {
    this.list.push({ file, line: Math.max(1, line), severity, message });
  }
  error(file: string, line: number, message: string): void {
    this.add('error', file, line, message);
  }
  warning(file: string, line: number, message: string): void {
    this.add('warning', file, line, message);
  }
  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }
  /** Sorted by file (course.yml first, then path order) and line. */
  sorted(): Diagnostic[] {
    const rank = (f: string) => (f === 'course.yml' ? '' : f);
    return [...this.list].sort((a, b) => (rank(a.file) < rank(b.file) ? -1 : rank(a.file) > rank(b.file) ? 1 : a.line - b.line));
  }
}
