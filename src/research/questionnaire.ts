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

// Messages are Dutch, for authors, in the course compiler's words; {key} names the key.
const frontSchema = z.object({
  title: z.string({ error: '{key} is verplicht (de titel van de vragenlijst)' }).trim().min(1, '{key} mag niet leeg zijn'),
  about: z.enum(['pupil', 'self'], { error: '{key} moet pupil of self zijn' }).default('self'),
  scale: z
    .array(z.union([z.string(), z.number()], { error: '{key} moet tekst zijn (een antwoordlabel)' }).transform(String), { error: '{key} moet een lijst met antwoordlabels zijn' })
    .min(2, '{key} heeft minstens twee labels nodig')
    .default(DEFAULT_SCALE),
  instrument: z
    .object(
      {
        name: z.string({ error: '{key} is verplicht (de naam van het instrument)' }).trim().min(1, '{key} mag niet leeg zijn'),
        source: z.string({ error: '{key} is verplicht (waar het instrument is gepubliceerd: auteurs, jaar, titel)' }).trim().min(1, '{key} mag niet leeg zijn'),
        licence: z.string({ error: '{key} is verplicht (onder welke licentie of met wiens toestemming het wordt gebruikt)' }).trim().min(1, '{key} mag niet leeg zijn'),
        version: z.union([z.string(), z.number()], { error: '{key} moet tekst zijn' }).transform(String).optional(),
      },
      { error: '{key} moet name, source en licence hebben (en mag version hebben)' },
    )
    .strict()
    .optional(),
  placeholder: z.boolean({ error: '{key} moet true of false zijn' }).default(false),
});
/** Item ids the data use for a questionnaire's own columns (`relatie.finished`, `relatie.date`). */
export const RESERVED_IDS = ['finished', 'date'];
/** How a message names an item's kind: the Dutch word, with the attribute the author wrote. */
const KIND: Record<ItemKind, string> = {
  scale: 'schaalvraag',
  choice: 'keuzevraag (met een lijst met opties)',
  multiple: 'meerkeuzevraag (multiple)',
  number: 'getalvraag (number)',
  text: 'tekstvraag (text)',
};
const FRONT_KEYS = ['title', 'about', 'scale', 'instrument', 'placeholder'];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Draft extends Mutable<Omit<Item, 'options'>> {
  options: string[];
  listLine: number;
}

