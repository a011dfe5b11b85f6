// The relevance stage: learns from the reader's library and ratings (through the store's term cache) and scores
// a day's papers 0..1 with reasons; optionally mixes in embeddings. digest.ts calls it once per digest.

import type { LibraryEntry, Paper, Profile, Rating, Relevance } from '../model.js';
import { rankEntries } from '../rank/rank.js';
import {
  trainRelevanceModel,
  type ExampleKind,
  type RelevanceExample,
  type RelevanceModel,
} from '../relevance/model.js';
import {
  TERMS_VERSION,
  extractTerms,
  fingerprintText,
  packTerms,
  type PackedTerms,
} from '../relevance/terms.js';
import { IdSet } from '../relevance/id-table.js';
import type { Store, StoredTerms } from '../store/store.js';
import { scoreWithEmbeddings, type Embedder, type KeyedText } from './embeddings.js';

export type { Embedder } from './embeddings.js';

/** How many of the store's other papers the model learns "not this" from. */
const NEGATIVE_SAMPLE = 300;
/** Papers never featured are featured this many at a time, newest first, so a large store catches up in steps. */
const BACKFILL = 2000;
/** Fewer other papers than this in the store: the day's papers count as "not this" too. */
const MIN_NEGATIVES = 20;

export const COLD_START_NOTICE =
  'relevance: no library and no papers rated up yet, so papers keep listing order; add some with ' +
  '`paperwire library add FILE` or `paperwire rate ID --up`';

export interface RelevanceDeps {
  store: Store;
  /** Embeddings to mix in; null or absent: the local model alone. */
  embedder?: Embedder | null;
}

export interface RelevanceRun {
  /** By arXiv id; empty on a cold start. */
  scores: Map<string, Relevance>;
  /** True when there was nothing liked to learn from. */
  isColdStart: boolean;
  notices: string[];
}

/**
 * Scores `papers` by what the reader liked: library entries, papers rated up or saved (positives) against papers
 * rated down and the NEGATIVE_SAMPLE papers cached last (negatives). Terms are read once per paper and cached in
 * the store; papers never read are caught up BACKFILL at a time. With no positives: no scores, `isColdStart`.
 */
export async function scoreRelevance(papers: readonly Paper[], deps: RelevanceDeps): Promise<RelevanceRun> {
  const { store } = deps;
  const candidates = papers.map((paper) => ({ key: paper.arxivId, text: paper }));
  const trained = trainFromStore(store, candidates);
  if (trained === null) return { scores: new Map(), isColdStart: true, notices: [] };
  const scores = scoreWithModel(store, trained, papers, trained.candidateTerms);
  const notices: string[] = [];
  if (deps.embedder) {
    const liked = [
      ...trained.library.map(keyedEntry),
      ...trained.ratings.flatMap((rating) => {
        const paper = rating.kind === 'down' ? null : store.loadPaper(rating.arxivId);
        return paper === null ? [] : [{ key: paper.arxivId, text: paper }];
      }),
    ];
    notices.push(
      ...(await scoreWithEmbeddings(scores, { liked, candidates, store, embedder: deps.embedder })),
    );
  }
  return { scores, isColdStart: false, notices };
}

/** A model trained from the store, with the document frequencies it has read so far. */
export interface TrainedRelevance {
  model: RelevanceModel;
  /** Grows as papers with new terms are scored (scoreWithModel reads their frequencies once). */
  frequencies: { documentCount: number; counts: Map<number, number> };
  /** Term ids whose frequency was read (a term no paper holds is read as absent, and not again). */
  read: IdSet;
  /** The terms of the candidates trainFromStore was given, by key: scoreWithModel need not read them again. */
  candidateTerms: Map<string, PackedTerms>;
  library: LibraryEntry[];
  ratings: Rating[];
}

/**
 * Trains the model on the library and ratings against the store's other papers (`candidates`, the papers about to
 * be scored, are cached with the rest and kept out of the negatives); null when nothing is liked. This is what one
 * new rating costs (bench/rank.ts times it).
 */
