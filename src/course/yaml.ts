// YAML with line numbers: parse errors and schema errors point at the real line in the file.
import { parseDocument, LineCounter, isMap, isSeq, isScalar, type Node } from 'yaml';
import type { z } from 'zod';
import type { Problems } from './problems';

export interface ParsedYaml {
  value: unknown;
  /** Line (in the file) of the key at this path, or of the nearest parent that exists. */
  lineOf: (path: readonly PropertyKey[]) => number;
}

/**
 * Parses `text`, which starts at line `firstLine` of `file`. Reports YAML syntax errors and
 * returns null when the text cannot be read.
 */
export function parseYaml(text: string, file: string, firstLine: number, problems: Problems): ParsedYaml | null {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const toLine = (offset: number) => counter.linePos(offset).line + firstLine - 1;
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.error(file, toLine(e.pos[0]), `ongeldige YAML: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`);
    return null;
  }
  const lineOf = (path: readonly PropertyKey[]): number => {
    let node: unknown = doc.contents;
    let line = node && (node as Node).range ? toLine((node as Node).range![0]) : firstLine;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) break;
        if (isScalar(pair.key) && pair.key.range) line = toLine(pair.key.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Node | undefined;
        if (!item) break;
        if (item.range) line = toLine(item.range[0]);
        node = item;
      } else break;
    }
    return line;
  };
  return { value: doc.toJS() ?? {}, lineOf };
}

/** Validates with zod; each issue becomes an error at the line of its key. Unknown keys are warnings. */
export function validateYaml<S extends z.ZodType>(
  parsed: ParsedYaml,
  schema: S,
  file: string,
  problems: Problems,
  knownKeys?: readonly string[],
): z.output<S> | null {
  const value = parsed.value;
  if (knownKeys && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of Object.keys(value)) {
      if (!knownKeys.includes(key)) problems.warning(file, parsed.lineOf([key]), `onbekende sleutel "${key}" (bekend: ${knownKeys.join(', ')})`);
    }
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const where = issue.path.length ? issue.path.map(String).join('.') : 'de YAML';
    problems.error(file, parsed.lineOf(issue.path), issue.message.includes('{key}') ? issue.message.replace('{key}', where) : `${where}: ${issue.message}`);
  }
  return null;
}

/** Splits `---` front matter from a markdown file. Body line numbers start at `bodyLine`. */
export function splitFrontMatter(source: string): { yaml: string | null; yamlLine: number; body: string; bodyLine: number } {
  const text = source.replace(/^\uFEFF/, '');
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return { yaml: null, yamlLine: 1, body: text, bodyLine: 1 };
  const consumed = match[0];
  return { yaml: match[1] ?? '', yamlLine: 2, body: text.slice(consumed.length), bodyLine: consumed.split('\n').length };
}
