// `$…$` in titles and abstracts as MathML, converted here on the server (no script, no CDN): a small subset
// of TeX (scripts, fractions, roots, Greek, common symbols, accents, fonts). Anything outside it stays as
// styled TeX source. docs/web.md lists what is supported. Pure.
import { escapeHtml, renderHighlighted } from './html-escape.js';
import {
  ACCENTS,
  ESCAPED_CHARS,
  FONT_BASE,
  FONT_HOLES,
  FUNCTIONS,
  GREEK,
  OPERATORS,
  SPACES,
  UPRIGHT_GREEK,
} from './html-math-symbols.js';

/** Thrown inside the converter for TeX it does not know; the caller shows the source instead. */
class UnsupportedTexError extends Error {}

function styledLetter(font: string, char: string): string {
  const hole = FONT_HOLES[font]?.[char];
  if (hole !== undefined) return hole;
  const base = FONT_BASE[font];
  if (base === undefined) return char;
  if (char >= 'A' && char <= 'Z') return String.fromCodePoint(base + char.charCodeAt(0) - 65);
  if (font === 'mathbf' && char >= 'a' && char <= 'z')
    return String.fromCodePoint(base + 26 + char.charCodeAt(0) - 97);
  if (font === 'mathbf' && char >= '0' && char <= '9')
    return String.fromCodePoint(0x1d7ce + char.charCodeAt(0) - 48);
  throw new UnsupportedTexError(`\\${font}{${char}}`);
}

const element = (name: string, body: string, attributes = ''): string =>
  `<${name}${attributes}>${body}</${name}>`;
const row = (items: string[]): string =>
  items.length === 1 ? (items[0] ?? '') : element('mrow', items.join(''));

/** A recursive-descent reader of the TeX subset; each parse* returns MathML. */
class TexParser {
  private at = 0;
  constructor(private readonly tex: string) {}

  parse(): string {
    const items = this.parseList();
    if (this.at < this.tex.length) throw new UnsupportedTexError(`unexpected ${this.tex[this.at] ?? ''}`);
    return row(items);
  }

  private parseList(): string[] {
    const items: string[] = [];
    for (;;) {
      this.skipSpace();
      const char = this.tex[this.at];
      if (char === undefined || char === '}') return items;
      if (char === '&' || (char === '\\' && this.tex[this.at + 1] === '\\'))
        throw new UnsupportedTexError('alignment');
      items.push(this.parseScripted());
    }
  }

  private parseScripted(): string {
    const base = this.parseAtom();
    let sub: string | null = null;
    let sup: string | null = null;
    for (;;) {
      this.skipSpace();
      const char = this.tex[this.at];
      if (char === '_' && sub === null) {
        this.at++;
        sub = this.parseArgument();
      } else if (char === '^' && sup === null) {
        this.at++;
        sup = this.parseArgument();
      } else if (char === "'" && sup === null) {
        this.at++;
        sup = element('mo', '′');
      } else break;
    }
    if (sub !== null && sup !== null) return element('msubsup', base + sub + sup);
    if (sub !== null) return element('msub', base + sub);
    if (sup !== null) return element('msup', base + sup);
    return base;
  }

  /** A `{group}` or a single atom, as the argument of a script or command. */
  private parseArgument(): string {
    this.skipSpace();
    if (this.tex[this.at] === '{') return this.parseGroup();
    if (this.tex[this.at] === undefined) throw new UnsupportedTexError('missing argument');
    return this.parseAtom();
  }

  private parseGroup(): string {
    this.at++; // {
    const items = this.parseList();
    if (this.tex[this.at] !== '}') throw new UnsupportedTexError('unclosed {');
    this.at++;
    return row(items.length === 0 ? [element('mrow', '')] : items);
  }

  /** The raw text of a `{...}` argument without nesting (for \text and fonts). */
  private readRawArgument(): string {
    this.skipSpace();
    if (this.tex[this.at] !== '{') {
      const char = this.tex[this.at];
      if (char === undefined) throw new UnsupportedTexError('missing argument');
      this.at++;
      return char;
    }
    const close = this.tex.indexOf('}', this.at);
    const text = close === -1 ? null : this.tex.slice(this.at + 1, close);
    if (text === null || text.includes('{') || text.includes('\\'))
      throw new UnsupportedTexError('nested argument');
    this.at = close + 1;
    return text;
  }

