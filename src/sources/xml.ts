// Shared XML reading for the XML sources (arXiv RSS, API and OAI-PMH): the well-formedness check that turns a bad body
// into one line naming the URL, line and column, and small readers over fast-xml-parser's output, where an element
// may come as a string, a node with `#text`, or an array, depending on what the document holds.

import { createRequire } from 'node:module';
import { decodeHTMLStrict } from 'entities/decode';
import type { X2jOptions, XMLParser, XMLValidator } from 'fast-xml-parser';

import { FeedError } from '../errors.js';
import { normalizeSpace, stripControls, type Problem } from '../model.js';
import { XmlFault, revealControlReferences, scanXml, type XmlReader } from './xml-scan.js';

export type XmlNode = Record<string, unknown>;

/** Which document a body was meant to be, for its error messages. */
export interface XmlDocumentPlace {
  url: string;
  /** What was expected, as a message starts it: `the arXiv RSS feed`. */
  name: string;
  /** How to fix a wrong address, shown with the error. */
  hint: string;
}

/**
 * The fast-xml-parser options every XML source reads with, given the elements that are always lists: attributes as
 * `@_name`; local names only (arXiv's answers bind their namespaces on each element in old documents and on the root
 * in new ones, and the OAI envelope uses default namespaces); text and attributes as strings; and numeric character
 * references (`&#39;`, `&#x2014;`) decoded, which fast-xml-parser does only with `htmlEntities` (XML allows no named
 * HTML entity, so nothing else changes).
 */
export function sourceParserOptions(listElements: readonly string[]): X2jOptions {
  return {
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- its successor, entityDecoder, wants a whole decoder
    htmlEntities: true,
    isArray: (name) => listElements.includes(name),
  };
}

/**
 * Checks that `xml` is well-formed and parses it with `parser`. Character references to control characters
 * (`&#x1b;`, invalid in XML 1.0) are turned into the characters first, so that `textOf` removes a whole escape
 * sequence (`&#x1b;]0;title&#x7;`) instead of leaving its visible part (`]0;title`).
 * @throws FeedError naming the URL, and the line and column when the validator knows them, when it is not XML.
 */
export function parseXmlDocument(parser: XMLParser, xml: string, place: XmlDocumentPlace): XmlNode {
  const fault = describeXmlFault(xml);
  if (fault !== null) {
    throw new FeedError(place.url, `${place.name} is not XML: ${fault}`, { hint: place.hint });
  }
  try {
    return parser.parse(revealControlReferences(xml)) as XmlNode;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new FeedError(place.url, `${place.name} cannot be read: ${normalizeSpace(stripControls(reason))}`, {
      cause,
      hint: place.hint,
    });
  }
}

/**
 * Reads `xml` in one pass (xml-scan.ts), telling `reader` its elements and text.
 * @throws FeedError naming the URL, and the line and column, when it is not well-formed XML; the reader may have
 * been told part of the document by then.
 */
export function scanXmlDocument(xml: string, reader: XmlReader, place: XmlDocumentPlace): void {
  try {
    scanXml(xml, reader);
  } catch (cause) {
    if (!(cause instanceof XmlFault)) throw cause;
    // The validator words most faults as they have always been worded; the scanner's own words are the fallback.
    const fault = describeXmlFault(xml) ?? `${cause.reason} at ${cause.placeIn(xml)}${lookOf(xml)}`;
    throw new FeedError(place.url, `${place.name} is not XML: ${fault}`, { cause, hint: place.hint });
  }
}

/**
 * Why `xml` is not well-formed, as one line: what was wrong, where (`line 3, column 8`), and for a body that is
 * not XML at all, how it starts. Null when it is well-formed.
 */
function describeXmlFault(xml: string): string | null {
  const result = loadValidator().validate(xml);
  if (result === true) return null;
  if (xml.trim() === '') return 'the body is empty';
  const { msg, line, col } = result.err;
  const open = /^Invalid '(\[.*\])' found\.$/.exec(msg)?.[1];
  const reason =
    msg === 'Start tag expected.'
      ? 'no element at all'
      : open !== undefined
        ? `the document ends at ${endOf(xml)} with ${openTagsOf(open)} still open (cut off?)`
        : `${readableMessage(msg)} at ${placeOf(line, col)}`;
  return `${reason}${lookOf(xml)}`;
}

