// The text drawn on a pdfkit page, for tests: inflates every content stream and joins the strings
// of each TJ/Tj operator (pdfkit writes the standard fonts' text as hex in WinAnsi encoding).
import zlib from 'node:zlib';

/** Every content stream, inflated: the drawing operators of the pages. */
export function pdfContent(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    try {
      out.push(zlib.inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1'));
    } catch {
      // Not a deflated stream (a font program, say): no drawing operators in it.
    }
  }
  return out.join('\n');
}

export function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  {
    const content = pdfContent(pdf);
    for (const op of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hex = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('') : op[2]!;
      out.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return out.join('\n');
}
