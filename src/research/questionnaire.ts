// One questionnaire file: front matter (title, about, scale), `#` headings that start pages, and
// `## Question {#id ...}` items with their kind, subscale and options, every problem with its line.
import { z } from 'zod';
import type { Tokens } from 'marked';
import type { Problems } from '../course/problems';
import { parseYaml, splitFrontMatter, validateYaml } from '../course/yaml';
import { positioned, type Markdown, type RenderContext } from '../course/markdown';
import type { Item, ItemKind, Questionnaire, QuestionnairePage } from './model';

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ATTRIBUTES = /\{#([^\s}]*)([^}]*)\}\s*$/;
export const DEFAULT_SCALE = ['Klopt helemaal niet', 'Klopt niet', 'Neutraal', 'Klopt', 'Klopt helemaal'];
export const NUMBER_DEFAULT = { min: 0, max: 1000 };

const frontSchema = z.object({
  title: z.string({ error: '{key} is required (the questionnaire title)' }).trim().min(1, '{key} must not be empty'),
  about: z.enum(['pupil', 'self'], { error: '{key} must be pupil or self' }).default('self'),
  scale: z.array(z.union([z.string(), z.number()]).transform(String), { error: '{key} must be a list of answer labels' }).min(2, '{key} needs at least two labels').default(DEFAULT_SCALE),
});
const FRONT_KEYS = ['title', 'about', 'scale'];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Draft extends Mutable<Omit<Item, 'options'>> {
  options: string[];
  listLine: number;
}

export function parseQuestionnaire(input: { file: string; id: string; source: string }, md: Markdown, context: RenderContext, problems: Problems): Questionnaire | null {
  const { file, id } = input;
  const fm = splitFrontMatter(input.source);
  if (fm.yaml === null) {
    problems.error(file, 1, 'questionnaire has no front matter: start the file with ---, title: ..., ---');
    return null;
  }
  const parsed = parseYaml(fm.yaml, file, fm.yamlLine, problems);
  const front = parsed && validateYaml(parsed, frontSchema, file, problems, FRONT_KEYS);

  const body = fm.body.replace(/\r\n?/g, '\n');
  md.begin(context);
  const tokens = positioned(md.lex(body), body, fm.bodyLine);
  const pages: { title: string; intro: string[]; items: Draft[] }[] = [];
  const intro: string[] = [];
  const drafts: Draft[] = [];
  const ids = new Map<string, number>();
  let current: Draft | null = null;

  for (const { token, line } of tokens) {
    if (token.type === 'space') continue;
    if (token.type === 'heading' && (token as Tokens.Heading).depth === 1) {
      pages.push({ title: (token as Tokens.Heading).text.trim(), intro: [], items: [] });
      current = null;
      continue;
    }
    if (token.type === 'heading' && (token as Tokens.Heading).depth === 2) {
      const h = token as Tokens.Heading;
      const match = ATTRIBUTES.exec(h.text);
      const text = (match ? h.text.slice(0, match.index) : h.text).trim();
      if (!match || !match[1]) {
        problems.error(file, line, `item "${text}" has no id: end the heading with {#id}, for example {#warm}`);
        current = null;
        continue;
      }
      const itemId = match[1];
      if (!ID.test(itemId)) problems.error(file, line, `item id "${itemId}" must be lowercase letters, digits and dashes`);
      const other = ids.get(itemId);
      if (other !== undefined) problems.error(file, line, `item id "${itemId}" is also used at line ${other}; every item in a questionnaire needs its own id`);
      ids.set(itemId, line);
      if (pages.length === 0) pages.push({ title: '', intro: [], items: [] });
      current = {
        id: itemId,
        variable: `${id}.${itemId}`,
        line,
        text,
        html: md.renderInline(text, { line, raw: h.raw }),
        kind: 'scale',
        options: [],
        min: null,
        max: null,
        subscale: null,
        reverse: false,
        optional: false,
        page: pages.length - 1,
        listLine: line,
      };
      readAttributes(current, match[2] ?? '', file, problems);
      drafts.push(current);
      pages.at(-1)!.items.push(current);
      continue;
    }
    if (token.type === 'list' && current) {
      const list = token as Tokens.List;
      if (current.options.length > 0) problems.error(file, line, `item "${current.id}" has a second option list`);
      current.options = list.items.map((i) => i.text.trim());
      current.listLine = line;
      continue;
    }
    const html = md.renderBlocks([token], { line, raw: token.raw });
    if (current) problems.warning(file, line, `text after item "${current.id}" is ignored: put explanations before the items of a page`);
    else if (pages.length > 0) pages.at(-1)!.intro.push(html);
    else intro.push(html);
  }
  md.end();

  for (const d of drafts) finishItem(d, file, problems);
  // A subscale's mean is a column beside the items' (`relatie.conflict`): the names must differ.
  for (const d of drafts) {
    if (d.subscale && ids.has(d.subscale)) problems.error(file, d.line, `subscale "${d.subscale}" has the name of an item (line ${ids.get(d.subscale)}); in the data both would be ${id}.${d.subscale}`);
  }
  if (drafts.length === 0) problems.error(file, fm.bodyLine, 'questionnaire has no items (## Question {#id})');
  if (!front) return null;

  const scale = front.scale;
  const items: Item[] = drafts.map((d) => {
    const { listLine: _listLine, ...item } = d;
    return { ...item, options: d.kind === 'scale' ? scale : d.options };
  });
  const byId = new Map(items.map((i) => [i.id, i]));
  const builtPages: QuestionnairePage[] = pages
    .filter((p) => p.items.length > 0)
    .map((p) => ({ title: p.title, introHtml: p.intro.join(''), items: p.items.map((d) => byId.get(d.id)!) }));
  // Pages without items are dropped, so item page numbers are renumbered to match.
  const renumbered = builtPages.map((p, page) => ({ ...p, items: p.items.map((i) => ({ ...i, page })) }));
  const allItems = renumbered.flatMap((p) => p.items);
  return {
    id,
    file,
    title: front.title,
    about: front.about,
    scale,
    introHtml: intro.join(''),
    pages: renumbered,
    items: allItems,
    subscales: [...new Set(allItems.map((i) => i.subscale).filter((s): s is string => s !== null))],
  };
}

function readAttributes(item: Draft, rest: string, file: string, problems: Problems): void {
  const kinds: ItemKind[] = [];
  for (const word of rest.trim().split(/\s+/).filter(Boolean)) {
    const [key, value] = word.split('=', 2) as [string, string | undefined];
    if (value === undefined && (key === 'text' || key === 'number' || key === 'multiple')) kinds.push(key);
    else if (value === undefined && key === 'optional') item.optional = true;
    else if (value === undefined && key === 'reverse') item.reverse = true;
    else if (key === 'scale' && value) {
      if (!ID.test(value)) problems.error(file, item.line, `subscale name "${value}" must be lowercase letters, digits and dashes`);
      item.subscale = value;
    } else if ((key === 'min' || key === 'max') && value !== undefined) {
      if (!/^-?\d+$/.test(value)) problems.error(file, item.line, `${key}=${value} must be a whole number`);
      else item[key] = Number(value);
    } else problems.error(file, item.line, `unknown item attribute "${word}" (known: text, number, multiple, optional, reverse, scale=NAME, min=N, max=N)`);
  }
  if (kinds.length > 1) problems.error(file, item.line, `item "${item.id}" has more than one kind (${kinds.join(', ')})`);
  item.kind = kinds[0] ?? 'scale';
}

/** Checks that need the option list, which follows the heading. */
function finishItem(item: Draft, file: string, problems: Problems): void {
  if (item.kind === 'scale' && item.options.length > 0) item.kind = 'choice';
  if ((item.kind === 'text' || item.kind === 'number') && item.options.length > 0) problems.error(file, item.listLine, `item "${item.id}" is a ${item.kind} item and cannot have an option list`);
  if (item.kind === 'multiple' && item.options.length === 0) problems.error(file, item.line, `item "${item.id}" is multiple but has no option list (- option)`);
  if (item.reverse && item.kind !== 'scale') problems.error(file, item.line, `reverse only applies to scale items; "${item.id}" is a ${item.kind} item`);
  if (item.subscale && item.kind !== 'scale') problems.error(file, item.line, `scale=${item.subscale}: only scale items belong in a subscale; "${item.id}" is a ${item.kind} item`);
  if ((item.min !== null || item.max !== null) && item.kind !== 'number') problems.error(file, item.line, `min and max only apply to number items ("${item.id}" is a ${item.kind} item)`);
  if (item.kind === 'number') {
    item.min ??= NUMBER_DEFAULT.min;
    item.max ??= NUMBER_DEFAULT.max;
    if (item.min > item.max) problems.error(file, item.line, `item "${item.id}": min (${item.min}) is above max (${item.max})`);
  }
}
