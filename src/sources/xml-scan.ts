// One pass over an XML document that checks it is well-formed while it reports elements and their text to a
// reader, so that a large feed is neither validated and parsed twice nor built into a tree it mostly ignores.

/** What a reader of `scanXml` is told, in document order. */
export interface XmlReader {
  /**
   * An element starts; `name` as written (with any prefix), `hasAttributes` when it carries any. Returns whether
   * the reader wants the element's own text: only then is it trimmed, decoded and told.
   */
  open(name: string, hasAttributes: boolean): boolean;
  /**
   * Text directly inside the element last opened, when the reader wanted it: a run of character data between
   * markup, trimmed, with references decoded (see `decodeXmlText`); a CDATA section as written. Empty runs are
   * not told.
   */
  text(text: string): void;
  /** The element last opened ends. */
  close(): void;
  /**
   * Optional, asked at each start tag inside the root before it is read: a reader that recognises the whole
   * element at `lt` in a shape it knows may read it itself and return the offset just after its end tag; it is
   * then told nothing of it. It must accept only what is well-formed (the scan checks nothing in between) and
   * read it as the events would have told it. -1: the scan reads the element as usual.
   */
  readWhole?(xml: string, lt: number): number;
}

/** Where and why a document is not well-formed; the caller words it for the user. */
export class XmlFault extends Error {
  constructor(
    readonly reason: string,
    /** Offset in the document, in UTF-16 code units. */
    readonly offset: number,
  ) {
    super(reason);
    this.name = 'XmlFault';
  }

  /** `line 3, column 8` of the fault in `xml`, both counted from 1. */
  placeIn(xml: string): string {
    let line = 1;
    let lineStart = 0;
    for (
      let index = xml.indexOf('\n');
      index !== -1 && index < this.offset;
      index = xml.indexOf('\n', index + 1)
    ) {
      line += 1;
      lineStart = index + 1;
    }
    return `line ${line}, column ${this.offset - lineStart + 1}`;
  }
}

// XML 1.0 names (https://www.w3.org/TR/xml/#NT-Name), as fast-xml-parser's validator checks them.
const NAME_START =
  ':A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D' +
  '\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME = `[${NAME_START}][${NAME_START}\\-.\\d\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*`;
