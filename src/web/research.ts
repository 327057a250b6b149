// The researcher's pages: response per wave and school, the effect overview, the data in two
// shapes and its codebook, and opening or extending a wave. Researchers and admins only.
import type { Clock } from '../clock';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import type { LiveCourse } from '../course/live';
import type { Study } from '../research/model';
import type { Stores } from '../db';
import { hasRole } from './guards';
import { withBody } from './validate';
import { flash } from './flash';
import { HttpError } from './errors';
import { dutchDate, isoDay } from '../learning/dates';
import { fillPupilText } from './study';
import { CODEBOOK_COLUMNS, codebookRows, longRows, readStudyData, responseBySchool, subscaleSummaries, wideRows } from './research-data';
import { actorOf, auditOnSuccess } from './audit';

const exportQuery = z.object({ shape: z.enum(['long', 'wide'], { error: 'shape moet long of wide zijn.' }) });
const openForm = z.object({
  school: z
    .string({ error: 'Kies een school of alle scholen.' })
    .trim()
    .regex(/^\d*$/, 'school moet het nummer van een school zijn (of leeg voor alle scholen).')
    .optional()
    .transform((v) => (v ? Number(v) : null)),
  days: z.coerce.number({ error: 'Vul het aantal dagen in.' }).int('Het aantal dagen moet een heel getal zijn.').min(1, 'Minstens 1 dag.').max(365, 'Hoogstens 365 dagen.'),
});

const number = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export function formatNumber(n: number | null): string {
  return n === null ? '–' : number.format(n);
}
const pValue = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
export function formatP(p: number): string {
  return p < 0.001 ? '< 0,001' : pValue.format(p);
}

function studyOf(res: Response): Study {
  return res.locals.study as Study;
}

export function researchRouter(deps: { course: LiveCourse; stores: Stores; now: Clock }): Router {
  const { stores } = deps;
  const router = Router();
  const canSee = hasRole('researcher', 'admin');
  const hasStudy = (_req: Request, res: Response, next: NextFunction) => {
    const study = deps.course.course.study;
    if (!study) return next(new HttpError(404, 'Bij deze cursus hoort geen onderzoek.'));
    res.locals.study = study;
    next();
  };

  const sendCsv = (res: Response, name: string, header: string[], rows: (string | number)[][]) => {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="steun-onderzoek-${name}-${isoDay(new Date(deps.now()))}.csv"`);
    // The report's conventions: BOM, semicolons, and cells that cannot run as formulas.
    const csv = stringify({ bom: true, escape_formulas: true, delimiter: ';', header: true, columns: header });
    csv.pipe(res);
    for (const row of rows) csv.write(row);
    csv.end();
  };

  router.get('/research', canSee, hasStudy, (req, res) => {
    const study = studyOf(res);
    const data = readStudyData(stores);
    const response = responseBySchool(study, stores);
    const now = new Date(deps.now());
    res.render('research/index', {
      title: /^onderzoek\b/i.test(study.title) ? study.title : `Onderzoek: ${study.title}`,
      study,
      response,
      // Headed by the questionnaire's title, read for any pupil ("Jij en de leerling").
      subscales: subscaleSummaries(study, data).map((s) => ({ ...s, heading: fillPupilText(s.questionnaire.title, `de ${study.pupils?.label ?? 'leerling'}`) })),
      participants: data.participants.length,
      openings: stores.research.openings().map((o) => ({ ...o, active: Date.parse(o.until) > now.getTime(), until: dutchDate(o.until), openedAt: dutchDate(o.openedAt) })),
      schools: stores.accounts.schools().map((s) => ({ id: s.id, label: req.user!.role === 'admin' ? `${s.id} (${s.name})` : String(s.id) })),
      formatNumber,
      formatP,
      styles: ['/static/css/study.css'],
    });
  });

  router.get('/research/export.csv', canSee, hasStudy, auditOnSuccess(stores, 'export', (req) => ({ detail: `onderzoeksgegevens (${req.query.shape === 'long' ? 'lang' : 'breed'})` })), (req, res) => {
    const parsed = exportQuery.safeParse(req.query);
    if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => i.message).join(' '));
    const study = studyOf(res);
    const data = readStudyData(stores);
    if (parsed.data.shape === 'long') return sendCsv(res, 'lang', ['participant', 'school', 'wave', 'questionnaire', 'pupil', 'item', 'value', 'answered_at'], longRows(study, data));
    const wide = wideRows(study, data);
    sendCsv(res, 'breed', wide.header, wide.rows);
  });

  router.get('/research/codebook.csv', canSee, hasStudy, (_req, res) => {
    sendCsv(res, 'codeboek', CODEBOOK_COLUMNS, codebookRows(studyOf(res)));
  });

  router.post(
    '/research/waves/:wave/open',
    canSee,
    hasStudy,
    withBody(openForm, (req, res, input) => {
      const study = studyOf(res);
      const wave = study.waves.find((w) => w.id === req.params.wave);
      if (!wave) throw new HttpError(404, `Meting "${String(req.params.wave)}" bestaat niet in het onderzoek.`);
      if (input.school !== null && !stores.accounts.schoolById(input.school)) throw new HttpError(400, `School ${input.school} bestaat niet.`);
      const now = new Date(deps.now());
      const until = new Date(now.getTime() + input.days * 86_400_000);
      stores.research.addOpening(wave.id, input.school, now.toISOString(), until.toISOString());
      stores.audit.record(actorOf(req), 'wave-open', { schoolId: input.school, detail: `${wave.title} (${wave.id}) tot ${dutchDate(until)}${input.school === null ? ', alle scholen' : ''}` });
      flash(req, 'success', `${wave.title} is open tot ${dutchDate(until)} voor ${input.school === null ? 'alle scholen' : `school ${input.school}`}.`);
      res.redirect(303, '/research#openen');
    }),
  );

  return router;
}
