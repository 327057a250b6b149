// The teacher's study: consent (given, declined, withdrawn), pupils in mind, and questionnaires
// page by page with every answer saved as it is given. Guards show on each route.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import type { Questionnaire, Wave } from '../research/model';
import { parseAnswers, missingItems } from '../study/answers';
import type { WaveStatus } from '../study/schedule';
import { signedIn } from './guards';
import { loadTeacher, readSignedIn, teacherOf, teacherStudyOf, type TeacherDeps } from './teacher';
import { consentChoice } from '../study/course-hold';
import { opensText, type TeacherStudy } from '../teacher/study';
import { withBody } from './validate';
import { flash } from './flash';
import { HttpError } from './errors';
import { dutchDate } from '../learning/dates';

const SCRIPTS = ['/static/js/csrf.js', '/static/js/drafts.js', '/static/js/study-autosave.js'];
const STYLES = ['/static/css/study.css'];
export const PUPIL_NAME_MAX = 40;

const consentForm = z.object({ decision: z.enum(['yes', 'no'], { error: 'Kies ja of nee (decision=yes of decision=no).' }) });
const pupilsForm = z.object({
  pupil: z
    .union([z.string(), z.array(z.string())], { error: 'Vul bij minstens één leerling een naam in.' })
    .transform((v) => (Array.isArray(v) ? v : [v]).map((n) => n.trim()))
    .pipe(z.array(z.string().max(PUPIL_NAME_MAX, `Een naam mag hoogstens ${PUPIL_NAME_MAX} tekens lang zijn.`)).max(10, 'Te veel leerlingen.')),
});
const pageQuery = z.object({ page: z.coerce.number({ error: 'page moet een getal zijn.' }).int('page moet een heel getal zijn.').min(1, 'page begint bij 1.').optional() });

interface FormPlace {
  wave: Wave;
  status: WaveStatus;
  questionnaire: Questionnaire;
  pupil: number;
  pupilName: string;
}
const placeOf = (res: Response) => res.locals.formPlace as FormPlace;

export function studyOf(res: Response): TeacherStudy {
  return teacherStudyOf(res)!;
}

/** Escapes the pupil's name into pre-rendered HTML where the author wrote {pupil}. */
export function fillPupil(html: string, name: string): string {
  const safe = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return html.replaceAll('{pupil}', safe);
}

/** The same in plain text (escaped by the view). */
export function fillPupilText(text: string, name: string): string {
  return text.replaceAll('{pupil}', name);
}

export function formHref(wave: string, q: string, pupil: number): string {
  return `/study/${wave}/${q}${pupil > 0 ? `/${pupil}` : ''}`;
}

/** The course has a study and the signed-in person is a teacher in it (404 / 403 otherwise). */
function inStudy(req: Request, res: Response, next: NextFunction): void {
  if (!teacherStudyOf(res)) {
    if (!teacherOf(res).course.study) return next(new HttpError(404, 'Bij deze cursus hoort geen onderzoek.'));
    return next(new HttpError(403, 'Aan het onderzoek doen leerkrachten mee; jouw rol niet.'));
  }
  next();
}

/** Consented to the current consent text. */
function consented(_req: Request, res: Response, next: NextFunction): void {
  if (studyOf(res).current) return next();
  next(new HttpError(403, 'Je doet (nog) niet mee aan het onderzoek, of er is een nieuwe versie van de toestemming. Geef eerst toestemming op de onderzoekspagina (/study).'));
}