const VALUE = `\\s*=\\s*(?:"[^"<]*"|'[^'<]*')`;
// The name classes hold combining marks (U+0300–U+036F) as a range, as XML's grammar does: no character is split.
/* eslint-disable no-misleading-character-class */
// Sticky patterns, tested at an offset: they read the document in place, with no match array and no copy.
const NAME_AT = new RegExp(NAME, 'y');
const ATTRIBUTES_AT = new RegExp(`(?:\\s+${NAME}${VALUE})*\\s*/?>`, 'y');
const ATTRIBUTE_NAMES = new RegExp(`\\s+(${NAME})${VALUE}`, 'g');
/* eslint-enable no-misleading-character-class */
const BAD_AMPERSAND_AT = /&(?!#[0-9]+;|#x[0-9a-fA-F]+;|\w{1,20};)/y;
const SPACE_AT = /\s*/y;
const REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
const NAMED: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/**
 * Reads `xml` from start to end, telling `reader` each element and its text, and throws `XmlFault` at the first
 * place where it is not well-formed: a tag not closed or closed out of order, a bad name or attribute, a stray
 * `&`, text outside the root element, a second root, no root at all. Comments, processing instructions and a
 * DOCTYPE are skipped (entities it declares are not expanded).
 */
export function scanXml(xml: string, reader: XmlReader): void {
  new XmlScan(xml, reader).run();
}

/** One scan's state: the open elements, which of them the reader wants the text of, the text gathered so far. */
class XmlScan {
  private readonly open: string[] = [];
  private readonly wanted: boolean[] = [];
  private isWanted = false;
  private hasRoot = false;
  private pending = '';
  /** The next `&` at or after the text being read (Infinity: none left), found once, not once per text run. */
  private nextAmpersand: number;

  constructor(
    private readonly xml: string,
    private readonly reader: XmlReader,
  ) {
    this.nextAmpersand = this.indexOrEnd('&', 0);
  }

  run(): void {
    const { xml } = this;
    let position = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (position < xml.length) {
      const lt = this.indexOrEnd('<', position);
      if (lt > position) this.readText(position, Math.min(lt, xml.length));
      if (lt >= xml.length) break;
      const next = xml.charCodeAt(lt + 1);
      if (next === 0x2f /* / */) position = this.readEndTag(lt);
      else if (next === 0x21 /* ! */) position = this.readDeclaration(lt);
      else if (next === 0x3f /* ? */) {
        this.flush();
        position = skipPast(xml, '?>', lt + 2, 'a processing instruction that never ends');
      } else position = this.readWholeElement(lt) ?? this.readStartTag(lt);
    }
    if (!this.hasRoot) throw new XmlFault('no element at all', 0);
    const unclosed = this.open.at(-1);
    if (unclosed !== undefined)
      throw new XmlFault(`the document ends with <${unclosed}> still open`, xml.length);
  }

  /** Character data from `start` to `end`: checked for stray `&`, gathered when the reader wants it. */
  private readText(start: number, end: number): void {
    const { xml } = this;
    if (this.open.length === 0) {
      const run = xml.slice(start, end);
      if (run.trim() !== '') throw new XmlFault('text outside the root element', start + firstNonSpace(run));
      return;
    }
    while (this.nextAmpersand < end) {
      const at = this.nextAmpersand;
      if (at >= start) {
        BAD_AMPERSAND_AT.lastIndex = at;
        if (BAD_AMPERSAND_AT.test(xml)) throw new XmlFault('a "&" that starts no reference', at);
      }
      this.nextAmpersand = this.indexOrEnd('&', at + 1);
    }
    if (this.isWanted) this.pending += xml.slice(start, end);
  }

  /** The offset after the element at `lt` when the reader read it whole (`XmlReader.readWhole`); else null. */
  private readWholeElement(lt: number): number | null {
    if (this.reader.readWhole === undefined || this.open.length === 0) return null;
    this.flush();
    const end = this.reader.readWhole(this.xml, lt);
    if (end === -1) return null;
    // The reader checked the references in what it read: the next `&` to check is after it.
    if (this.nextAmpersand < end) this.nextAmpersand = this.indexOrEnd('&', end);
    return end;
  }

  /** `<name attr="v">` or `<name/>` at `lt`; returns the offset after it. */
  private readStartTag(lt: number): number {
    const { xml } = this;
    // Most tags are `<name>` with an ASCII name: read with no pattern. Any other tag is read by the patterns.
    const plainEnd = plainNameEnd(xml, lt + 1);
    const isPlain = plainEnd > lt + 1 && xml.charCodeAt(plainEnd) === 0x3e; /* > */
    const nameEnd = isPlain ? plainEnd : this.patternNameEnd(lt);
    let end = nameEnd + 1;
    let hasAttributes = false;
    if (!isPlain) {
      ATTRIBUTES_AT.lastIndex = nameEnd;
      if (!ATTRIBUTES_AT.test(xml)) throw new XmlFault('a tag that is not well-formed', lt);
      end = ATTRIBUTES_AT.lastIndex;
      SPACE_AT.lastIndex = nameEnd;
      SPACE_AT.test(xml);
      const afterSpace = xml.charCodeAt(SPACE_AT.lastIndex);
      hasAttributes = afterSpace !== 0x2f /* / */ && afterSpace !== 0x3e; /* > */
      if (hasAttributes) checkAttributeNames(xml.slice(nameEnd, end), lt);
    }
    if (this.open.length === 0 && this.hasRoot) throw new XmlFault('a second root element', lt);
    this.flush();
    this.hasRoot = true;
    const name = xml.slice(lt + 1, nameEnd);
    const wantsText = this.reader.open(name, hasAttributes);
    if (xml.charCodeAt(end - 2) === 0x2f /* / */) this.reader.close();
    else {
      this.open.push(name);
      this.wanted.push(wantsText);
      this.isWanted = wantsText;
    }
    return end;
  }

  /** The end of the tag name after `<` at `lt`, by XML's full name rule; throws when there is none. */
  private patternNameEnd(lt: number): number {
    NAME_AT.lastIndex = lt + 1;
    if (!NAME_AT.test(this.xml)) throw new XmlFault('a tag that is not well-formed', lt);
    return NAME_AT.lastIndex;
  }

  /** `</name>` at `lt`, which must close the element open last; returns the offset after it. */
  private readEndTag(lt: number): number {
    const { xml } = this;
    const name = this.open.pop();
    if (name === undefined) throw new XmlFault('a closing tag with no element open', lt);
    const nameEnd = lt + 2 + name.length;
    let end = nameEnd;
    // `</name>`, as nearly every closing tag is written, needs no pattern; `</name >` does.
    if (xml.charCodeAt(nameEnd) !== 0x3e /* > */) {
      SPACE_AT.lastIndex = nameEnd;
      end = SPACE_AT.test(xml) ? SPACE_AT.lastIndex : nameEnd;
    }
    if (!xml.startsWith(name, lt + 2) || xml.charCodeAt(end) !== 0x3e)
      throw new XmlFault(`<${name}> is not closed`, lt);
    this.flush();
    this.reader.close();
    this.wanted.pop();
    this.isWanted = this.wanted.at(-1) ?? false;
    return end + 1;
  }

  /** A comment, CDATA section or DOCTYPE at `lt`; returns the offset after it. */
  private readDeclaration(lt: number): number {
    const { xml } = this;
    if (xml.startsWith('<!--', lt)) return skipPast(xml, '-->', lt + 4, 'a comment that never ends');
    if (xml.startsWith('<![CDATA[', lt)) {
      if (this.open.length === 0) throw new XmlFault('CDATA outside the root element', lt);
      const close = skipPast(xml, ']]>', lt + 9, 'a CDATA section that never ends');
      this.flush();
      if (this.isWanted) this.reader.text(revealControlReferences(xml.slice(lt + 9, close - 3)));
      return close;
    }
    if (xml.startsWith('<!DOCTYPE', lt) && !this.hasRoot) return skipDoctype(xml, lt);
    throw new XmlFault('markup that starts "<!" and is no comment, CDATA or DOCTYPE', lt);
  }

  /** Tells the reader the text gathered since the last markup, trimmed and decoded; nothing when it is blank. */
  private flush(): void {
    if (this.pending === '') return;
    const text = this.pending.trim();
    this.pending = '';
    if (text !== '') this.reader.text(decodeXmlText(text));
  }

  private indexOrEnd(search: string, from: number): number {
    const index = this.xml.indexOf(search, from);
    return index === -1 ? Infinity : index;
  }
}

/**
 * Character data as fast-xml-parser decodes it for paperwire: the five predefined entities and numeric references;
 * a reference to a control character (other than tab, line feed, return) as the character itself, so that text
 * cleaning removes the whole escape sequence it starts; one to a surrogate removed; other named references kept as
 * written (the text cleaners decode HTML's).
 */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (reference, body: string) => {
    if (body.charCodeAt(0) !== 0x23 /* # */) return NAMED.get(body) ?? reference;
    const isHex = body.charCodeAt(1) === 0x78; /* x */
    const digits = body.slice(isHex ? 2 : 1);
    const codePoint = parseInt(digits, isHex ? 16 : 10);
    if (codePoint > 0x10ffff) return reference;
    if (isControl(codePoint)) return digits.length <= (isHex ? 6 : 7) ? String.fromCodePoint(codePoint) : '';
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) return '';
    return String.fromCodePoint(codePoint);
  });
}

