// Quiz syntax from marked's token tree: `##` starts a question, paragraphs are its case, a task
// list holds the options ([x] correct) with nested blockquotes as feedback, and a blockquote
// after the list explains the answer. Used for quiz.md and for exercise blocks.
import type { Token, Tokens } from 'marked';
import type { Question, Option } from './model';
import type { Markdown } from './markdown';
import { positioned } from './markdown';

export interface QuizSource {
  /** The markdown after the front matter (or after the exercise's `---`). */
  body: string;
  /** Line in the file where `body` starts. */
  firstLine: number;
}

export interface QuizParseReport {
  error: (line: number, message: string) => void;
  warning: (line: number, message: string) => void;
}

interface Draft {
  line: number;
  text: string;
  html: string;
  body: Token[];
  bodyLine: number;
  options: Option[];
  listLine: number;
  listSeen: boolean;
  explanation: string[];
}

export function shorten(text: string, max = 40): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max).trimEnd()} ...`;
}

function plain(token: Tokens.Heading): string {
  return token.text.replace(/[*_`]/g, '').trim();
}

export function parseQuestions(src: QuizSource, md: Markdown, report: QuizParseReport): Question[] {
  const body = src.body.replace(/\r\n?/g, '\n');
  const tokens = positioned(md.lex(body), body, src.firstLine);
  const drafts: Draft[] = [];
  let current: Draft | null = null;
  let warnedPreamble = false;

  for (const { token, line } of tokens) {
    if (token.type === 'space') continue;
    if (token.type === 'heading' && (token as Tokens.Heading).depth === 2) {
      const h = token as Tokens.Heading;
      current = { line, text: plain(h), html: md.renderInline(h.text, { line, raw: h.raw }), body: [], bodyLine: line + 1, options: [], listLine: line, listSeen: false, explanation: [] };
      drafts.push(current);
      continue;
    }
    if (!current) {
      if (!warnedPreamble) report.warning(line, 'tekst vóór de eerste vraag (kop ##) wordt genegeerd');
      warnedPreamble = true;
      continue;
    }
    if (token.type === 'list') {
      if (current.listSeen) {
        report.error(line, `vraag "${shorten(current.text)}" heeft een tweede lijst met opties; elke vraag heeft één lijst`);
        continue;
      }
      current.listSeen = true;
      current.listLine = line;
      parseOptions(token as Tokens.List, line, current, md, report);
      continue;
    }
    if (!current.listSeen) {
      if (current.body.length === 0) current.bodyLine = line;
      current.body.push(token);
      continue;
    }
    if (token.type === 'blockquote') {
      current.explanation.push(md.renderBlocks((token as Tokens.Blockquote).tokens, { line, raw: token.raw }));
      continue;
    }
    report.warning(line, `tekst na de opties van vraag "${shorten(current.text)}" wordt genegeerd; schrijf de uitleg als citaat (> ...)`);
  }

  return drafts.map((d, index) => {
    const correct = d.options.filter((o) => o.correct).length;
    if (!d.listSeen || d.options.length === 0) report.error(d.line, `vraag "${shorten(d.text)}" heeft geen opties (regels - [ ] en - [x])`);
    else if (d.options.length < 2) report.error(d.listLine, `vraag "${shorten(d.text)}" heeft minstens twee opties nodig`);
    else if (correct === 0) report.error(d.line, `vraag "${shorten(d.text)}" heeft geen goede optie ([x])`);
    return {
      index,
      line: d.line,
      text: d.text,
      html: d.html,
      bodyHtml: d.body.length ? md.renderBlocks(d.body, { line: d.bodyLine, raw: d.body.map((t) => t.raw).join('') }) : '',
      options: d.options,
      multiple: correct > 1,
      explanationHtml: d.explanation.join(''),
    };
  });
}

function parseOptions(list: Tokens.List, listLine: number, q: Draft, md: Markdown, report: QuizParseReport): void {
  let offset = 0;
  let line = listLine;
  for (const item of list.items) {
    const at = list.raw.indexOf(item.raw, offset);
    if (at >= 0) {
      line = listLine + (list.raw.slice(0, at).match(/\n/g)?.length ?? 0);
      offset = at + item.raw.length;
    }
    if (!item.task) {
      report.error(line, `"${shorten(item.text)}" is geen optie: schrijf opties als "- [ ] tekst" of "- [x] tekst"`);
      continue;
    }
    const textTokens: string[] = [];
    const feedback: string[] = [];
    for (const t of item.tokens) {
      if (t.type === 'checkbox') continue;
      if (t.type === 'blockquote') feedback.push(md.renderBlocks((t as Tokens.Blockquote).tokens, { line, raw: item.raw }));
      else if (t.type === 'text' || t.type === 'paragraph') textTokens.push((t as Tokens.Text).text);
      else if (t.type !== 'space') report.warning(line, `in een optie horen alleen tekst en een citaat (feedback); "${t.type}" wordt genegeerd`);
    }
    const text = textTokens.join(' ').trim();
    if (!text) report.error(line, 'een optie heeft geen tekst');
    q.options.push({ index: q.options.length, html: md.renderInline(text, { line, raw: item.raw }), correct: item.checked === true, feedbackHtml: feedback.join('') });
  }
}