/** :wave, :questionnaire and :pupil name a questionnaire of this teacher: 404 for what does not exist, 400 for a pupil number that does not. */
function findForm(req: Request, res: Response, next: NextFunction): void {
  const ts = studyOf(res);
  const status = ts.statuses.find((s) => s.wave.id === req.params.wave);
  if (!status) return next(new HttpError(404, 'Deze meting bestaat niet in het onderzoek.'));
  if (!status.wave.questionnaires.includes(String(req.params.questionnaire))) return next(new HttpError(404, 'Deze vragenlijst hoort niet bij deze meting.'));
  const questionnaire = ts.study.questionnaires.find((q) => q.id === req.params.questionnaire)!;
  let pupil = 0;
  let pupilName = 'deze leerling';
  if (questionnaire.about === 'pupil') {
    const raw = String(req.params.pupil ?? '');
    const found = /^\d{1,3}$/.test(raw) ? ts.pupils.find((p) => p.number === Number(raw)) : undefined;
    if (!found) return next(new HttpError(400, raw === '' ? 'Deze vragenlijst gaat over een leerling: kies de leerling op de onderzoekspagina.' : `Leerling ${raw} bestaat niet; je hebt ${ts.pupils.length} ${ts.pupils.length === 1 ? 'leerling' : 'leerlingen'} in gedachten.`));
    pupil = found.number;
    pupilName = found.name;
  } else if (req.params.pupil !== undefined) return next(new HttpError(404, 'Deze vragenlijst gaat over jezelf, niet over een leerling.'));
  res.locals.formPlace = { wave: status.wave, status, questionnaire, pupil, pupilName } satisfies FormPlace;
  next();
}

/** The wave is open now: 403 with when it opens or that it has closed. */
function waveOpen(_req: Request, res: Response, next: NextFunction): void {
  const { status } = placeOf(res);
  if (status.state === 'open') return next();
  if (status.state === 'done') return next(new HttpError(403, `Je hebt de ${status.wave.title.toLowerCase()} al afgerond. Dank je wel!`));
  if (status.state === 'closed') return next(new HttpError(403, `De ${status.wave.title.toLowerCase()} is gesloten${status.closesAt ? ` sinds ${dutchDate(status.closesAt)}` : ''}; antwoorden kunnen niet meer.`));
  next(new HttpError(403, `De ${status.wave.title.toLowerCase()} is nog niet open. ${opensText(status)}`));
}

