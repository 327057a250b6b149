// The CSV is written in pieces that each fit in a turn; together they are exactly the CSV of every
// row at once (byte-order mark, header, semicolons, formulas kept as text).
import { stringify } from 'csv-stringify/sync';
import { csvPieces } from '../../../src/web/reports';
import { Turns } from '../../../src/turns';

const columns = ['naam', 'e-mail', 'score (%)', 'afgerond op'];
const rows = Array.from({ length: 2345 }, (_, i) => ({ name: i % 7 === 0 ? `=HYPERLINK("x";"${i}")` : `Juf ${i}; "de ${i}e"`, email: `juf${i}@school.nl`, score: i % 3 === 0 ? null : i % 101, on: i % 5 === 0 ? '' : '2026-12-07' }));
const record = (r: (typeof rows)[number]) => [r.name, r.email, r.score ?? '', r.on];
const whole = stringify(rows.map(record), { bom: true, header: true, columns, escape_formulas: true, delimiter: ';' });

async function pieces(of: typeof rows, turns: Turns): Promise<string[]> {
  const out: string[] = [];
  for await (const piece of csvPieces(of, record, columns, turns)) out.push(piece);
  return out;
}

test('a turn used up after every hundred rows: a piece per hundred, the same CSV', async () => {
  const out = await pieces(rows, new Turns(0));
  expect(out).toHaveLength(1 + Math.ceil(rows.length / 100));
  expect(out.join('')).toBe(whole);
  expect(out[0]).toBe(`\ufeff${columns.join(';')}\n`);
});

test('turns long enough for everything: the header, then one piece of every row, the same CSV', async () => {
  const out = await pieces(rows, new Turns(1e9));
  expect(out).toHaveLength(2);
  expect(out.join('')).toBe(whole);
});

test('no rows: the header alone', async () => {
  expect(await pieces([], new Turns())).toEqual([`\ufeff${columns.join(';')}\n`]);
});