export function trainFromStore(store: Store, candidates: readonly KeyedText[] = []): TrainedRelevance | null {
  const library = store.loadLibrary();
  const ratings = store.loadRatings();
  if (library.length === 0 && !ratings.some((rating) => rating.kind !== 'down')) return null;
  const backfill = store
    .loadPapersWithoutTerms(BACKFILL)
    .map((paper) => ({ key: paper.arxivId, text: paper }));
  const terms = cacheTerms(store, [...candidates, ...backfill, ...library.map(keyedEntry)]);
  const examples = buildExamples(store, { library, ratings, terms, candidates });
  const read = new IdSet();
  const ids: number[] = [];
  for (const example of examples) for (const id of example.terms.ids) if (read.add(id)) ids.push(id);
  const loaded = store.loadTermFrequencies(ids);
  const frequencies = { documentCount: loaded.documentCount, counts: new Map(loaded.counts) };
  const model = trainRelevanceModel(examples, frequencies);
  const candidateTerms = new Map<string, PackedTerms>();
  for (const { key } of candidates) {
    const known = terms.get(key);
    if (known !== undefined) candidateTerms.set(key, known);
  }
  return model === null ? null : { model, frequencies, read, candidateTerms, library, ratings };
}

/**
 * Scores papers with a trained model, their terms from the store's cache (read and cached when missing), or from
 * `known` (terms already read from these very papers: trainFromStore's `candidateTerms`).
 */
export function scoreWithModel(
  store: Store,
  trained: TrainedRelevance,
  papers: readonly Paper[],
  known: ReadonlyMap<string, PackedTerms> = new Map(),
): Map<string, Relevance> {
  const terms = cacheTerms(
    store,
    papers.flatMap((paper) => (known.has(paper.arxivId) ? [] : [{ key: paper.arxivId, text: paper }])),
  );
  for (const paper of papers) {
    const paperTerms = known.get(paper.arxivId);
    if (paperTerms !== undefined) terms.set(paper.arxivId, paperTerms);
  }
  // Frequencies of the ids no paper read so far held, in one query.
  const unread: number[] = [];
  for (const paperTerms of terms.values()) {
    for (const id of paperTerms.ids) if (trained.read.add(id)) unread.push(id);
  }
  for (const [id, papersWithTerm] of store.loadTermFrequencies(unread).counts) {
    trained.frequencies.counts.set(id, papersWithTerm);
  }
  const relevance = trained.model.scoreAll(
    papers.map((paper) => ({
      terms: terms.get(paper.arxivId) ?? NO_TERMS,
      authors: paper.authors,
      key: paper.arxivId,
    })),
    trained.frequencies,
  );
  const scores = new Map<string, Relevance>();
  papers.forEach((paper, index) => {
    const scored = relevance[index];
    if (scored !== undefined) scores.set(paper.arxivId, scored);
  });
  return scores;
}

/** A library entry as the model reads it: by its arXiv id when it has one (the paper's own key), else its key. */
function keyedEntry(entry: LibraryEntry): KeyedText {
  return { key: entry.arxivId ?? entry.key, text: entry };
}

/** The terms of a paper with none. */
const NO_TERMS: PackedTerms = { ids: new Int32Array(0), counts: new Float32Array(0), terms: '' };

/**
 * The packed terms of `texts`, from the store's cache when they were read from the same text by the same
 * extraction, else read now and cached (one transaction; `save: false` reads without writing, for web pages).
 */
export function cacheTerms(
  store: Store,
  texts: readonly KeyedText[],
  options: { save?: boolean } = {},
): Map<string, PackedTerms> {
  const cached = store.loadTerms(texts.map((item) => item.key));
  const found = new Map<string, PackedTerms>();
  const fresh: StoredTerms[] = [];
  for (const { key, text } of texts) {
    if (found.has(key)) continue;
    const textHash = fingerprintText(text);
    const stored = cached.get(key);
    if (stored !== undefined && stored.version === TERMS_VERSION && stored.textHash === textHash) {
      found.set(key, stored);
      continue;
    }
    const terms = packTerms(extractTerms(text));
    found.set(key, terms);
    fresh.push({ key, version: TERMS_VERSION, textHash, ...terms });
  }
  if (fresh.length > 0 && options.save !== false) store.saveTerms(fresh);
  return found;
}

/**
 * What the model learns from: the library and the rated papers (terms from the cache, read from the store's paper
 * when never cached; a rated paper the store no longer has is skipped), and the sample of other papers.
 */
