// Markdown to safe HTML with marked: heading ids, links between lessons rewritten to lesson URLs,
// media paths to /media/, and raw HTML sanitized to an allow-list.
import { Marked, Renderer, type Token, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** What a link or image in the text points at, resolved by the compiler. */
export type LinkTarget = { ok: true; url: string } | { ok: false; message: string };

export interface RenderContext {
  /** Resolves a relative href found in `file`; external links never reach it. */
  resolve: (href: string, kind: 'link' | 'image') => LinkTarget;
  /** Reports a problem at a line of the file being rendered. */
  report: (line: number, message: string) => void;
}

interface Position {
  line: number;
  raw: string;
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|#|\/\/)/i;

type Attributes = Record<string, string>;
const SANITIZE_A = (tagName: string, attribs: Attributes) => {
  const href = attribs.href ?? '';
  return /^https?:/i.test(href) ? { tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } } : { tagName, attribs };
};
const SANITIZE_IMG = (tagName: string, attribs: Attributes) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'ul', 'ol', 'li', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins',
    'mark', 'small', 'sub', 'sup', 'abbr', 'code', 'pre', 'kbd', 'a', 'img', 'figure', 'figcaption', 'table', 'thead', 'tbody', 'tfoot',
    'tr', 'th', 'td', 'caption', 'details', 'summary', 'dl', 'dt', 'dd', 'span', 'div', 'input',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'id', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
    th: ['align', 'scope', 'colspan', 'rowspan'],
    td: ['align', 'colspan', 'rowspan'],
    ol: ['start'],
    abbr: ['title'],
    input: ['type', 'checked', 'disabled'],
    div: ['class', 'tabindex', 'role', 'aria-label'],
    '*': ['id', 'lang'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  allowedClasses: { div: ['table-wrap'] },
  transformTags: {
    a: (tagName, attribs) => SANITIZE_A(tagName, attribs),
    img: (tagName, attribs) => SANITIZE_IMG(tagName, attribs),
  },
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
};

export function sanitize(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

export function slugifyHeading(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/<[^>]*>/g, '')
      .replace(/&[a-z]+;/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'kop'
  );
}

/** The line of `needle` inside a token that starts at `pos.line`. */
function lineWithin(pos: Position, needle: string): number {
  const at = pos.raw.indexOf(needle);
  return at < 0 ? pos.line : pos.line + (pos.raw.slice(0, at).match(/\n/g)?.length ?? 0);
}

/**
 * One renderer per compile. `render` and `renderInline` take the context of the file being
 * rendered; link and image checks report at the line of the token they occur in.
 */
export function createMarkdown() {
  let ctx: RenderContext | null = null;
  let pos: Position = { line: 1, raw: '' };
  let usedIds = new Set<string>();

  const marked = new Marked({ gfm: true, breaks: false, async: false });
  marked.use({
    renderer: {
      heading(this: { parser: { parseInline: (t: Token[]) => string } }, token: Tokens.Heading) {
        const inner = this.parser.parseInline(token.tokens);
        let id = slugifyHeading(inner);
        for (let i = 2; usedIds.has(id); i++) id = `${slugifyHeading(inner)}-${i}`;
        usedIds.add(id);
        return `<h${token.depth} id="${id}">${inner}</h${token.depth}>\n`;
      },
      // Wide tables scroll on their own on a phone, and the scrolling region can be reached by keyboard.
      table(this: Renderer, token: Tokens.Table) {
        const html = Renderer.prototype.table.call(this, token);
        return `<div class="table-wrap" tabindex="0" role="region" aria-label="Tabel">${html}</div>`;
      },
      link(this: { parser: { parseInline: (t: Token[]) => string } }, token: Tokens.Link) {
        const text = this.parser.parseInline(token.tokens);
        const href = rewrite(token.href, 'link');
        const title = token.title ? ` title="${escapeAttr(token.title)}"` : '';
        return href === null ? text : `<a href="${escapeAttr(href)}"${title}>${text}</a>`;
      },
      image(token: Tokens.Image) {
        if (!token.text.trim()) ctx?.report(lineWithin(pos, token.href), `afbeelding "${token.href}" heeft geen alt-tekst`);
        const src = rewrite(token.href, 'image');
        if (src === null) return '';
        const title = token.title ? ` title="${escapeAttr(token.title)}"` : '';
        return `<img src="${escapeAttr(src)}" alt="${escapeAttr(token.text)}"${title}>`;
      },
    },
  });

  function rewrite(href: string, kind: 'link' | 'image'): string | null {
    if (!ctx) return href;
    if (EXTERNAL.test(href)) {
      if (kind === 'image' && !href.startsWith('#')) {
        ctx.report(lineWithin(pos, href), `afbeelding "${href}" moet een bestand in de map media/ van de cursus zijn`);
        return null;
      }
      return href;
    }
    const target = ctx.resolve(href, kind);
    if (!target.ok) {
      ctx.report(lineWithin(pos, href), target.message);
      return null;
    }
    return target.url;
  }

  // Raw HTML in a lesson (`<img src="../media/x.png">`) is resolved like markdown's own links and
  // images: a relative path becomes its /media/ or lesson URL, or a problem at its line. Paths the
  // renderer already made absolute (/media/..., /course/...) and external addresses pass as they are.
  const rawPath = (value: string | undefined, kind: 'link' | 'image'): string | null | undefined => {
    if (value === undefined || !ctx || value.startsWith('/') || EXTERNAL.test(value)) return value;
    return rewrite(value, kind);
  };
  const withRelativePaths: sanitizeHtml.IOptions = {
    ...SANITIZE,
    transformTags: {
      a: (tagName, attribs) => {
        const href = rawPath(attribs.href, 'link');
        if (href !== null) return SANITIZE_A(tagName, href === undefined ? attribs : { ...attribs, href });
        const { href: _unresolved, ...rest } = attribs;
        return SANITIZE_A(tagName, rest);
      },
      img: (tagName, attribs) => {
        const src = rawPath(attribs.src, 'image');
        if (src !== null) return SANITIZE_IMG(tagName, src === undefined ? attribs : { ...attribs, src });
        const { src: _unresolved, ...rest } = attribs;
        return SANITIZE_IMG(tagName, rest);
      },
    },
  };

  return {
    marked,
    /** Start a new document: heading ids restart. */
    begin(context: RenderContext): void {
      ctx = context;
      usedIds = new Set();
    },
    end(): void {
      ctx = null;
    },
    /** Lexes markdown into top-level tokens (with `\r\n` already normalised by the caller). */
    lex(markdown: string): Token[] {
      return marked.lexer(markdown);
    },
    /** Renders block tokens that start at `line`; returns sanitized HTML. */
    renderBlocks(tokens: Token[], at: Position): string {
      pos = at;
      return sanitizeHtml(marked.parser(tokens), withRelativePaths);
    },
    /** Renders a line of inline markdown; returns sanitized HTML. */
    renderInline(text: string, at: Position): string {
      pos = at;
      return sanitizeHtml(marked.parseInline(text) as string, withRelativePaths);
    },
  };
}

export type Markdown = ReturnType<typeof createMarkdown>;

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Top-level tokens with the line each starts at in the file. */
export function positioned(tokens: Token[], source: string, firstLine: number): { token: Token; line: number }[] {
  const out: { token: Token; line: number }[] = [];
  let offset = 0;
  let line = firstLine;
  for (const token of tokens) {
    const at = source.indexOf(token.raw, offset);
    if (at >= 0) {
      line += source.slice(offset, at).match(/\n/g)?.length ?? 0;
      offset = at;
    }
    out.push({ token, line });
    const consumed = at >= 0 ? token.raw : '';
    line += consumed.match(/\n/g)?.length ?? 0;
    offset += consumed.length;
  }
  return out;
}
