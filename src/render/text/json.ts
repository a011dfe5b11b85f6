// The digest as a versioned JSON document (`--style json`, the stored form the web UI re-renders); json-parse.ts
// reads it back. The format is documented field by field in docs/json-format.md. Pure.
import type {
  AnnounceType,
  Digest,
  DigestAudit,
  DigestEntry,
  HfInfo,
  Lang,
  TranslationFlag,
  TranslationReport,
  Problem,
  Relevance,
} from '../../model.js';
import { absUrl, pdfUrl } from '../../model.js';
import { distinctEntries } from '../common.js';

export const DIGEST_JSON_SCHEMA = 'paperwire.digest';
export const DIGEST_JSON_VERSION = 1;

/** One paper of the document, keyed by its arxivId under `papers`. */
interface DigestJsonPaper {
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
  /**
   * `tldr` only when the digest asked for summaries; `flags` lists the checks a shown translation failed twice
   * (each with its reason). Both added in 0.1 without a version bump: older documents read as none.
   */
  translation: {
    title: string | null;
    abstract: string | null;
    tldr?: string | null;
    flags: TranslationFlag[];
  };
  /** Added in 0.1 without a version bump: absent in older documents, which read as null. */
  hf: DigestJsonHf | null;
  /**
   * How well the paper fits the reader's library and ratings: `score` 0..1 and reasons, strongest first. Present
   * only when the digest scored its papers (a library or a rating exists); added without a version bump.
   */
  relevance?: Relevance;
}

/** What Hugging Face says about the paper (see HfInfo); `seenAt` is ISO 8601 UTC. */
export interface DigestJsonHf {
  upvotes: number;
  comments: number | null;
  organization: string | null;
  githubRepo: string | null;
  githubStars: number | null;
  aiKeywords: string[];
  seenAt: string;
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
  /** The run's check counts, requests and tokens (see TranslationReport); null when nothing was translated. */
  translationReport: TranslationReport | null;
  /**
   * What the listing announced, from where, whether it was read whole, and how many papers matched (see
   * DigestAudit). Added without a version bump: absent in older documents, which read as none.
   */
  audit: DigestJsonAudit | null;
}

/** The `audit` object: DigestAudit with `fetchedAt` as ISO 8601 UTC. */
type DigestJsonAudit = Omit<DigestAudit, 'fetchedAt'> & {
  /** ISO 8601 UTC. */
  fetchedAt: string;
};

/** The digest as a pretty-printed JSON document with a stable key order and a trailing newline. */
export function renderJson(digest: Digest): string {
  // Object.fromEntries defines own keys, whatever the id: no id can reach the object's prototype.
  const papers: Record<string, DigestJsonPaper> = Object.fromEntries(
    distinctEntries(digest).map((entry) => [entry.paper.arxivId, paperJson(entry)]),
  );
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
    translationReport: digest.translationReport ?? null,
    audit: digest.audit === undefined ? null : auditJson(digest.audit),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function paperJson({ paper, announceType, translation, hf, relevance }: DigestEntry): DigestJsonPaper {
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
    translation: {
      title: translation.title,
      abstract: translation.abstract,
      ...(translation.tldr === undefined ? {} : { tldr: translation.tldr }),
      flags: (translation.flags ?? []).map(({ field, check, detail }) => ({ field, check, detail })),
    },
    hf: hf === null ? null : hfJson(hf),
    ...(relevance === undefined
      ? {}
      : { relevance: { score: relevance.score, reasons: [...relevance.reasons] } }),
  };
}

/** The `hf` object of the JSON format (docs/json-format.md); the web API uses it too. */
export function hfJson(hf: HfInfo): DigestJsonHf {
  return {
    upvotes: hf.upvotes,
    comments: hf.comments,
    organization: hf.organization,
    githubRepo: hf.githubRepo,
    githubStars: hf.githubStars,
    aiKeywords: [...hf.aiKeywords],
    seenAt: hf.seenAt.toISOString(),
  };
}

function auditJson(audit: DigestAudit): DigestJsonAudit {
  return {
    source: audit.source,
    url: audit.url,
    fetchedAt: audit.fetchedAt.toISOString(),
    isComplete: audit.isComplete,
    incompleteReason: audit.incompleteReason,
    announcedCount: audit.announcedCount,
    newCount: audit.newCount,
    crossCount: audit.crossCount,
    replacedCount: audit.replacedCount,
    matchedCount: audit.matchedCount,
  };
}
