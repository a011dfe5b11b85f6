// Reads one arXiv OAI-PMH answer (ListRecords in `arXivRaw`) into records: bytes in, records, problems, the
// resumption token and any OAI error out. Pure. Reads both the old endpoint (export.arxiv.org/oai2) and the new one.

import { XMLParser } from 'fast-xml-parser';

import { FeedError } from '../../errors.js';
import {
  isArxivId,
  normalizeSpace,
  parseIsoDate,
  type IsoDate,
  type Paper,
  type PaperVersionDate,
  type Problem,
} from '../../model.js';
import { splitAuthors } from '../arxiv-rss/parse.js';
import {
  asArray,
  decodeNamedReferences,
  isNode,
  parseXmlDocument,
  sourceParserOptions,
  textOf,
  unknownReferenceProblem,
  type XmlNode,
} from '../xml.js';

/** One version of a paper as arXivRaw lists it: its number, when it was submitted, and its size. */
interface OaiVersion extends PaperVersionDate {
  /** The source size arXiv reports (`294kb`); null when absent. */
  sizeKb: number | null;
}

/** One harvested record: a paper with every version, or a deletion. */
interface OaiRecord {
  /** The header's datestamp: the day the record last changed (not a submission date). */
  datestamp: IsoDate;
  /** `cs`, `cs:cs:LG`, `physics:hep-th`, as the header lists them. */
  setSpecs: string[];
  /** The paper at its newest version; its `publishedAt` is v1's date and `updatedAt` the newest version's. */
  paper: Paper;
  /** Every version, oldest first. */
  versions: OaiVersion[];
  submitter: string | null;
}

/**
 * The token that asks for the next page. The old endpoint's carries `cursor` and `completeListSize`; the new one's
 * (`…%26skip%3DN`) carries neither and expires at the next midnight UTC (`expirationDate`, or `expires` in some
 * versions of arXiv's template).
 */
export interface ResumptionToken {
  value: string;
  cursor: number | null;
  completeListSize: number | null;
  expiresAt: Date | null;
}

/** An `<error code="…">` of the answer. */
interface OaiErrorAnswer {
  code: string;
  message: string;
}

/** One page of a ListRecords answer. */
export interface OaiPage {
  records: OaiRecord[];
  /** Versionless ids of records whose header says `status="deleted"` (they carry no metadata). */
  deletedIds: string[];
  problems: Problem[];
  /** The next page's token; null when the list ends (no element, or an empty `<resumptionToken/>`). */
  resumptionToken: ResumptionToken | null;
  /** The OAI errors the answer holds instead of a list; [] for a list. */
  errors: OaiErrorAnswer[];
  /** The latest datestamp on the page; null for a page without records. */
  lastDatestamp: IsoDate | null;
}

const xmlParser = new XMLParser(sourceParserOptions(['record', 'setSpec', 'version', 'error']));

const OAI_ID_PREFIX = /^oai:arXiv\.org:/;

/**
 * Parses one ListRecords answer. A record without a usable id, title or category becomes a `Problem` (`where` is
 * `<url> record N`, N counted from 1) and the others are kept.
 * @throws FeedError when the document is not XML or not an OAI-PMH answer.
 */
export function parseOaiListRecords(xml: string, { url }: { url: string }): OaiPage {
  const root = readRoot(xml, url);
  const errors = asArray(root['error']).map((node) => ({
    code: isNode(node) ? textOf(node['@_code']).trim() : '',
    message: normalizeSpace(textOf(node)),
  }));
  const list = root['ListRecords'];
  const page: OaiPage = {
    records: [],
    deletedIds: [],
    problems: [],
    resumptionToken: null,
    errors,
    lastDatestamp: null,
  };
  if (!isNode(list)) return page;
  asArray(list['record']).forEach((node, index) => readRecord(node, `${url} record ${index + 1}`, page));
  page.resumptionToken = tokenOf(list['resumptionToken']);
  for (const record of page.records) {
    if (page.lastDatestamp === null || record.datestamp > page.lastDatestamp)
      page.lastDatestamp = record.datestamp;
  }
  return page;
}

function readRoot(xml: string, url: string): XmlNode {
  const document = parseXmlDocument(xmlParser, xml, {
    url,
    name: 'the arXiv OAI-PMH answer',
    hint: 'check PAPERWIRE_ARXIV_OAI_URL points at https://oaipmh.arxiv.org/oai or a mirror of it',
  });
  const root = document['OAI-PMH'];
  if (!isNode(root)) {
    const name = Object.keys(document).find((key) => !key.startsWith('?')) ?? 'nothing';
    throw new FeedError(url, `the arXiv OAI-PMH answer's root is <${name}>, not <OAI-PMH>`, {
      hint: 'check PAPERWIRE_ARXIV_OAI_URL points at https://oaipmh.arxiv.org/oai or a mirror of it',
    });
  }
  return root;
}