export function parseQuestionnaire(input: { file: string; id: string; source: string }, md: Markdown, context: RenderContext, problems: Problems): Questionnaire | null {
  const { file, id } = input;
  const fm = splitFrontMatter(input.source);
  if (fm.yaml === null) {
    problems.error(file, 1, 'de vragenlijst heeft geen front matter: begin het bestand met ---, title: ..., ---');
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
        problems.error(file, line, `vraag "${text}" heeft geen id: eindig de kop met {#id}, bijvoorbeeld {#warm}`);
        current = null;
        continue;
      }
      const itemId = match[1];
      if (!ID.test(itemId)) problems.error(file, line, `vraag-id "${itemId}" mag alleen kleine letters, cijfers en streepjes bevatten`);
      if (RESERVED_IDS.includes(itemId)) problems.error(file, line, `vraag-id "${itemId}" is gereserveerd: de gegevens hebben al een kolom ${id}.${itemId} (${itemId === 'finished' ? 'of de vragenlijst is afgerond' : 'de datum van de vragenlijst'}); kies een andere id`);
      const other = ids.get(itemId);
      if (other !== undefined) problems.error(file, line, `vraag-id "${itemId}" wordt ook gebruikt op regel ${other}; elke vraag in een vragenlijst heeft een eigen id nodig`);
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
      if (current.options.length > 0) problems.error(file, line, `vraag "${current.id}" heeft een tweede lijst met opties; elke vraag heeft hoogstens één lijst`);
      current.options = list.items.map((i) => i.text.trim());
      current.listLine = line;
      continue;
    }
    const html = md.renderBlocks([token], { line, raw: token.raw });
    if (current) problems.warning(file, line, `tekst na vraag "${current.id}" wordt genegeerd: zet uitleg vóór de vragen van een pagina`);
    else if (pages.length > 0) pages.at(-1)!.intro.push(html);
    else intro.push(html);
  }
  md.end();

  for (const d of drafts) finishItem(d, file, problems);
  // A subscale's mean is a column beside the items' (`relatie.conflict`): the names must differ.
  for (const d of drafts) {
    if (d.subscale && ids.has(d.subscale)) problems.error(file, d.line, `subschaal "${d.subscale}" heeft de naam van een vraag (regel ${ids.get(d.subscale)}); in de gegevens zouden ze allebei ${id}.${d.subscale} heten`);
    if (d.subscale && RESERVED_IDS.includes(d.subscale)) problems.error(file, d.line, `subschaal "${d.subscale}" is een gereserveerde naam (de gegevens hebben al een kolom ${id}.${d.subscale}); kies een andere naam`);
  }
  if (front && front.placeholder && front.instrument) problems.error(file, fm.yamlLine, 'een vragenlijst is óf een voorlopige versie (placeholder: true) óf een instrument met bron en licentie (instrument), niet allebei');
  if (front && !front.placeholder && !front.instrument) problems.warning(file, fm.yamlLine, 'noem de bron van deze vragenlijst (instrument: name, source, licence) of markeer hem als voorlopige versie (placeholder: true)');
  if (/\banoniem\b/i.test(body)) problems.warning(file, fm.bodyLine, 'de vragenlijst noemt de antwoorden anoniem, maar de onderzoekers krijgen ze onder een code (gepseudonimiseerd); schrijf "onder een code"');
  if (drafts.length === 0) problems.error(file, fm.bodyLine, 'de vragenlijst heeft geen vragen (een kop ## die eindigt op {#id})');
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
    instrument: front.instrument ? { name: front.instrument.name, source: front.instrument.source, licence: front.instrument.licence, version: front.instrument.version ?? null } : null,
    placeholder: front.placeholder,
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
      if (!ID.test(value)) problems.error(file, item.line, `subschaal "${value}" mag alleen kleine letters, cijfers en streepjes bevatten`);
      item.subscale = value;
    } else if ((key === 'min' || key === 'max') && value !== undefined) {
      if (!/^-?\d+$/.test(value)) problems.error(file, item.line, `${key}=${value}: ${key} moet een heel getal zijn`);
      else item[key] = Number(value);
    } else problems.error(file, item.line, `onbekend kenmerk "${word}" bij een vraag (bekend: text, number, multiple, optional, reverse, scale=NAAM, min=N, max=N)`);
  }
  if (kinds.length > 1) problems.error(file, item.line, `vraag "${item.id}" heeft meer dan één soort (${kinds.join(', ')}); kies er één`);
  item.kind = kinds[0] ?? 'scale';
}

/** Checks that need the option list, which follows the heading. */
function finishItem(item: Draft, file: string, problems: Problems): void {
  if (item.kind === 'scale' && item.options.length > 0) item.kind = 'choice';
  if ((item.kind === 'text' || item.kind === 'number') && item.options.length > 0) problems.error(file, item.listLine, `vraag "${item.id}" is een ${KIND[item.kind]} en kan geen lijst met opties hebben`);
  if (item.kind === 'multiple' && item.options.length === 0) problems.error(file, item.line, `vraag "${item.id}" is een ${KIND.multiple} maar heeft geen lijst met opties (regels - optie)`);
  if (item.reverse && item.kind !== 'scale') problems.error(file, item.line, `reverse kan alleen bij een schaalvraag; "${item.id}" is een ${KIND[item.kind]}`);
  if (item.subscale && item.kind !== 'scale') problems.error(file, item.line, `scale=${item.subscale}: alleen schaalvragen horen in een subschaal; "${item.id}" is een ${KIND[item.kind]}`);
  if ((item.min !== null || item.max !== null) && item.kind !== 'number') problems.error(file, item.line, `min en max kunnen alleen bij een getalvraag (number); "${item.id}" is een ${KIND[item.kind]}`);
  if (item.kind === 'number') {
    item.min ??= NUMBER_DEFAULT.min;
    item.max ??= NUMBER_DEFAULT.max;
    if (item.min > item.max) problems.error(file, item.line, `vraag "${item.id}": min (${item.min}) is groter dan max (${item.max})`);
  }
}
