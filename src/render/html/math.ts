// `$…$` and `$$…$$` in titles and abstracts as MathML, made on the server by temml (no script, no CDN, no inline
// style); TeX that temml cannot read stays as its escaped source. docs/web.md says what is shown. Pure.
import { createRequire } from 'node:module';
import type Temml from 'temml';
import { escapeHtml, renderHighlighted } from './escape.js';

const requireModule = createRequire(import.meta.url);
let temml: typeof Temml | null = null;

/**
 * temml takes ~70 ms to load, as long as node itself takes to start: it is loaded at the first math span, so a
 * command or a page without math never pays for it (a synchronous require keeps the renderers synchronous).
 */
function loadTemml(): typeof Temml {
  temml ??= requireModule('temml') as typeof Temml;
  return temml;
}

/**
 * `throwOnError` so that TeX temml cannot read comes back to us whole, to show as source, instead of temml's red
 * partial rendering; `trust: false` keeps `\href`, `\includegraphics` and the like out. temml's own limit of 1000
 * macro expansions stops a loop in under a millisecond; each call gets fresh macros, so a `\gdef` in one abstract
 * never reaches another.
 */
const TEMML_OPTIONS = { throwOnError: true, trust: false } as const;

/**
 * temml writes sizes, colours and table padding as `style` attributes, which the page's CSP (no 'unsafe-inline'
 * for styles) would refuse with a console error. temml escapes every attribute value, so a value never holds a `"`.
 */
const STYLE_ATTRIBUTE = / style="[^"]*"/g;

/**
 * TeX (without the dollars) as a `<math>` element, or null when temml cannot read it. Every character of the
 * source that reaches the output is escaped (temml escapes text and attributes).
 */
export function renderTexAsMathml(tex: string, options: { display: boolean }): string | null {
  const converter = loadTemml(); // outside the try: a missing package is an install fault, not unreadable TeX
  let mathml: string;
  try {
    mathml = converter.renderToString(tex, { ...TEMML_OPTIONS, displayMode: options.display });
  } catch {
    // Not only temml's ParseError: some broken input (`x^`, `\__proto__`) fails inside temml with a TypeError.
    // Any failure here means "temml cannot read this TeX", and the caller shows the source instead.
    return null;
  }
  return mathml.replace(STYLE_ATTRIBUTE, '');
}

/** A piece of text: plain, or math between `$…$` (inline) or `$$…$$` (display). */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'math'; tex: string; display: boolean };

/** Longest math span taken as math; a lone `$` in prose (`costs $5 and $6`) must not swallow a paragraph. */
const MAX_MATH_CHARS = 400;

/**
 * Splits text into prose and math. Like Pandoc's rule: an opening `$` is followed by a non-space, a closing `$`
 * follows a non-space and is not followed by a digit; `\$` is a literal dollar; unmatched dollars stay text.
 */
export function splitMath(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let plain = '';
  let from = 0;
  // Jump from dollar to dollar: most text has none, and is then one slice.
  for (let at = text.indexOf('$'); at !== -1; at = text.indexOf('$', from)) {
    if (at > 0 && text[at - 1] === '\\') {
      plain += `${text.slice(from, at - 1)}$`;
      from = at + 1;
      continue;
    }
    const found = findMathEnd(text, at);
    if (found === null) {
      plain += text.slice(from, at + 1);
      from = at + 1;
      continue;
    }
    plain += text.slice(from, at);
    if (plain !== '') segments.push({ kind: 'text', text: plain });
    plain = '';
    segments.push({ kind: 'math', tex: found.tex, display: found.display });
    from = found.end;
  }
  plain += text.slice(from);
  if (plain !== '') segments.push({ kind: 'text', text: plain });
  return segments;
}

function findMathEnd(text: string, start: number): { tex: string; display: boolean; end: number } | null {
  const display = text[start + 1] === '$';
  const open = start + (display ? 2 : 1);
  const first = text[open];
  if (first === undefined || /\s|\$/.test(first)) return null;
  for (let i = open + 1; i < text.length && i - open <= MAX_MATH_CHARS; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] !== '$') continue;
    if (display) return text[i + 1] === '$' ? { tex: text.slice(open, i), display, end: i + 2 } : null;
    if (/\s/.test(text[i - 1] ?? '') || /[0-9]/.test(text[i + 1] ?? '')) return null;
    return { tex: text.slice(open, i), display, end: i + 1 };
  }
  return null;
}

/**
 * Title or abstract text as HTML: math as MathML (unsupported TeX as `<code class="tex">` source), prose escaped
 * with the query's terms in `<mark>`.
 */
export function renderRichText(text: string, options: { terms?: readonly string[] } = {}): string {
  const terms = options.terms ?? [];
  return splitMath(text)
    .map((segment) => {
      if (segment.kind === 'text') return renderHighlighted(segment.text, terms);
      const dollars = segment.display ? '$$' : '$';
      return (
        renderTexAsMathml(segment.tex, { display: segment.display }) ??
        `<code class="tex">${escapeHtml(`${dollars}${segment.tex}${dollars}`)}</code>`
      );
    })
    .join('');
}