const CONTROL_REFERENCE = /&#(x[0-9a-f]{1,6}|[0-9]{1,7});/gi;

/** Numeric references to control characters (`&#x1b;`) as the characters, where no other decoding happens (CDATA). */
export function revealControlReferences(text: string): string {
  if (!text.includes('&#')) return text;
  return text.replace(CONTROL_REFERENCE, (reference, body: string) => {
    const codePoint = /^x/i.test(body) ? parseInt(body.slice(1), 16) : parseInt(body, 10);
    return isControl(codePoint) ? String.fromCodePoint(codePoint) : reference;
  });
}

/** C0 controls but tab, line feed and return; DEL and the C1 controls. */
function isControl(codePoint: number): boolean {
  return (
    (codePoint < 0x20 && codePoint !== 0x09 && codePoint !== 0x0a && codePoint !== 0x0d) ||
    (codePoint >= 0x7f && codePoint <= 0x9f)
  );
}

function checkAttributeNames(attributes: string, offset: number): void {
  // One `=` is one attribute at most (the common case: `<guid isPermaLink="false">`): nothing can repeat.
  if (attributes.indexOf('=') === attributes.lastIndexOf('=')) return;
  const seen = new Set<string>();
  for (const [, name = ''] of attributes.matchAll(ATTRIBUTE_NAMES)) {
    if (seen.has(name)) throw new XmlFault(`the attribute "${name}" is repeated`, offset);
    seen.add(name);
  }
}

/** The offset just past the next `terminator` at or after `from`. */
function skipPast(xml: string, terminator: string, from: number, fault: string): number {
  const index = xml.indexOf(terminator, from);
  if (index === -1) throw new XmlFault(fault, from);
  return index + terminator.length;
}

/** The offset just past a DOCTYPE declaration, its internal subset (`[...]`) included. */
function skipDoctype(xml: string, from: number): number {
  const bracket = xml.indexOf('[', from);
  const close = xml.indexOf('>', from);
  if (close === -1) throw new XmlFault('a DOCTYPE that never ends', from);
  if (bracket === -1 || bracket > close) return close + 1;
  return skipPast(
    xml,
    '>',
    skipPast(xml, ']', bracket, 'a DOCTYPE that never ends'),
    'a DOCTYPE that never ends',
  );
}

/**
 * The offset after the ASCII name characters (letters, digits, `_`, `-`, `.`, `:`) from `from`; `from` itself when
 * the first is not a letter, `_` or `:`. A name that goes on with other characters is left to the patterns.
 */
function plainNameEnd(xml: string, from: number): number {
  const first = xml.charCodeAt(from);
  const isStart =
    (first >= 0x61 && first <= 0x7a) /* a-z */ ||
    (first >= 0x41 && first <= 0x5a) /* A-Z */ ||
    first === 0x5f /* _ */ ||
    first === 0x3a; /* : */
  if (!isStart) return from;
  let index = from + 1;
  for (;;) {
    const code = xml.charCodeAt(index);
    const isNameChar =
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x30 && code <= 0x3a) /* 0-9 : */ ||
      code === 0x5f ||
      code === 0x2d /* - */ ||
      code === 0x2e; /* . */
    if (!isNameChar) return index;
    index += 1;
  }
}

function firstNonSpace(text: string): number {
  return text.length - text.trimStart().length;
}
