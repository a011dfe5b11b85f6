// Text into HTML safely: escaping, query terms, highlighted matches and excerpts. Every piece of feed text that
// reaches a page is escaped by the html template (markup.ts); <mark> is the only markup highlighting adds. Pure.
import { html, toHtmlString, type Html } from './markup.js';

/**
 * Text as HTML text or a quoted attribute value: `& < > " '` become entities (hono's escaping, the same the page
 * templates apply). For the one renderer that still builds strings, math.ts's MathML.
 */
export function escapeHtml(text: string): string {
  return toHtmlString(html`${text}`);
}

/**
 * The terms of a search query to highlight: `"quoted phrases"` whole, other words split on whitespace, terms
 * without a letter or digit dropped, longest first (so a phrase wins over a word inside it). The same split
 * the store's full-text search makes.
 */
export function splitHighlightTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const match of query.matchAll(/"([^"]*)"|([^\s"]+)/g)) {
    const term = (match[1] ?? match[2] ?? '').replace(/\s+/g, ' ').trim();
    if (/[\p{L}\p{N}]/u.test(term)) terms.add(term);
  }
  return [...terms].sort((a, b) => b.length - a.length);
}

function termPattern(terms: readonly string[]): RegExp | null {
  if (terms.length === 0) return null;
  const alternatives = terms.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(alternatives.join('|'), 'giu');
}

/**
 * `text` as escaped HTML with every case-insensitive occurrence of a term wrapped in `<mark>`. Matches are found
 * in the raw text and each piece is escaped on its own, so a term can never match inside an entity
 * (`amp` in `&amp;`) and no text can close or open a tag.
 */
export function renderHighlighted(text: string, terms: readonly string[]): string {
  const pattern = termPattern(terms);
  if (pattern === null) return escapeHtml(text);
  const pieces: Html[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match[0] === '') continue;
    pieces.push(html`${text.slice(last, match.index)}<mark>${match[0]}</mark>`);
    last = match.index + match[0].length;
  }
  return toHtmlString(html`${pieces}${text.slice(last)}`);
}

/**
 * About `maxChars` characters of `text` around its first match, cut at spaces, with `…` where cut; the start of
 * the text when nothing matches. Characters are code points, so a Chinese text is never cut inside a pair.
 */
export function buildExcerpt(text: string, terms: readonly string[], maxChars: number): string {
  const chars = codePointsOf(text);
  if (chars.length <= maxChars) return text;
  const pattern = termPattern(terms);
  const firstMatch = pattern === null ? null : pattern.exec(text);
  const matchAt = firstMatch === null ? 0 : codePointsOf(text.slice(0, firstMatch.index)).length;
  let start = Math.max(0, Math.min(matchAt - Math.floor(maxChars / 4), chars.length - maxChars));
  let end = Math.min(chars.length, start + maxChars);
  // Move the cuts to the nearest space within a few characters, so words stay whole.
  const nearSpace = (from: number, step: number): number => {
    for (let i = from, n = 0; i > 0 && i < chars.length && n < 20; i += step, n++)
      if (chars[i] === ' ') return i;
    return from;
  };
  if (start > 0) start = nearSpace(start, 1);
  if (end < chars.length) end = nearSpace(end, -1);
  const body = (
    typeof chars === 'string' ? chars.slice(start, end) : chars.slice(start, end).join('')
  ).trim();
  return `${start > 0 ? '… ' : ''}${body}${end < chars.length ? ' …' : ''}`;
}

/**
 * `text`'s code points, indexable: the string itself when it holds no surrogate (its UTF-16 units are then its code
 * points), else an array. A search page cuts 50 abstracts: an array of a thousand one-character strings for each
 * cost more than the rest of the excerpt.
 */
function codePointsOf(text: string): string | string[] {
  return /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : text;
}