/** fast-xml-parser's validator class, which upstream deprecates in favour of the separate fast-xml-validator. */
// eslint-disable-next-line @typescript-eslint/no-deprecated -- its messages are what users see and tests pin; fast-xml-validator would be a new dependency
type Validator = typeof XMLValidator;

/**
 * fast-xml-parser's validator, loaded when a document needs its fault described: the RSS path reads documents
 * with xml-scan.ts and never loads fast-xml-parser otherwise.
 */
function loadValidator(): Validator {
  return (createRequire(import.meta.url)('fast-xml-parser') as { XMLValidator: Validator }).XMLValidator;
}

/** The validator's message as a sentence part: no final period, `char 'R' is not expected` as `unexpected "R"`. */
function readableMessage(msg: string): string {
  const char = /^char '(.*)' is not expected\.$/.exec(msg)?.[1];
  if (char !== undefined) {
    const isControl = char.length === 1 && stripControls(char) === '' && !/\s/.test(char);
    const code = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return isControl ? `unexpected control character U+${code}` : `unexpected "${char}"`;
  }
  // The validator quotes names from the document: no control character may reach a terminal through them.
  const text = normalizeSpace(stripControls(msg)).replace(/\.$/, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function placeOf(line: number, col: number | undefined): string {
  return col === undefined ? `line ${line}` : `line ${line}, column ${col}`;
}

function endOf(xml: string): string {
  const lines = xml.split(/\r?\n/);
  return placeOf(lines.length, (lines[lines.length - 1] ?? '').length + 1);
}

/** `["rss","channel"]` (the validator's list of unclosed tags) as `<rss>, <channel>`. */
function openTagsOf(list: string): string {
  const names = [...list.matchAll(/"([^"]+)"/g)].map((match) => `<${match[1] ?? ''}>`);
  return names.length > 0 ? names.join(', ') : 'elements';
}

const SAMPLE_LENGTH = 60;

/** For a body that is not XML at all, what it looks like and how it starts; '' for a broken XML document. */
function lookOf(xml: string): string {
  const body = xml.trimStart();
  const text = normalizeSpace(stripControls(body));
  const sample = text.length > SAMPLE_LENGTH ? `${text.slice(0, SAMPLE_LENGTH)}…` : text;
  if (/^<(?:!doctype\s+html|html[\s>])/i.test(body)) return `; the server sent an HTML page: "${sample}"`;
  if (/^[[{]/.test(body)) return `; the server sent JSON: "${sample}"`;
  if (!body.startsWith('<')) return `; it starts "${sample}"`;
  return '';
}

/** The text of an element, whatever shape the parser gave it, with control characters removed; '' when none. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return stripControls(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isNode(value)) return textOf(value['#text']);
  return '';
}

const NAMED_REFERENCE = /&[A-Za-z0-9]+;/g;

/**
 * Text with the named references that XML decoding left in it (an HTML entity such as `&eacute;`, which XML does not
 * define, or one escaped twice) decoded as HTML does (`entities`, only references ending in `;`), then control
 * characters removed again. `unknown` lists the references that name no entity (`&a9;`), kept as written, for the
 * caller's problem (`unknownReferenceProblem`).
 */
export function decodeNamedReferences(text: string): { text: string; unknown: string[] } {
  if (!text.includes('&')) return { text, unknown: [] };
  return { text: stripControls(decodeHTMLStrict(text)), unknown: unknownReferencesIn(text) };
}

/** The named references in `text` that name no XML or HTML entity (`&a9;`), each once, in the order they come. */
export function unknownReferencesIn(text: string): string[] {
  if (!text.includes('&')) return [];
  const references = new Set(text.match(NAMED_REFERENCE) ?? []);
  return [...references].filter((reference) => decodeHTMLStrict(reference) === reference);
}

/**
 * The problem for a paper's field holding references that name no entity (`unknownReferencesIn`): the paper is
 * kept, the references as written. At most three are quoted, each cut to 40 characters.
 */
export function unknownReferenceProblem(
  where: string,
  shownId: string,
  field: string,
  unknown: readonly string[],
): Problem {
  const shown = unknown.slice(0, 3).map((reference) => `"${reference.slice(0, 40)}"`);
  return {
    where,
    what: `${shownId}'s ${field} holds ${shown.join(', ')}, which names no XML or HTML entity; kept as written`,
    rule: 'unknown-entity',
  };
}

/** An element that may repeat, as an array (absent: empty). */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