function buildExamples(
  store: Store,
  input: {
    library: readonly LibraryEntry[];
    ratings: readonly Rating[];
    terms: Map<string, PackedTerms>;
    candidates: readonly KeyedText[];
  },
): RelevanceExample[] {
  const examples: RelevanceExample[] = [];
  const used = new Set<string>();
  for (const entry of input.library) {
    const key = entry.arxivId ?? entry.key;
    const terms = input.terms.get(key);
    if (terms === undefined || used.has(key)) continue;
    used.add(key);
    examples.push({ key, kind: 'library', title: entry.title, authors: entry.authors, terms });
  }
  const rated = input.ratings.filter((rating) => !used.has(rating.arxivId));
  const ratedTerms = store.loadTerms(rated.map((rating) => rating.arxivId));
  for (const rating of rated) {
    const paper = store.loadPaper(rating.arxivId);
    if (paper === null) continue;
    const cached = ratedTerms.get(rating.arxivId);
    const terms =
      cached?.version === TERMS_VERSION
        ? cached
        : cacheTerms(store, [{ key: paper.arxivId, text: paper }]).get(paper.arxivId);
    if (terms === undefined) continue;
    used.add(rating.arxivId);
    examples.push({
      key: rating.arxivId,
      kind: rating.kind,
      title: paper.title,
      authors: paper.authors,
      terms,
    });
  }
  const candidateKeys = new Set(input.candidates.map((candidate) => candidate.key));
  const sampleKeys = store
    .loadRecentTermKeys(NEGATIVE_SAMPLE + used.size + candidateKeys.size)
    .filter((key) => !used.has(key) && !candidateKeys.has(key))
    .slice(0, NEGATIVE_SAMPLE);
  // A store holding little but today's papers: learn "not this" from the day itself, as arxiv-sanity-lite does.
  if (sampleKeys.length < MIN_NEGATIVES)
    sampleKeys.push(...[...candidateKeys].filter((key) => !used.has(key)));
  const sampleTerms = store.loadTerms(sampleKeys);
  for (const key of sampleKeys) {
    const terms = input.terms.get(key) ?? sampleTerms.get(key);
    if (terms !== undefined)
      examples.push({ key, kind: 'sample' satisfies ExampleKind, title: '', authors: [], terms });
  }
  return examples;
}

/** A section of papers as select/ made it; kept generic so the stage never depends on how entries look. */
interface Section<T extends { paper: Paper }> {
  keyword: string;
  entries: T[];
}

export interface RankedSections<T extends { paper: Paper }> {
  sections: Section<T>[];
  /** Relevance by arXiv id; empty on a cold start. */
  scores: Map<string, Relevance>;
  notices: string[];
}

/**
 * The rank stage with relevance: scores the sections' papers (see scoreRelevance), orders each section by the
 * profile's sort, keeps papers scoring at least `minScore`, then the `top` best of the digest (by score when
 * scored, else the first in section order). A cold start under `sort = "relevance"` or `min_score` says so once.
 */
export async function rankSections<T extends { paper: Paper }>(
  selected: readonly Section<T>[],
  profile: Profile,
  extras: { upvotes: Map<string, number> },
  deps: RelevanceDeps,
): Promise<RankedSections<T>> {
  const distinct = new Map<string, Paper>();
  for (const section of selected)
    for (const entry of section.entries) distinct.set(entry.paper.arxivId, entry.paper);
  const run = await scoreRelevance([...distinct.values()], deps);
  const minScore = profile.minScore ?? null;
  const relevance = new Map([...run.scores].map(([arxivId, scored]) => [arxivId, scored.score]));
  const isKept = (arxivId: string): boolean =>
    minScore === null || run.isColdStart || (relevance.get(arxivId) ?? 0) >= minScore;
  let sections = selected.map((section) => ({
    keyword: section.keyword,
    entries: rankEntries(section.entries, profile.sort, { ...extras, relevance }).filter((entry) =>
      isKept(entry.paper.arxivId),
    ),
  }));
  const top = profile.top ?? null;
  if (top !== null) {
    const order = sections.flatMap((section) => section.entries.map((entry) => entry.paper.arxivId));
    const best = run.isColdStart
      ? [...new Set(order)]
      : rankEntries(
          [...new Set(order)].flatMap((arxivId) => {
            const paper = distinct.get(arxivId);
            return paper === undefined ? [] : [{ paper }];
          }),
          'relevance',
          {
            relevance,
          },
        ).map((entry) => entry.paper.arxivId);
    const kept = new Set(best.slice(0, top));
    sections = sections.map((section) => ({
      ...section,
      entries: section.entries.filter((entry) => kept.has(entry.paper.arxivId)),
    }));
  }
  const asked = profile.sort === 'relevance' || minScore !== null;
  const notices = [...run.notices, ...(run.isColdStart && asked ? [COLD_START_NOTICE] : [])];
  return { sections, scores: run.scores, notices };
}
