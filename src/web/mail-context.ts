// What the routes need to write a mail: the public address and the platform's name.
import type { Request } from 'express';
import type { InvitationCourse, MailContext } from '../mail/compose';
import type { Course } from '../course/model';
import { courseSizeText } from '../learning/numbers';

export const PLATFORM = 'steun';

/**
 * BASE_URL, or (in development, where it is optional) the address the server listens on; never the
 * request's Host header, which whoever sends the request chooses.
 */
export function publicBase(req: Request, baseUrl: string | undefined): string {
  return baseUrl ?? (req.app.locals.listenUrl as string | undefined) ?? (req.app.locals.defaultUrl as string);
}

export function mailContext(req: Request, baseUrl: string | undefined, to: string, name?: string | null): MailContext {
  return { platform: PLATFORM, baseUrl: publicBase(req, baseUrl), to, name: name ?? null };
}

/** What an invitation says about the course and who sends it. */
export function invitationCourse(course: Course, inviter: string | null): InvitationCourse {
  return { courseTitle: course.title, courseSize: courseSizeText(course), inviter };
}
