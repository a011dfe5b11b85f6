// The digest as a versioned JSON document (`--style json`, the stored form the web UI re-renders), and
// its inverse. The format is documented field by field in docs/json-format.md. Pure.
import { PaperwireError } from '../errors.js';
import type {
  AnnounceType,
  Digest,
  DigestEntry,
  DigestSection,
  IsoDate,
  Lang,
  Paper,
  Problem,
} from '../model.js';
import { ANNOUNCE_TYPES, LANGS, absUrl, parseIsoDate, pdfUrl } from '../model.js';
import { distinctEntries } from './common.js';

export const DIGEST_JSON_SCHEMA = 'paperwire.digest';
export const DIGEST_JSON_VERSION = 1;

/** One paper of the document, keyed by its arxivId under `papers`. */
export interface DigestJsonPaper {
  arxivId: string;
  version: number;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  primaryCategory: string;
  announceType: AnnounceType;
  publishedAt: string | null;
  updatedAt: string | null;
  comment: string | null;
  journalRef: string | null;
  doi: string | null;
  links: { abs: string; pdf: string };
  translation: { title: string | null; abstract: string | null };
}

/** The whole document, in the key order it is written. */
export interface DigestJson {
  schema: typeof DIGEST_JSON_SCHEMA;
  version: typeof DIGEST_JSON_VERSION;
  profile: string;
  listingDate: string;
  announcedAt: string;
  generatedAt: string;
  lang: Lang;
  paperCount: number;
  sections: { keyword: string; papers: string[] }[];
  papers: Record<string, DigestJsonPaper>;
  notices: string[];
  problems: Problem[];
}

