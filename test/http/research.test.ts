// The researcher's data and effect overview against a data set worked out by hand.
import type { CourseTestApp } from '../support/course-app';
import { addUser, signIn, type Agent } from '../support/app';
import { studyApp } from '../support/study-app';

let t: CourseTestApp;
let researcher: Agent;
const codes: string[] = [];

// Per teacher: nabijheid (warm = troost) before the course (t1) and after it (t2). Pairs of subscale
// means: (2,3) (3,3) (2,4) (4,5) (3,4), as in the unit test of the paired effect: mean difference 1,
// 95 % interval 0.12 .. 1.88, d = 1.41, p = 0.034.
const NABIJ = [[2, 3], [3, 3], [2, 4], [4, 5], [3, 4]] as const;

beforeEach(async () => {
  t = await studyApp();
  const school = t.stores.accounts.schools()[0]!;
  codes.length = 0;
  for (const [i, [before, after]] of NABIJ.entries()) {
    const teacher = await addUser(t.stores, { email: `leerkracht${i}@school.nl`, name: `Leerkracht Achternaam${i}`, schoolId: school.id });
    codes.push(t.stores.research.decide(teacher.id, 'yes', 'v1').code);
    t.stores.research.setPupils(teacher.id, [`Kindnaam${i}`]);
    t.stores.research.saveAnswers(teacher.id, 't0', 'keuze', 0, [{ item: 'jaren', value: String(10 + i) }, { item: 'groep', value: '2' }, { item: 'gedaan', value: '[1,3]' }, { item: 'reden', value: `=HYPERLINK("x") reden ${i}` }]);
    t.stores.research.saveAnswers(teacher.id, 't1', 'relatie', 1, [{ item: 'warm', value: String(before) }, { item: 'troost', value: String(before) }, { item: 'botsen', value: '2' }, { item: 'rustig', value: '4' }]);
    // Conflict after the course is complete for only four: too few pairs.
    t.stores.research.saveAnswers(teacher.id, 't2', 'relatie', 1, [{ item: 'warm', value: String(after) }, { item: 'troost', value: String(after) }, { item: 'botsen', value: '1' }, ...(i < 4 ? [{ item: 'rustig', value: '5' }] : [])]);
  }
  await addUser(t.stores, { email: 'onderzoek@uni.nl', name: 'Onderzoeker', role: 'researcher' });
  researcher = await signIn(t.app, 'onderzoek@uni.nl');
});
afterEach(() => t.close());

async function csv(path: string): Promise<{ raw: string; rows: Record<string, string>[] }> {
  const res = await researcher.get(path).buffer(true).parse((r, cb) => {
    let data = '';
    r.setEncoding('utf8');
    r.on('data', (c: string) => (data += c));
    r.on('end', () => cb(null, data));
  });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  const raw = res.body as string;
  expect(raw.startsWith('\uFEFF')).toBe(true);
  const [header, ...body] = parseCsv(raw.slice(1));
  return { raw, rows: body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? '']))) };
}

