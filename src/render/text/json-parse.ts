// Reads a digest JSON document (json.ts writes it; docs/json-format.md) back into a Digest, naming the
// JSON path of the first wrong field. Pure.
import { PaperwireError } from '../../errors.js';
import type {
  Digest,
  DigestAudit,
  DigestEntry,
  DigestSection,
  HfInfo,
  IsoDate,
  Paper,
  PaperTranslation,
  Relevance,
  TranslationReport,
} from '../../model.js';
import { ANNOUNCE_TYPES, LANGS, parseIsoDate } from '../../model.js';
import { DIGEST_JSON_SCHEMA, DIGEST_JSON_VERSION, type DigestJson } from './json.js';

/**
 * Reads a document written by `renderJson` back into a Digest. Throws a PaperwireError (`E_STORE`) naming
 * the JSON path when the text is not JSON, `schema` or `version` is not this one's, or a field is wrong.
 */
export function parseDigestJson(text: string): Digest {
  return readDigest(parseJsonText(text));
}

/**
 * Reads a stored document as it was written, for serving it again (the API pages it without re-encoding it):
 * checked whole as `parseDigestJson` checks it, and throwing as it does. A document older than a field added
 * without a version bump (`hf`, `audit`, `tldr`, `flags`; docs/json-format.md) lacks that field.
 */
export function parseDigestDocument(text: string): DigestJson {
  const value = parseJsonText(text);
  readDigest(value);
  return value as DigestJson;
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PaperwireError('E_STORE', 'digest document is not JSON', { cause: error });
  }
}

function readDigest(value: unknown): Digest {
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
  const digest: Digest = {
    profile: root.field('profile').string(),
    listingDate: root.field('listingDate').isoDate(),
    announcedAt: root.field('announcedAt').date(),
    generatedAt: root.field('generatedAt').date(),
    lang: root.field('lang').oneOf(LANGS),
    sections,
    paperCount: root.field('paperCount').count(),
    notices: root.field('notices').strings(),
    problems: root
      .field('problems')
      .items()
      .map((item) => ({
        where: item.field('where').string(),
        what: item.field('what').string(),
        rule: item.field('rule').string(),
      })),
  };
  if (root.has('translationReport')) {
    const report = root.field('translationReport').nullable();
    if (report !== null) digest.translationReport = readReport(report);
  }
  const audit = root.has('audit') ? root.field('audit').nullable() : null;
  if (audit !== null) digest.audit = readAudit(audit);
  return digest;
}

function readAudit(reader: Reader): DigestAudit {
  const isComplete = reader.field('isComplete').nullable();
  return {
    source: reader.field('source').string(),
    url: reader.field('url').nullable()?.string() ?? null,
    fetchedAt: reader.field('fetchedAt').date(),
    isComplete: isComplete === null ? null : isComplete.boolean(),
    incompleteReason: reader.field('incompleteReason').nullable()?.string() ?? null,
    announcedCount: reader.field('announcedCount').count(),
    newCount: reader.field('newCount').count(),
    crossCount: reader.field('crossCount').count(),
    replacedCount: reader.field('replacedCount').count(),
    matchedCount: reader.field('matchedCount').count(),
  };
}

function readReport(reader: Reader): TranslationReport {
  const count = (key: string): number => reader.field(key).count();
  // Object.fromEntries defines own keys: a check named `__proto__` in the document stays an entry.
  const byCheck: TranslationReport['byCheck'] = Object.fromEntries(
    reader
      .field('byCheck')
      .entries()
      .map(([check, counts]) => [
        check,
        {
          passed: counts.field('passed').count(),
          passedOnRetry: counts.field('passedOnRetry').count(),
          marked: counts.field('marked').count(),
        },
      ]),
  );
  return {
    checked: count('checked'),
    passed: count('passed'),
    passedOnRetry: count('passedOnRetry'),
    marked: count('marked'),
    fromCache: count('fromCache'),
    cachedMarked: count('cachedMarked'),
    byCheck,
    requests: count('requests'),
    promptTokens: count('promptTokens'),
    completionTokens: count('completionTokens'),
    skippedByBudget: count('skippedByBudget'),
  };
}

function readTranslation(reader: Reader): PaperTranslation {
  const translation: PaperTranslation = {
    title: reader.field('title').nullable()?.string() ?? null,
    abstract: reader.field('abstract').nullable()?.string() ?? null,
  };
  if (reader.has('tldr')) translation.tldr = reader.field('tldr').nullable()?.string() ?? null;
  const flags = reader.has('flags') ? reader.field('flags').items() : [];
  if (flags.length > 0) {
    translation.flags = flags.map((flag) => ({
      field: flag.field('field').oneOf(['title', 'abstract', 'tldr'] as const),
      check: flag.field('check').string(),
      detail: flag.field('detail').string(),
    }));
  }
  return translation;
}

function readEntry(reader: Reader, id: string): DigestEntry {
  const paper: Paper = {
    arxivId: reader.field('arxivId').string(),
    version: reader.field('version').count(),
    title: reader.field('title').string(),
    abstract: reader.field('abstract').string(),
    authors: reader.field('authors').strings(),
    categories: reader.field('categories').strings(),
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
    translation: readTranslation(translation),
    hf: readHf(reader),
    ...readRelevance(reader),
  };
}

/** The paper's `relevance`, when the digest scored it (absent in older documents and unscored digests). */
function readRelevance(reader: Reader): { relevance?: Relevance } {
  if (!reader.has('relevance')) return {};
  const relevance = reader.field('relevance');
  return {
    relevance: { score: relevance.field('score').fraction(), reasons: relevance.field('reasons').strings() },
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

  has(key: string): boolean {
    return typeof this.value === 'object' && this.value !== null && Object.hasOwn(this.value, key);
  }

  field(key: string): Reader {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) {
      throw formatError(this.path, 'must be an object');
    }
    // Own keys only: `toString` or `constructor` is missing from a document that lacks it, not a function.
    const child = Object.hasOwn(this.value, key) ? (this.value as Record<string, unknown>)[key] : undefined;
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

  /** An array of strings. */
  strings(): string[] {
    return this.items().map((item) => item.string());
  }

  nullable(): Reader | null {
    return this.value === null ? null : this;
  }

  string(): string {
    if (typeof this.value !== 'string') throw formatError(this.path, 'must be a string');
    return this.value;
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') throw formatError(this.path, 'must be true or false');
    return this.value;
  }

  count(): number {
    if (typeof this.value !== 'number' || !Number.isInteger(this.value) || this.value < 0) {
      throw formatError(this.path, 'must be a whole number, 0 or more');
    }
    return this.value;
  }

  /** A number from 0 to 1. */
  fraction(): number {
    if (typeof this.value !== 'number' || !(this.value >= 0 && this.value <= 1)) {
      throw formatError(this.path, 'must be a number from 0 to 1');
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

/** The `hf` object of a paper; a document written before it existed has none, which reads as null. */
function readHf(reader: Reader): HfInfo | null {
  if (!reader.has('hf')) return null;
  const hf = reader.field('hf').nullable();
  if (hf === null) return null;
  return {
    upvotes: hf.field('upvotes').count(),
    comments: hf.field('comments').nullable()?.count() ?? null,
    organization: hf.field('organization').nullable()?.string() ?? null,
    githubRepo: hf.field('githubRepo').nullable()?.string() ?? null,
    githubStars: hf.field('githubStars').nullable()?.count() ?? null,
    aiKeywords: hf.field('aiKeywords').strings(),
    seenAt: hf.field('seenAt').date(),
  };
}
