// The researcher's pages: response per wave and school, the analysis at the level of the design,
// the data files with their codebook and scripts, and opening a wave early (with its reach shown
// and confirmed first) or closing such an opening. Researchers and admins only.
import crypto from 'node:crypto';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import type { LiveCourse } from '../course/live';
import type { Study } from '../research/model';
import type { Stores } from '../db';
import { hasRole } from './guards';
import { flash } from './flash';
import { HttpError } from './errors';
import { confirmFirst } from './confirm';
import { dutchDate, isoDay } from '../learning/dates';
import { fillPupilText } from './study';
import { responseBySchool } from './research-data';
import { readCohort, readStudyData } from '../teacher/cohort';
import { analyse } from '../study/analysis';
import { codebookSheet, longSheet, openingSheet, participantSheet, wideSheet, type Sheet } from '../study/export';
import { rScript, spssSyntax } from '../study/scripts';
import { consentCurrent, openingReach, type OpeningReach } from '../study/schedule';
import { formatNumber, formatP } from '../study/numbers';
import { actorOf, auditOnSuccess } from './audit';

const SHAPES = { long: 'lang', wide: 'breed', participants: 'deelnemers', openings: 'openingen' } as const;
const exportQuery = z
  .object({
    shape: z.enum(['long', 'wide', 'participants', 'openings'], { error: 'shape moet long, wide, participants of openings zijn.' }),
    text: z.enum(['0', '1'], { error: 'text moet 0 (zonder vrije tekst) of 1 zijn.' }).default('1'),
  })
  .strict();
const openForm = z.object({
  school: z
    .string({ error: 'Kies een school of alle scholen.' })
    .trim()
    .regex(/^\d*$/, 'school moet het nummer van een school zijn (of leeg voor alle scholen).')
    .optional()
    .transform((v) => (v ? Number(v) : null)),
  days: z.coerce.number({ error: 'Vul het aantal dagen in.' }).int('Het aantal dagen moet een heel getal zijn.').min(1, 'Minstens 1 dag.').max(365, 'Hoogstens 365 dagen.'),
});
const openingId = z.object({ id: z.string().regex(/^\d{1,9}$/, 'Dat is geen opening.').transform(Number) });

export { formatNumber, formatP };

function studyOf(res: Response): Study {
  return res.locals.study as Study;
}

/** The opening's scope and reach in words, for the confirmation and the message after it. */
function reachText(reach: OpeningReach): string {
  const left: string[] = [];
  if (reach.course) left.push(`${reach.course} ${reach.course === 1 ? 'heeft' : 'hebben'} de cursus nog niet afgerond`);
  if (reach.earlierWave) left.push(`bij ${reach.earlierWave} is een eerdere meting nog open of nog niet begonnen`);
  if (reach.lastDay) left.push(`bij ${reach.lastDay} is de laatste dag van de meting voorbij`);
  if (reach.done) left.push(`${reach.done} ${reach.done === 1 ? 'heeft' : 'hebben'} de meting al afgerond`);
  const open = reach.alreadyOpen ? ` (bij ${reach.alreadyOpen} van hen was hij al open: voor hen blijft hij langer open)` : '';
  return `Van de ${reach.inScope} leerkrachten die meedoen, gaat de meting nu open voor ${reach.affected}${open}.${left.length ? ` Niet voor de anderen: ${left.join('; ')}.` : ''}`;
}