/** Semicolon CSV with quoted cells ("" inside quotes), as csv-stringify writes it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

const NAMES = /Achternaam|Kindnaam|@school\.nl|Juf Anna|regenboog/i;

test('the effect overview matches the hand calculation, and says "te weinig gegevens" below 5 pairs', async () => {
  const page = await researcher.get('/research');
  expect(page.status).toBe(200);
  expect(page.text).not.toContain('{pupil}');
  expect(page.text).toMatch(/<h3>[^<]+: nabijheid <small class="muted"><code>relatie\.nabijheid<\/code><\/small><\/h3>\s*<p class="muted">Eerste meting: – \(n = 0\) · Tweede meting: 2,80 \(n = 5\) · Nameting: 3,80 \(n = 5\)<\/p>/);
  expect(page.text).toContain('<td>5</td><td>2,80</td><td>3,80</td><td>1,00</td><td>0,12 tot 1,88</td><td>1,41</td><td>0,034</td>');
  expect(page.text).toMatch(/<h3>[^<]+: conflict <small class="muted"><code>relatie\.conflict<\/code><\/small><\/h3>[\s\S]*?t1 → t2: <strong>te weinig gegevens<\/strong> \(4 paren\)/);
  expect(page.text).not.toMatch(NAMES);
});

test('the long export: one row per answer, multiple items as 0/1 per option, no names, formulas defused', async () => {
  const { raw, rows } = await csv('/research/export.csv?shape=long');
  expect(raw).not.toMatch(NAMES);
  expect(Object.keys(rows[0]!)).toEqual(['participant', 'school', 'wave', 'questionnaire', 'pupil', 'item', 'value', 'answered_at']);
  const first = rows.filter((r) => r.participant === codes[0]);
  expect(first.filter((r) => (r.item ?? '').startsWith('gedaan')).map((r) => [r.item, r.value, r.pupil])).toEqual([['gedaan.1', '1', ''], ['gedaan.2', '0', ''], ['gedaan.3', '1', '']]);
  expect(first.find((r) => r.wave === 't1' && r.item === 'rustig')).toMatchObject({ questionnaire: 'relatie', pupil: '1', value: '4' });
  expect(first.find((r) => r.item === 'reden')!.value).toBe(`'=HYPERLINK("x") reden 0`);
  // 5 × (3 keuze + 3 gedaan options + 4 t1) + 4 × 4 + 1 × 3 at t2
  expect(rows).toHaveLength(5 * 10 + 4 * 4 + 3);
});

test('the wide export: one row per participant × pupil × wave, subscale means with reversed items', async () => {
  const { raw, rows } = await csv('/research/export.csv?shape=wide');
  expect(raw).not.toMatch(NAMES);
  const header = Object.keys(rows[0]!);
  expect(header.slice(0, 4)).toEqual(['participant', 'school', 'wave', 'pupil']);
  expect(header).toEqual(expect.arrayContaining(['keuze.gedaan.2', 'relatie.warm', 'relatie.nabijheid', 'relatie.conflict']));
  const mine = rows.filter((r) => r.participant === codes[0]);
  expect(mine.map((r) => [r.wave, r.pupil])).toEqual([['t0', '1'], ['t1', '1'], ['t2', '1']]);
  expect(mine[0]).toMatchObject({ 'keuze.jaren': '10', 'keuze.gedaan.1': '1', 'keuze.gedaan.2': '0', 'relatie.warm': '' });
  // t1: botsen 2, rustig 4 reversed to 2 -> conflict 2; t2: botsen 1, rustig 5 reversed to 1 -> 1.
  expect(mine[1]).toMatchObject({ 'relatie.nabijheid': '2', 'relatie.conflict': '2', 'keuze.jaren': '' });
  expect(mine[2]).toMatchObject({ 'relatie.nabijheid': '3', 'relatie.conflict': '1' });
  expect(rows.find((r) => r.participant === codes[4] && r.wave === 't2')).toMatchObject({ 'relatie.conflict': '', 'relatie.nabijheid': '4' });
});

test('the codebook names every variable with its values, subscale and reversal', async () => {
  const { rows } = await csv('/research/codebook.csv');
  expect(Object.keys(rows[0]!)).toEqual(['variable', 'questionnaire', 'item text', 'kind', 'values', 'subscale', 'reversed']);
  const rustig = rows.find((r) => r.variable === 'relatie.rustig')!;
  expect(rustig).toMatchObject({ questionnaire: 'relatie', kind: 'schaal', values: '1 = Helemaal niet | 2 = Niet | 3 = Neutraal | 4 = Wel | 5 = Helemaal wel', subscale: 'conflict', reversed: 'ja' });
  expect(rows.find((r) => r.variable === 'keuze.gedaan.2')).toMatchObject({ 'item text': 'Wat heb je al gedaan? — Een plan gemaakt', values: '0 = niet gekozen | 1 = gekozen' });
  expect(rows.find((r) => r.variable === 'keuze.jaren')).toMatchObject({ kind: 'geheel getal', values: '0..50' });
  expect(rows.find((r) => r.variable === 'relatie.conflict')!['item text']).toContain('rustig (omgekeerd)');
});

test('an unknown export shape is a 400', async () => {
  const res = await researcher.get('/research/export.csv?shape=diagonaal');
  expect(res.status).toBe(400);
  expect(res.text).toContain('shape moet long of wide zijn.');
});

test('withdrawn teachers are not in the data', async () => {
  const first = t.stores.research.allParticipants().find((p) => p.code === codes[0])!;
  t.stores.research.decide(first.userId, 'withdrawn', 'v1');
  const { rows } = await csv('/research/export.csv?shape=long');
  expect(rows.some((r) => r.participant === codes[0])).toBe(false);
});
