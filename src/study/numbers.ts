// Figures as the researcher's page shows them: a decimal comma and three decimals, rounded half
// away from zero on the value as written (3,275 shows as 3,28 at two decimals, as R, SPSS and
// Excel show it, not as the binary value just below it).
const formats = new Map<number, Intl.NumberFormat>();

export function roundHalfUp(x: number, digits: number): number {
  const f = 10 ** digits;
  // A value within 1e-12 of a tie is a tie: binary floating point cannot hold 3.275 exactly.
  return (Math.sign(x) * Math.round(Math.abs(x) * f * (1 + 1e-12))) / f;
}

export function formatNumber(n: number | null, digits = 3): string {
  if (n === null || !Number.isFinite(n)) return '–';
  let f = formats.get(digits);
  if (!f) formats.set(digits, (f = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false })));
  const r = roundHalfUp(n, digits);
  return f.format(r === 0 ? 0 : r);
}

export function formatP(p: number): string {
  return p < 0.001 ? '< 0,001' : formatNumber(p, 3);
}
