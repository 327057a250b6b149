// The YAML parts of the course format as zod schemas; messages (Dutch, for authors) name the key ({key}).
import { z } from 'zod';

const required = (what: string) => z.string({ error: `{key} is verplicht (${what})` }).trim().min(1, `{key} mag niet leeg zijn`);
const fraction = z
  .number({ error: '{key} moet een getal tussen 0 en 1 zijn' })
  .gt(0, '{key} moet een getal tussen 0 en 1 zijn')
  .max(1, '{key} moet een getal tussen 0 en 1 zijn');
const slug = z
  .string({ error: '{key} moet tekst zijn' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '{key} mag alleen kleine letters, cijfers en streepjes bevatten (bijvoorbeeld "wat-is-steun")');

export const courseSchema = z.object({
  title: required('de titel van de cursus'),
  language: z
    .string({ error: '{key} is verplicht (een BCP 47-taalcode zoals "nl")' })
    .regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/, '{key} moet een BCP 47-taalcode zijn, zoals "nl" of "en-GB"'),
  description: required('staat op de startpagina'),
  passScore: fraction.default(0.8),
  videoCompletion: fraction.default(0.9),
  certificate: z
    .object(
      {
        hours: z.number({ error: '{key} moet een positief aantal uren zijn' }).positive('{key} moet een positief aantal uren zijn'),
        issuer: required('wie het certificaat uitreikt'),
        signatory: z
          .object(
            { name: required('de naam onder de handtekeningregel'), role: z.string({ error: '{key} moet tekst zijn' }).trim().min(1, '{key} mag niet leeg zijn').optional() },
            { error: '{key} moet een name hebben (en mag een role hebben)' },
          )
          .optional()
          .nullable(),
      },
      { error: '{key} moet hours en issuer hebben' },
    )
    .optional()
    .nullable(),
});
export const COURSE_KEYS = ['title', 'language', 'description', 'passScore', 'videoCompletion', 'certificate'];

export const moduleSchema = z.object({
  title: required('de titel van de module'),
  summary: required('één regel over de module'),
  slug: slug.optional(),
});
export const MODULE_KEYS = ['title', 'summary', 'slug'];

export const lessonSchema = z.object({
  title: required('de titel van de les'),
  minutes: z.number({ error: '{key} moet een positief getal zijn' }).positive('{key} moet een positief getal zijn').optional(),
  slug: slug.optional(),
  appendix: z.boolean({ error: '{key} moet true of false zijn' }).optional(),
});
export const LESSON_KEYS = ['title', 'minutes', 'slug', 'appendix'];

export const quizSchema = z.object({
  title: required('de titel van de toets'),
  passScore: fraction.optional(),
  shuffle: z.boolean({ error: '{key} moet true of false zijn' }).default(true),
  maxAttempts: z.number({ error: '{key} moet een heel getal zijn, 0 of meer' }).int('{key} moet een heel getal zijn, 0 of meer').min(0, '{key} moet een heel getal zijn, 0 of meer').default(0),
  retryAfterMinutes: z
    .number({ error: '{key} moet een aantal minuten zijn (0 of meer)' })
    .min(0, '{key} moet een aantal minuten zijn (0 of meer)')
    .max(10_080, '{key} mag hoogstens een week (10080 minuten) zijn')
    .default(0),
});
export const QUIZ_KEYS = ['title', 'passScore', 'shuffle', 'maxAttempts', 'retryAfterMinutes'];

const blockId = z
  .union([z.string(), z.number()], { error: '{key} is verplicht (uniek in de les; letters, cijfers, "-" of "_", bijvoorbeeld "eigen-ervaring")' })
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, '{key} mag alleen letters, cijfers, "-" of "_" bevatten (bijvoorbeeld "eigen-ervaring")'));

export const videoSchema = z.object({
  src: required('het videobestand, .mp4 of .webm'),
  captions: required('het ondertitelbestand, WebVTT'),
  poster: z.string({ error: '{key} moet een bestandspad zijn' }).trim().min(1).optional(),
  title: required('de naam van de speler voor schermlezers'),
});
export const VIDEO_KEYS = ['src', 'captions', 'poster', 'title'];

export const reflectionSchema = z.object({ id: blockId, prompt: required('de vraag die de leerkracht beantwoordt') });
export const REFLECTION_KEYS = ['id', 'prompt'];

export const exerciseSchema = z.object({ id: blockId, shuffle: z.boolean({ error: '{key} moet true of false zijn' }).default(true) });
export const EXERCISE_KEYS = ['id', 'shuffle'];
