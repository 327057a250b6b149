// A video's captions as readable text: the WebVTT cues without numbers, timecodes or markup, in
// paragraphs, for teachers who cannot play sound and for print.

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&nbsp;': '\u00a0', '&lrm;': '', '&rlm;': '' };
const TIME = /^(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})/;

function seconds(stamp: string): number | null {
  const m = TIME.exec(stamp.trim());
  if (!m) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

function cleanText(lines: readonly string[]): string {
  return lines
    .join(' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|nbsp|lrm|rlm);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Paragraphs of a WebVTT file's cue text. A pause of two seconds or more starts a new paragraph, and
 * so does a sentence end once a paragraph has grown past about 400 characters.
 */
export function transcriptParagraphs(vtt: string): string[] {
  const blocks = vtt.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split(/\n{2,}/);
  const paragraphs: string[] = [];
  let current = '';
  let lastEnd: number | null = null;
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    const at = lines.findIndex((l) => l.includes('-->'));
    if (at < 0) continue; // the header, NOTE, STYLE and REGION blocks
    const [from, to] = lines[at]!.split('-->');
    const start = seconds(from ?? '');
    const end = seconds(to ?? '');
    const text = cleanText(lines.slice(at + 1));
    if (!text) continue;
    const pause = start !== null && lastEnd !== null && start - lastEnd >= 2;
    const long = current.length > 400 && /[.!?…]["”’)]?$/.test(current);
    if (current && (pause || long)) {
      paragraphs.push(current);
      current = '';
    }
    current = current ? `${current} ${text}` : text;
    if (end !== null) lastEnd = end;
  }
  if (current) paragraphs.push(current);
  return paragraphs;
}
