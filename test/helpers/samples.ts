// Sample papers, digest entries and digests for tests: each test spells out only the fields it is about.
// Papers come from src/store/contract.ts's samplePaper, re-exported here so there is one builder.

import type { TranslationCache } from '../../src/enrich/translator.js';
import type {
  Digest,
  DigestAudit,
  DigestEntry,
  DigestSection,
  IsoDate,
  Lang,
  Paper,
} from '../../src/model.js';
import { samplePaper } from '../../src/store/contract.js';

export { listed, samplePaper } from '../../src/store/contract.js';

/** Overrides for a paper whose listing gave no dates and no comment: spread into samplePaper's overrides. */
export const UNDATED = { publishedAt: null, updatedAt: null, comment: null } satisfies Partial<Paper>;

/** A digest entry announced as new, untranslated and unseen on Hugging Face; override what the test is about. */
export function sampleEntry(paper: Paper, overrides: Partial<Omit<DigestEntry, 'paper'>> = {}): DigestEntry {
  return {
    paper,
    announceType: 'new',
    translation: { title: null, abstract: null },
    hf: null,
    ...overrides,
  };
}

/**
 * A Chinese digest of the 2026-01-30 listing holding `sections`, counting their distinct papers, with no notices
 * or problems; override what the test is about.
 */
export function sampleDigest(sections: DigestSection[], overrides: Partial<Digest> = {}): Digest {
  return {
    profile: 'default',
    listingDate: '2026-01-30' as IsoDate,
    announcedAt: new Date('2026-01-30T01:00:00Z'),
    generatedAt: new Date('2026-01-29T08:43:27Z'),
    lang: 'zh',
    sections,
    paperCount: new Set(sections.flatMap(({ entries }) => entries.map(({ paper }) => paper.arxivId))).size,
    notices: [],
    problems: [],
    ...overrides,
  };
}

/** A translation cache held in a map, for tests of the translate stage; `entries` shows what was written. */
export class MemoryCache implements TranslationCache {
  readonly entries = new Map<string, string>();
  get(sourceHash: string, lang: Lang, model: string): string | null {
    return this.entries.get(`${sourceHash} ${lang} ${model}`) ?? null;
  }
  set(sourceHash: string, lang: Lang, model: string, text: string): void {
    this.entries.set(`${sourceHash} ${lang} ${model}`, text);
  }
}

/** A cs.LG paper by one author with no dates or comment: what the translate tests need, title and abstract given. */
export function translatablePaper(arxivId: string, title: string, abstract: string): Paper {
  return samplePaper(arxivId, {
    title,
    abstract,
    authors: ['A. Author'],
    categories: ['cs.LG'],
    ...UNDATED,
  });
}

/** Twenty keyword queries of every kind (phrases, prefixes, fields, operators), for selection at scale. */
export const TWENTY_KEYWORDS: readonly string[] = [
  'reinforcement learning',
  'diffusion policy',
  'world model',
  'RL',
  'offline RL',
  'imitation learning',
  'robot*',
  'au:wang',
  'cat:cs.RO',
  '"human-in-the-loop" OR HiL',
  'policy gradient',
  'MuJoCo',
  'model-based',
  'transformer',
  'large language model',
  'reward NOT hack*',
  'ti:(entropy OR gradients)',
  'sim-to-real',
  'manipulation AND cat:cs.RO',
  'Schrödinger',
];

/** A partial API listing's audit (50 counted, 3 served), with `overrides` on top. */
export function sampleAudit(overrides: Partial<DigestAudit> = {}): DigestAudit {
  return {
    source: 'arxiv-api',
    url: 'https://export.arxiv.org/api/query?start=0',
    fetchedAt: new Date('2026-01-30T02:00:00Z'),
    isComplete: false,
    incompleteReason: 'arXiv reported 50 results but served 3',
    announcedCount: 50,
    newCount: 2,
    crossCount: 1,
    replacedCount: 0,
    matchedCount: 2,
    ...overrides,
  };
}