export function studyRouter(deps: TeacherDeps): Router {
  const { stores } = deps;
  const research = stores.research;
  const router = Router();
  const learner = loadTeacher(deps);

  router.get('/study', signedIn, learner, inStudy, (req, res) => {
    const ts = studyOf(res);
    const progress = (wave: string, q: Questionnaire, pupil: number) => {
      const stored = research.answers(req.user!.id, wave, q.id, pupil);
      return { answered: q.items.filter((i) => stored.has(i.id)).length, total: q.items.length };
    };
    const waves = ts.statuses.map((s) => ({
      id: s.wave.id,
      title: s.wave.title,
      state: s.state,
      closes: s.closesAt ? dutchDate(s.closesAt) : null,
      opensText: s.state === 'waiting' ? opensText(s) : '',
      needsPupils: s.waitingFor === 'pupils',
      forms:
        s.state === 'open' || s.state === 'done'
          ? s.forms.map((f) => {
              const q = ts.study.questionnaires.find((x) => x.id === f.questionnaire)!;
              const pupil = ts.pupils.find((p) => p.number === f.pupil);
              return { href: formHref(s.wave.id, q.id, f.pupil), title: fillPupilText(q.title, pupil?.name ?? ''), pupilName: pupil?.name ?? null, done: f.finishedAt !== null, ...progress(s.wave.id, q, f.pupil) };
            })
          : [],
    }));
    res.setHeader('Cache-Control', 'no-store');
    res.render('study/index', { title: ts.study.title, ts, waves, styles: STYLES, pupilMax: PUPIL_NAME_MAX, choice: consentChoice(ts.study, ts.participation, new Date(deps.now())) });
  });

  router.post(
    '/study/consent',
    signedIn,
    learner,
    inStudy,
    withBody(consentForm, (req, res, input) => {
      const ts = studyOf(res);
      // Saying no after having said yes is withdrawing: the answers go, as the consent text promises.
      const decision = input.decision === 'no' && ts.participant?.decision === 'yes' ? 'withdrawn' : input.decision;
      research.decide(req.user!.id, decision, ts.study.consent.version, new Date(deps.now()).toISOString());
      // What the decision means for the course, in the words of the course state after it.
      const hold = readSignedIn(deps, req).study?.hold ?? null;
      if (decision === 'withdrawn') flash(req, 'success', 'Je doet niet meer mee aan het onderzoek. Je antwoorden en de namen van je leerlingen zijn gewist.');
      else if (decision === 'yes') flash(req, 'success', `Je doet mee aan het onderzoek. ${hold ? hold.explanation : 'Je cursus blijft open.'}`);
      else flash(req, 'success', hold ? `Je doet niet mee aan het onderzoek. ${hold.explanation}` : 'Je doet niet mee aan het onderzoek. Je kunt gewoon de cursus volgen.');
      // Who declines came for the course: the overview, with its next step (the study page would
      // only say the same again). Who takes part or withdrew sees the study page's new state.
      res.redirect(303, decision === 'no' ? '/' : '/study');
    }),
  );

  router.post('/study/withdraw', signedIn, learner, inStudy, (req, res) => {
    const ts = studyOf(res);
    if (ts.participant?.decision !== 'yes') throw new HttpError(400, 'Je doet niet mee aan het onderzoek; er is niets om in te trekken.');
    research.decide(req.user!.id, 'withdrawn', ts.participant.consentVersion, new Date(deps.now()).toISOString());
    flash(req, 'success', 'Je doet niet meer mee aan het onderzoek. Je antwoorden en de namen van je leerlingen zijn gewist.');
    res.redirect(303, '/study');
  });

  router.post(
    '/study/pupils',
    signedIn,
    learner,
    inStudy,
    consented,
    withBody(pupilsForm, (req, res, input) => {
      const ts = studyOf(res);
      const limits = ts.study.pupils;
      if (!limits) throw new HttpError(404, 'In dit onderzoek gaat geen vragenlijst over een leerling.');
      const names = input.pupil;
      // Names are given in order; an empty field in the middle would renumber the pupils after it.
      const count = names.reduce((n, name, i) => (name !== '' ? i + 1 : n), 0);
      if (names.slice(0, count).some((n) => n === '')) throw new HttpError(400, 'Vul de leerlingen op volgorde in, zonder lege vakjes ertussen.');
      if (count < limits.min) throw new HttpError(400, `Vul minstens ${limits.min} ${limits.min === 1 ? 'naam' : 'namen'} in.`);
      if (count > limits.max) throw new HttpError(400, `Je kunt hoogstens ${limits.max} leerlingen in gedachten nemen.`);
      const inUse = research.pupilsInUseAbove(req.user!.id, count);
      if (inUse.length > 0) throw new HttpError(400, `Over leerling ${inUse.join(' en ')} heb je al vragen beantwoord; die kun je niet weghalen. Een andere naam mag alleen voor hetzelfde kind; voor een ander kind voeg je een nieuwe leerling toe.`);
      research.setPupils(req.user!.id, names.slice(0, count), new Date(deps.now()).toISOString());
      flash(req, 'success', count === 1 ? 'De leerling is opgeslagen.' : 'De leerlingen zijn opgeslagen.');
      res.redirect(303, '/study#leerlingen');
    }),
  );

  const renderForm = (req: Request, res: Response, page: number, errors: string[] = [], missing: { text: string; href: string }[] = []) => {
    const { wave, questionnaire: q, pupil, pupilName, status } = placeOf(res);
    const stored = research.answers(req.user!.id, wave.id, q.id, pupil);
    const shown = q.pages[page]!;
    const answered = q.items.filter((i) => stored.has(i.id)).length;
    res.render('study/questionnaire', {
      title: fillPupilText(q.title, pupilName),
      wave,
      q,
      page,
      pages: q.pages.length,
      shown,
      introHtml: page === 0 ? fillPupil(q.introHtml, pupilName) : '',
      pageIntroHtml: fillPupil(shown.introHtml, pupilName),
      items: shown.items.map((i) => ({ item: i, html: fillPupil(i.html, pupilName), value: stored.get(i.id) ?? null, chosen: i.kind === 'multiple' && stored.has(i.id) ? (JSON.parse(stored.get(i.id)!) as number[]) : [] })),
      action: formHref(wave.id, q.id, pupil),
      closes: status.closesAt ? dutchDate(status.closesAt) : null,
      answered,
      total: q.items.length,
      errors,
      missing,
      scripts: SCRIPTS,
      styles: STYLES,
    });
  };

  const showForm = (req: Request, res: Response) => {
    const parsed = pageQuery.safeParse(req.query);
    if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => i.message).join(' '));
    const { questionnaire: q } = placeOf(res);
    const page = Math.min(parsed.data.page ?? 1, q.pages.length) - 1;
    renderForm(req, res, page);
  };

  const saveForm = (req: Request, res: Response) => {
    const { wave, questionnaire: q, pupil } = placeOf(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const pageRaw = Number(typeof body.page === 'string' ? body.page : 1);
    const page = Number.isInteger(pageRaw) && pageRaw >= 1 && pageRaw <= q.pages.length ? pageRaw - 1 : 0;
    const json = req.accepts(['html', 'json']) === 'json';
    const parsed = parseAnswers(q, body);
    if (!parsed.ok) {
      if (json) throw new HttpError(400, parsed.errors.join(' '));
      res.status(400);
      return renderForm(req, res, page, parsed.errors);
    }
    const userId = req.user!.id;
    const at = new Date(deps.now()).toISOString();
    research.saveAnswers(userId, wave.id, q.id, pupil, parsed.answers, at);
    if (json && body.finish === undefined) return res.json({ saved: parsed.answers.map((a) => a.item), savedAt: at });
    if (body.finish === '1') {
      const missing = missingItems(q, research.answers(userId, wave.id, q.id, pupil));
      if (missing.length > 0) {
        const list = missing.map((i) => ({ text: fillPupilText(i.text, placeOf(res).pupilName), href: `${formHref(wave.id, q.id, pupil)}?page=${i.page + 1}#vraag-${i.id}` }));
        if (json) throw new HttpError(400, `Nog niet beantwoord: ${list.map((m) => m.text).join('; ')}`);
        res.status(400);
        return renderForm(req, res, page, [], list);
      }
      research.finish(userId, wave.id, q.id, pupil, at);
      flash(req, 'success', `Je hebt "${fillPupilText(q.title, placeOf(res).pupilName)}" afgerond. Dank je wel!`);
      return res.redirect(303, '/study');
    }
    const go = body.go === 'prev' ? page - 1 : body.go === 'stop' ? -1 : page + 1;
    if (go < 0 || go >= q.pages.length) {
      flash(req, 'info', 'Je antwoorden zijn bewaard. Je kunt later verdergaan waar je gebleven was.');
      return res.redirect(303, '/study');
    }
    res.redirect(303, `${formHref(wave.id, q.id, pupil)}?page=${go + 1}`);
  };

  // A questionnaire about the teacher, and one about a pupil (by number).
  router.get('/study/:wave/:questionnaire', signedIn, learner, inStudy, consented, findForm, waveOpen, showForm);
  router.get('/study/:wave/:questionnaire/:pupil', signedIn, learner, inStudy, consented, findForm, waveOpen, showForm);
  router.post('/study/:wave/:questionnaire', signedIn, learner, inStudy, consented, findForm, waveOpen, saveForm);
  router.post('/study/:wave/:questionnaire/:pupil', signedIn, learner, inStudy, consented, findForm, waveOpen, saveForm);

  return router;
}