/** The digest as a pretty-printed JSON document with a stable key order and a trailing newline. */
export function renderJson(digest: Digest): string {
  const papers: Record<string, DigestJsonPaper> = {};
  for (const entry of distinctEntries(digest)) papers[entry.paper.arxivId] = paperJson(entry);
  const document: DigestJson = {
    schema: DIGEST_JSON_SCHEMA,
    version: DIGEST_JSON_VERSION,
    profile: digest.profile,
    listingDate: digest.listingDate,
    announcedAt: digest.announcedAt.toISOString(),
    generatedAt: digest.generatedAt.toISOString(),
    lang: digest.lang,
    paperCount: digest.paperCount,
    sections: digest.sections.map((section) => ({
      keyword: section.keyword,
      papers: section.entries.map((entry) => entry.paper.arxivId),
    })),
    papers,
    notices: [...digest.notices],
    problems: digest.problems.map(({ where, what, rule }) => ({ where, what, rule })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function paperJson({ paper, announceType, translation }: DigestEntry): DigestJsonPaper {
  return {
    arxivId: paper.arxivId,
    version: paper.version,
    title: paper.title,
    abstract: paper.abstract,
    authors: [...paper.authors],
    categories: [...paper.categories],
    primaryCategory: paper.primaryCategory,
    announceType,
    publishedAt: paper.publishedAt?.toISOString() ?? null,
    updatedAt: paper.updatedAt?.toISOString() ?? null,
    comment: paper.comment,
    journalRef: paper.journalRef,
    doi: paper.doi,
    links: { abs: absUrl(paper.arxivId), pdf: pdfUrl(paper.arxivId) },
    translation: { title: translation.title, abstract: translation.abstract },
  };
}

/**
 * Reads a document written by `renderJson` back into a Digest. Throws a PaperwireError (`E_STORE`) naming
 * the JSON path when the text is not JSON, `schema` or `version` is not this one's, or a field is wrong.
 */
export function parseDigestJson(text: string): Digest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PaperwireError('E_STORE', 'digest document is not JSON', { cause: error });
  }
  const root = new Reader(value, '$');
  const schema = root.field('schema').value;
  if (schema !== DIGEST_JSON_SCHEMA) {
    throw formatError('$.schema', `must be "${DIGEST_JSON_SCHEMA}", got ${JSON.stringify(schema)}`);
  }
  const version = root.field('version').value;
  if (version !== DIGEST_JSON_VERSION) {
    throw formatError('$.version', `must be ${DIGEST_JSON_VERSION}, got ${JSON.stringify(version)}`, {
      hint: 'this paperwire reads digest documents of version 1 only',
    });
  }
  const papers = new Map<string, DigestEntry>();
  for (const [id, reader] of root.field('papers').entries()) papers.set(id, readEntry(reader, id));
  const sections: DigestSection[] = root
    .field('sections')
    .items()
    .map((section) => ({
      keyword: section.field('keyword').string(),
      entries: section
        .field('papers')
        .items()
        .map((item) => {
          const entry = papers.get(item.string());
          if (!entry) throw formatError(item.path, `names a paper missing from $.papers`);
          return entry;
        }),
    }));
  return {
    profile: root.field('profile').string(),
    listingDate: root.field('listingDate').isoDate(),
    announcedAt: root.field('announcedAt').date(),
    generatedAt: root.field('generatedAt').date(),
    lang: root.field('lang').oneOf(LANGS),
    sections,
    paperCount: root.field('paperCount').count(),
    notices: root
      .field('notices')
      .items()
      .map((item) => item.string()),
    problems: root
      .field('problems')
      .items()
      .map((item) => ({
        where: item.field('where').string(),
        what: item.field('what').string(),
        rule: item.field('rule').string(),
      })),
  };
}

function readEntry(reader: Reader, id: string): DigestEntry {
  const paper: Paper = {
    arxivId: reader.field('arxivId').string(),
    version: reader.field('version').count(),
    title: reader.field('title').string(),
    abstract: reader.field('abstract').string(),
    authors: reader
      .field('authors')
      .items()
      .map((item) => item.string()),
    categories: reader
      .field('categories')
      .items()
      .map((item) => item.string()),
    primaryCategory: reader.field('primaryCategory').string(),
    publishedAt: reader.field('publishedAt').nullable()?.date() ?? null,
    updatedAt: reader.field('updatedAt').nullable()?.date() ?? null,
    comment: reader.field('comment').nullable()?.string() ?? null,
    journalRef: reader.field('journalRef').nullable()?.string() ?? null,
    doi: reader.field('doi').nullable()?.string() ?? null,
  };
  if (paper.arxivId !== id) throw formatError(`${reader.path}.arxivId`, `must equal its key "${id}"`);
  const translation = reader.field('translation');
  return {
    paper,
    announceType: reader.field('announceType').oneOf(ANNOUNCE_TYPES),
    translation: {
      title: translation.field('title').nullable()?.string() ?? null,
      abstract: translation.field('abstract').nullable()?.string() ?? null,
    },
  };
}

function formatError(path: string, message: string, options: { hint?: string } = {}): PaperwireError {
  return new PaperwireError('E_STORE', `digest document ${path}: ${message}`, options);
}

/** A value at a JSON path, with typed accessors that throw naming the path. */
class Reader {
  constructor(
    readonly value: unknown,
    readonly path: string,
  ) {}

  field(key: string): Reader {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) {
      throw formatError(this.path, 'must be an object');
    }
    const child = (this.value as Record<string, unknown>)[key];
    if (child === undefined) throw formatError(`${this.path}.${key}`, 'is missing');
    return new Reader(child, `${this.path}.${key}`);
  }

  entries(): [string, Reader][] {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) {
      throw formatError(this.path, 'must be an object');
    }
    return Object.entries(this.value).map(([key, child]) => [
      key,
      new Reader(child, `${this.path}[${JSON.stringify(key)}]`),
    ]);
  }

  items(): Reader[] {
    if (!Array.isArray(this.value)) throw formatError(this.path, 'must be an array');
    return this.value.map((child: unknown, index) => new Reader(child, `${this.path}[${index}]`));
  }

  nullable(): Reader | null {
    return this.value === null ? null : this;
  }

  string(): string {
    if (typeof this.value !== 'string') throw formatError(this.path, 'must be a string');
    return this.value;
  }

  count(): number {
    if (typeof this.value !== 'number' || !Number.isInteger(this.value) || this.value < 0) {
      throw formatError(this.path, 'must be a whole number, 0 or more');
    }
    return this.value;
  }

  date(): Date {
    const text = this.string();
    const date = new Date(text);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(date.getTime())) {
      throw formatError(this.path, `must be an ISO 8601 time, got ${JSON.stringify(text)}`);
    }
    return date;
  }

  isoDate(): IsoDate {
    const date = parseIsoDate(this.string());
    if (date === null) throw formatError(this.path, 'must be a YYYY-MM-DD date');
    return date;
  }

  oneOf<T extends string>(allowed: readonly T[]): T {
    const text = this.string();
    if (!(allowed as readonly string[]).includes(text)) {
      throw formatError(this.path, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(text)}`);
    }
    return text as T;
  }
}
