// The mini course with the test study beside it, served by the real app, with a teacher signed in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MINI_COURSE } from '../fixtures/course-builder';
import { STUDY } from '../fixtures/study';
import { miniCourseApp, type CourseTestApp } from './course-app';

export function studyCourseDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-study-'));
  fs.cpSync(MINI_COURSE, dir, { recursive: true });
  for (const [rel, content] of Object.entries({ ...STUDY, ...files })) {
    if (content === null) continue;
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

export async function studyApp(files: Record<string, string> = {}): Promise<CourseTestApp> {
  const dir = studyCourseDir(files);
  const t = await miniCourseApp(dir);
  return {
    ...t,
    close: () => {
      t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
