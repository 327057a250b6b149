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
      if (!warnedPreamble) report.warning(line, 'text before the first question (## heading) is ignored');
      warnedPreamble = true;
      continue;
    }
    if (token.type === 'list') {
      if (current.listSeen) {
        report.error(line, `question "${shorten(current.text)}" has a second option list; each question has one list of options`);
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
    report.warning(line, `text after the options of question "${shorten(current.text)}" is ignored; write the explanation as a blockquote (> ...)`);
  }

  return drafts.map((d, index) => {
    const correct = d.options.filter((o) => o.correct).length;
    if (!d.listSeen || d.options.length === 0) report.error(d.line, `question "${shorten(d.text)}" has no options (- [ ] and - [x] items)`);
    else if (d.options.length < 2) report.error(d.listLine, `question "${shorten(d.text)}" needs at least two options`);
    else if (correct === 0) report.error(d.line, `question "${shorten(d.text)}" has no correct option ([x])`);
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
      report.error(line, `"${shorten(item.text)}" is not an option: write options as "- [ ] text" or "- [x] text"`);
      continue;
    }
    const textTokens: string[] = [];
    const feedback: string[] = [];
    for (const t of item.tokens) {
      if (t.type === 'checkbox') continue;
      if (t.type === 'blockquote') feedback.push(md.renderBlocks((t as Tokens.Blockquote).tokens, { line, raw: item.raw }));
      else if (t.type === 'text' || t.type === 'paragraph') textTokens.push((t as Tokens.Text).text);
      else if (t.type !== 'space') report.warning(line, `only text and a blockquote (feedback) belong in an option; "${t.type}" is ignored`);
    }
    const text = textTokens.join(' ').trim();
    if (!text) report.error(line, 'an option has no text');
    q.options.push({ index: q.options.length, html: md.renderInline(text, { line, raw: item.raw }), correct: item.checked === true, feedbackHtml: feedback.join('') });
  }
}
