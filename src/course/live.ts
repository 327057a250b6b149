// The course the server is serving right now. In watch mode a recompile with errors keeps the
// last good course online and keeps its problems for authors to see.
import type { CompileResult, Course, Diagnostic } from './model';

export class LiveCourse {
  private currentCourse: Course;
  private currentProblems: readonly Diagnostic[];
  private compiledAt: Date;

  constructor(first: CompileResult) {
    if (!first.course) throw new Error('LiveCourse needs a course that compiled without errors');
    this.currentCourse = first.course;
    this.currentProblems = first.diagnostics;
    this.compiledAt = new Date();
  }

  get course(): Course {
    return this.currentCourse;
  }

  /** Errors and warnings of the latest compile (errors mean the course shown is an older one). */
  get problems(): readonly Diagnostic[] {
    return this.currentProblems;
  }

  get lastCompiledAt(): Date {
    return this.compiledAt;
  }

  /** Takes a new compile result; returns true when the served course changed. */
  update(result: CompileResult): boolean {
    this.currentProblems = result.diagnostics;
    this.compiledAt = new Date();
    if (!result.course) return false;
    this.currentCourse = result.course;
    return true;
  }
}