/** Adds the record to `page`: a paper, a deletion, or a problem naming `where`. */
function readRecord(node: unknown, where: string, page: OaiPage): void {
  const header = isNode(node) ? node['header'] : undefined;
  if (!isNode(node) || !isNode(header)) {
    page.problems.push({ where, what: 'the record has no header', rule: 'missing-field' });
    return;
  }
  const identifier = textOf(header['identifier']).trim();
  const datestamp = parseIsoDate(textOf(header['datestamp']).trim().slice(0, 10));
  if (textOf(header['@_status']).trim() === 'deleted') {
    page.deletedIds.push(identifier.replace(OAI_ID_PREFIX, ''));
    return;
  }
  const raw = isNode(node['metadata']) ? node['metadata']['arXivRaw'] : undefined;
  if (!isNode(raw)) {
    page.problems.push({ where, what: `${identifier} has no arXivRaw metadata`, rule: 'missing-field' });
    return;
  }
  const arxivId = textOf(raw['id']).trim();
  const texts = readTexts(raw, arxivId === '' ? identifier : arxivId, where, page.problems);
  const title = normalizeSpace(texts.title);
  const categories = [
    ...new Set(
      textOf(raw['categories'])
        .split(/\s+/)
        .filter((term) => term !== ''),
    ),
  ];
  const versions = asArray(raw['version'])
    .map(versionOf)
    .sort((a, b) => a.version - b.version);
  const missing = [
    isArxivId(arxivId) ? null : 'id',
    title === '' ? 'title' : null,
    categories.length === 0 ? 'category' : null,
    datestamp === null ? 'datestamp' : null,
  ].filter((field): field is string => field !== null);
  if (missing.length > 0 || datestamp === null) {
    const shownId = arxivId === '' ? identifier : arxivId;
    page.problems.push({ where, what: `${shownId} has no ${missing.join(' or ')}`, rule: 'missing-field' });
    return;
  }
  reportUnreadDates(versions, arxivId, where, page.problems);
  const newest = versions.at(-1);
  page.records.push({
    datestamp,
    setSpecs: asArray(header['setSpec']).map((spec) => textOf(spec).trim()),
    versions: versions.map(({ dateText: _unused, ...version }) => version),
    submitter: optionalText(raw['submitter']),
    paper: {
      arxivId,
      version: newest?.version ?? 1,
      title,
      abstract: normalizeSpace(texts.abstract),
      authors: splitAuthors(normalizeSpace(texts.authors)),
      categories,
      primaryCategory: categories[0] ?? '',
      publishedAt: versions[0]?.submittedAt ?? null,
      updatedAt: newest?.submittedAt ?? null,
      comment: texts.comments === '' ? null : normalizeSpace(texts.comments),
      journalRef: optionalText(raw['journal-ref']),
      doi: optionalText(raw['doi']),
    },
  });
}

const TEXT_FIELDS = ['title', 'abstract', 'authors', 'comments'] as const;

/**
 * The record's reader-facing texts with their named references decoded (`decodeNamedReferences`); a reference that
 * names no entity (`&a9;`) stays as written and is a problem for `shownId`, the paper kept.
 */
function readTexts(
  raw: XmlNode,
  shownId: string,
  where: string,
  problems: Problem[],
): Record<(typeof TEXT_FIELDS)[number], string> {
  const texts = { title: '', abstract: '', authors: '', comments: '' };
  for (const field of TEXT_FIELDS) {
    const { text, unknown } = decodeNamedReferences(textOf(raw[field]));
    texts[field] = text;
    if (unknown.length > 0) problems.push(unknownReferenceProblem(where, shownId, field, unknown));
  }
  return texts;
}

/** A problem for the versions whose `<date>` does not read (the paper is kept, those versions without a time). */
function reportUnreadDates(
  versions: readonly (OaiVersion & { dateText: string | null })[],
  arxivId: string,
  where: string,
  problems: Problem[],
): void {
  const unread = versions.filter((version) => version.dateText !== null && version.submittedAt === null);
  if (unread.length === 0) return;
  const shown = unread
    .slice(0, 3)
    .map((version) => `v${version.version} (${JSON.stringify(version.dateText)})`);
  problems.push({
    where,
    what: `${arxivId} is kept, but the <date> of ${shown.join(', ')} does not read as a date`,
    rule: 'bad-field',
  });
}

/** `<version version="v2"><date>Fri, 28 Sep 2007 15:13:43 GMT</date><size>48kb</size></version>`. */
function versionOf(node: unknown): OaiVersion & { dateText: string | null } {
  const number = isNode(node) ? /^v(\d+)$/.exec(textOf(node['@_version']).trim())?.[1] : undefined;
  const dateText = isNode(node) ? textOf(node['date']).trim() : '';
  // RFC 2822, GMT: `Tue, 3 Apr 2007 22:04:11 GMT` (old endpoint) or `Thu, 03 Sep 2009 …` (new).
  const submittedAt = dateText === '' ? null : new Date(dateText);
  const size = isNode(node) ? /^(\d+)\s*kb$/i.exec(textOf(node['size']).trim())?.[1] : undefined;
  return {
    version: number === undefined ? 1 : Number(number),
    submittedAt: submittedAt === null || Number.isNaN(submittedAt.getTime()) ? null : submittedAt,
    sizeKb: size === undefined ? null : Number(size),
    // As written, for the problem of a date that does not read; null when there is none.
    dateText: dateText === '' ? null : dateText.slice(0, 40),
  };
}

/** The token, or null at the end of the list: no element, or an empty one. */
function tokenOf(node: unknown): ResumptionToken | null {
  const value = textOf(node).trim();
  if (value === '') return null;
  const attribute = (name: string): string => (isNode(node) ? textOf(node[`@_${name}`]).trim() : '');
  const expires = attribute('expirationDate') || attribute('expires');
  const expiresAt = expires === '' ? null : new Date(expires);
  return {
    value,
    cursor: integerOf(attribute('cursor')),
    completeListSize: integerOf(attribute('completeListSize')),
    expiresAt: expiresAt === null || Number.isNaN(expiresAt.getTime()) ? null : expiresAt,
  };
}

function integerOf(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : null;
}

function optionalText(value: unknown): string | null {
  const text = normalizeSpace(textOf(value));
  return text === '' ? null : text;
}
