// Watch mode: recompile the course shortly after any change under its folder.
import fs from 'node:fs';
import type { CompileResult } from './model';
import { compileCourse } from './compile';

export interface CourseWatcher {
  close(): void;
}

export function watchCourse(dir: string, options: { onCompiled: (result: CompileResult) => void; debounceMs?: number }): CourseWatcher {
  const debounceMs = options.debounceMs ?? 150;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let closed = false;

  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const result = await compileCourse(dir);
        if (!closed) options.onCompiled(result);
      } while (again && !closed);
    } finally {
      running = false;
    }
  };
  const watcher = fs.watch(dir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), debounceMs);
  });
  watcher.on('error', () => {
    /* the folder went away; the last good course stays online */
  });
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}