  private parseAtom(): string {
    const char = this.tex[this.at] ?? '';
    if (char === '{') return this.parseGroup();
    if (char === '\\') return this.parseCommand();
    if (/[0-9.]/.test(char)) {
      const digits = /^[0-9]*\.?[0-9]+|^[0-9]+/.exec(this.tex.slice(this.at))?.[0] ?? char;
      this.at += digits.length;
      return element('mn', digits);
    }
    this.at++;
    if (/\p{L}/u.test(char)) return element('mi', escapeHtml(char));
    if ('+-=<>()[]|,;:!/*?'.includes(char)) return element('mo', escapeHtml(char === '-' ? '−' : char));
    throw new UnsupportedTexError(`character ${char}`);
  }

  private parseCommand(): string {
    this.at++; // backslash
    const symbol = this.tex[this.at] ?? '';
    if (!/[A-Za-z]/.test(symbol)) {
      this.at++;
      const space = SPACES[symbol];
      if (space !== undefined) return `<mspace width="${space}"></mspace>`;
      if (ESCAPED_CHARS.has(symbol)) return element('mo', escapeHtml(symbol));
      throw new UnsupportedTexError(`\\${symbol}`);
    }
    const name = /^[A-Za-z]+/.exec(this.tex.slice(this.at))?.[0] ?? '';
    this.at += name.length;
    return this.renderCommand(name);
  }

  private renderCommand(name: string): string {
    const greek = GREEK[name];
    if (greek !== undefined) return element('mi', greek);
    const upright = UPRIGHT_GREEK[name];
    if (upright !== undefined) return element('mi', upright, ' mathvariant="normal"');
    const operator = OPERATORS[name];
    if (operator !== undefined) return element('mo', operator);
    if (FUNCTIONS.has(name)) return element('mi', name);
    const space = SPACES[name];
    if (space !== undefined) return `<mspace width="${space}"></mspace>`;
    const accent = ACCENTS[name];
    if (accent !== undefined)
      return element('mover', this.parseArgument() + element('mo', accent), ' accent="true"');
    switch (name) {
      case 'frac':
      case 'dfrac':
      case 'tfrac':
        return element('mfrac', this.parseArgument() + this.parseArgument());
      case 'sqrt':
        return this.renderRoot();
      case 'left':
      case 'right':
      case 'big':
      case 'Big':
      case 'bigl':
      case 'bigr':
      case 'Bigl':
      case 'Bigr':
        return this.renderDelimiter();
      case 'text':
      case 'textrm':
      case 'mbox':
        return element('mtext', escapeHtml(this.readRawArgument()));
      case 'mathrm':
      case 'operatorname':
      case 'textit':
      case 'mathit':
        return element(
          'mi',
          escapeHtml(this.readRawArgument()),
          name === 'mathrm' || name === 'operatorname' ? ' mathvariant="normal"' : '',
        );
      case 'mathbf':
      case 'boldsymbol':
      case 'mathcal':
      case 'mathbb': {
        const font = name === 'boldsymbol' ? 'mathbf' : name;
        const letters = [...this.readRawArgument()].filter((char) => char !== ' ');
        return row(letters.map((char) => element('mi', escapeHtml(styledLetter(font, char)))));
      }
      default:
        throw new UnsupportedTexError(`\\${name}`);
    }
  }

  private renderRoot(): string {
    this.skipSpace();
    if (this.tex[this.at] === '[') {
      const close = this.tex.indexOf(']', this.at);
      if (close === -1) throw new UnsupportedTexError('unclosed [');
      const index = new TexParser(this.tex.slice(this.at + 1, close)).parse();
      this.at = close + 1;
      return element('mroot', this.parseArgument() + index);
    }
    return element('msqrt', this.parseArgument());
  }

  private renderDelimiter(): string {
    this.skipSpace();
    const char = this.tex[this.at];
    if (char === '.') {
      this.at++;
      return '';
    }
    if (char === '\\') {
      const result = this.parseCommand();
      if (!result.startsWith('<mo>')) throw new UnsupportedTexError('delimiter');
      return result;
    }
    if (char === undefined || !'()[]|/<>'.includes(char)) throw new UnsupportedTexError('delimiter');
    this.at++;
    return element('mo', escapeHtml(char));
  }

  private skipSpace(): void {
    while (this.tex[this.at] === ' ' || this.tex[this.at] === '\n' || this.tex[this.at] === '\t') this.at++;
  }
}

/**
 * TeX (without the dollars) as a `<math>` element, or null when it uses TeX outside the supported subset. Every
 * character of the source that reaches the output is escaped.
 */
export function renderTexAsMathml(tex: string, options: { display: boolean }): string | null {
  try {
    const body = new TexParser(tex).parse();
    return `<math${options.display ? ' display="block"' : ''}>${body}</math>`;
  } catch (error) {
    if (error instanceof UnsupportedTexError) return null;
    throw error;
  }
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
