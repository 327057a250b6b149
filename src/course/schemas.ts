// The YAML parts of the course format as zod schemas; messages name the key ({key}) for authors.
import { z } from 'zod';

const required = (what: string) => z.string({ error: `{key} is required (${what})` }).trim().min(1, `{key} must not be empty`);
const fraction = z
  .number({ error: '{key} must be a number between 0 and 1' })
  .gt(0, '{key} must be a number between 0 and 1')
  .max(1, '{key} must be a number between 0 and 1');
const slug = z
  .string({ error: '{key} must be text' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '{key} must be lowercase letters, digits and dashes (for example "wat-is-steun")');

export const courseSchema = z.object({
  title: required('the course title'),
  language: z
    .string({ error: '{key} is required (a BCP 47 language tag such as "nl")' })
    .regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/, '{key} must be a BCP 47 language tag such as "nl" or "en-GB"'),
  description: required('shown on the start page'),
  passScore: fraction.default(0.8),
  videoCompletion: fraction.default(0.9),
  certificate: z
    .object(
      {
        hours: z.number({ error: '{key} must be a positive number of hours' }).positive('{key} must be a positive number of hours'),
        issuer: required('who issues the certificate'),
        signatory: z
          .object(
            { name: required('the name under the signature line'), role: z.string({ error: '{key} must be text' }).trim().min(1, '{key} must not be empty').optional() },
            { error: '{key} must have a name (and may have a role)' },
          )
          .optional()
          .nullable(),
      },
      { error: '{key} must have hours and issuer' },
    )
    .optional()
    .nullable(),
});
export const COURSE_KEYS = ['title', 'language', 'description', 'passScore', 'videoCompletion', 'certificate'];

export const moduleSchema = z.object({
  title: required('the module title'),
  summary: required('one line about the module'),
  slug: slug.optional(),
});
export const MODULE_KEYS = ['title', 'summary', 'slug'];

export const lessonSchema = z.object({
  title: required('the lesson title'),
  minutes: z.number({ error: '{key} must be a positive number' }).positive('{key} must be a positive number').optional(),
  slug: slug.optional(),
});
export const LESSON_KEYS = ['title', 'minutes', 'slug'];

export const quizSchema = z.object({
  title: required('the quiz title'),
  passScore: fraction.optional(),
  shuffle: z.boolean({ error: '{key} must be true or false' }).default(true),
  maxAttempts: z.number({ error: '{key} must be a whole number, 0 or more' }).int('{key} must be a whole number, 0 or more').min(0, '{key} must be a whole number, 0 or more').default(0),
});
export const QUIZ_KEYS = ['title', 'passScore', 'shuffle', 'maxAttempts'];

const blockId = z
  .union([z.string(), z.number()], { error: '{key} is required (unique in the lesson, letters, digits, "-" or "_", for example "eigen-ervaring")' })
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, '{key} must be letters, digits, "-" or "_" (for example "eigen-ervaring")'));

export const videoSchema = z.object({
  src: required('the video file, .mp4 or .webm'),
  captions: required('the WebVTT captions file'),
  poster: z.string({ error: '{key} must be a file path' }).trim().min(1).optional(),
  title: required('the accessible name of the player'),
});
export const VIDEO_KEYS = ['src', 'captions', 'poster', 'title'];

export const reflectionSchema = z.object({ id: blockId, prompt: required('the question the teacher answers') });
export const REFLECTION_KEYS = ['id', 'prompt'];

export const exerciseSchema = z.object({ id: blockId });
export const EXERCISE_KEYS = ['id'];