export function researchRouter(deps: { course: LiveCourse; stores: Stores; now: Clock; logger?: Logger }): Router {
  const { stores } = deps;
  const router = Router();
  const canSee = hasRole('researcher', 'admin');
  const hasStudy = (_req: Request, res: Response, next: NextFunction) => {
    const study = deps.course.course.study;
    if (!study) return next(new HttpError(404, 'Bij deze cursus hoort geen onderzoek.'));
    res.locals.study = study;
    next();
  };
  const today = () => isoDay(new Date(deps.now()));
  const random = () => crypto.randomInt(0, 2 ** 31) / 2 ** 31;

  const sendCsv = (res: Response, name: string, sheet: Sheet) => {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="steun-onderzoek-${name}-${today()}.csv"`);
    // BOM, semicolons, decimal commas (the cells are written so); the formula guard is the study's own (src/study/export.ts).
    const csv = stringify({ bom: true, delimiter: ';', header: true, columns: sheet.header });
    csv.pipe(res);
    for (const row of sheet.rows) csv.write(row);
    csv.end();
  };
  const sendScript = (res: Response, name: string, type: string, text: string) => {
    res.setHeader('Content-Type', `${type}; charset=utf-8`);
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.send(text);
  };

  router.get('/research', canSee, hasStudy, (req, res) => {
    const study = studyOf(res);
    const now = new Date(deps.now());
    const data = readStudyData(deps.course.course, stores, now);
    const response = responseBySchool(study, stores);
    const pupilWord = `de ${study.pupils?.label ?? 'leerling'}`;
    res.render('research/index', {
      title: /^onderzoek\b/i.test(study.title) ? study.title : `Onderzoek: ${study.title}`,
      study,
      response,
      scales: analyse(study, data.participants).map((s) => ({ ...s, heading: fillPupilText(s.questionnaire.title, pupilWord) })),
      questionnaires: study.questionnaires.map((q) => ({ q, title: fillPupilText(q.title, pupilWord) })),
      participants: data.participants.length,
      current: data.participants.filter((p) => p.consentCurrent).length,
      openings: stores.research.openings().map((o) => ({ ...o, active: Date.parse(o.until) > now.getTime() && o.closedAt === null, until: dutchDate(o.until), openedAt: dutchDate(o.openedAt), closedAt: o.closedAt ? dutchDate(o.closedAt) : null })),
      schools: stores.accounts.schoolNames().map((s) => ({ id: s.id, label: req.user!.role === 'admin' ? `${s.id} (${s.name})` : String(s.id) })),
      formatNumber,
      formatP,
      styles: ['/static/css/study.css'],
    });
  });

  router.get('/research/export.csv', canSee, hasStudy, auditOnSuccess(stores, 'export', (req) => ({ detail: `onderzoeksgegevens (${req.query.shape === 'long' ? 'lang' : 'breed'})` })), (req, res) => {
    const parsed = exportQuery.safeParse(req.query);
    if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => (i.code === 'unrecognized_keys' ? `Onbekende parameter: ${i.keys.join(', ')}.` : i.message)).join(' '));
    const study = studyOf(res);
    const data = readStudyData(deps.course.course, stores, new Date(deps.now()));
    const options = { text: parsed.data.text === '1', random };
    const shape = parsed.data.shape;
    const sheet = shape === 'long' ? longSheet(study, data, options) : shape === 'wide' ? wideSheet(study, data, options) : shape === 'participants' ? participantSheet(study, data, options) : openingSheet(data);
    sendCsv(res, parsed.data.text === '1' || shape === 'openings' ? SHAPES[shape] : `${SHAPES[shape]}-zonder-tekst`, sheet);
  });

  router.get('/research/codebook.csv', canSee, hasStudy, (_req, res) => sendCsv(res, 'codeboek', codebookSheet(studyOf(res))));
  router.get('/research/steun-onderzoek.R', canSee, hasStudy, (_req, res) => sendScript(res, 'steun-onderzoek.R', 'text/plain', rScript(studyOf(res))));
  router.get('/research/steun-onderzoek.sps', canSee, hasStudy, (_req, res) => sendScript(res, 'steun-onderzoek.sps', 'text/plain', spssSyntax(studyOf(res), today())));

  /** :wave is a wave of the study (404) and the form is valid (400); the reach is computed once. */
  const readOpening = (req: Request, res: Response, next: NextFunction) => {
    const study = studyOf(res);
    const wave = study.waves.find((w) => w.id === req.params.wave);
    if (!wave) return next(new HttpError(404, `Meting "${String(req.params.wave)}" bestaat niet in het onderzoek.`));
    const parsed = openForm.safeParse(req.body ?? {});
    if (!parsed.success) return next(new HttpError(400, parsed.error.issues.map((i) => i.message).join(' ')));
    const { school, days } = parsed.data;
    if (school !== null && !stores.accounts.schoolById(school)) return next(new HttpError(400, `School ${school} bestaat niet.`));
    const now = new Date(deps.now());
    const until = new Date(now.getTime() + days * 86_400_000);
    const teachers = readCohort(deps.course.course, stores).map((m) => m.participation).filter((p) => consentCurrent(study, p));
    const reach = openingReach(study, teachers, wave.id, school, stores.research.openings(), now);
    res.locals.opening = { wave, school, until, reach, scope: school === null ? 'alle scholen' : `school ${school}` };
    next();
  };
  type Opening = { wave: Study['waves'][number]; school: number | null; until: Date; reach: OpeningReach; scope: string };
  const openingOf = (res: Response) => res.locals.opening as Opening;

  router.post(
    '/research/waves/:wave/open',
    canSee,
    hasStudy,
    readOpening,
    confirmFirst((req) => {
      const o = openingOf(req.res!);
      return {
        title: `${o.wave.title} openen voor ${o.scope}?`,
        consequence: `${reachText(o.reach)} De meting blijft open tot ${dutchDate(o.until)}, en gaat in die tijd ook open voor wie er dan aan toe is. Je kunt de opening eerder sluiten. De opening komt in het logboek en in de export.`,
        confirmLabel: `Ja, open de ${o.wave.title.toLowerCase()}`,
        back: '/research#openen',
      };
    }),
    (req, res) => {
      const o = openingOf(res);
      const now = new Date(deps.now());
      stores.research.addOpening(o.wave.id, o.school, now.toISOString(), o.until.toISOString(), o.reach.affected, req.user!.id);
      deps.logger?.info({ wave: o.wave.id, school: o.school, until: o.until.toISOString(), teachers: o.reach.affected, by: req.user!.id }, 'study wave opened by a researcher');
      stores.audit.record(actorOf(req), 'wave-open', { schoolId: o.school, detail: `${o.wave.title} (${o.wave.id}) tot ${dutchDate(o.until)}, ${o.scope}, ${o.reach.affected} ${o.reach.affected === 1 ? 'leerkracht' : 'leerkrachten'}` });
      flash(req, 'success', `${o.wave.title} is open tot ${dutchDate(o.until)} voor ${o.scope}: voor ${o.reach.affected} ${o.reach.affected === 1 ? 'leerkracht' : 'leerkrachten'} nu.`);
      res.redirect(303, '/research#openen');
    },
  );

  router.post('/research/openings/:id/close', canSee, hasStudy, (req, res) => {
    const parsed = openingId.safeParse(req.params);
    if (!parsed.success) throw new HttpError(400, 'Dat is geen opening.');
    const opening = stores.research.openings().find((o) => o.id === parsed.data.id);
    if (!opening) throw new HttpError(404, 'Deze opening bestaat niet.');
    if (!stores.research.closeOpening(opening.id, new Date(deps.now()).toISOString())) throw new HttpError(400, 'Deze opening is al gesloten of voorbij.');
    deps.logger?.info({ opening: opening.id, wave: opening.wave, by: req.user!.id }, 'study wave opening closed by a researcher');
    stores.audit.record(actorOf(req), 'wave-open', { schoolId: opening.schoolId, detail: `opening van ${opening.wave} gesloten` });
    flash(req, 'success', `De opening van ${opening.wave} voor ${opening.schoolId === null ? 'alle scholen' : `school ${opening.schoolId}`} is gesloten. Wat al is ingevuld, blijft bewaard.`);
    res.redirect(303, '/research#openen');
  });

  return router;
}
