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
  type PackedRuns,
  type PackedTerms,
} from '../relevance/terms.js';
import { IdSet, internIds } from '../relevance/id-table.js';
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
  candidateTerms: KeyedRuns;
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
  const read = cacheTermRuns(store, [...candidates, ...backfill]);
  // A library entry keyed like a paper of the day or the backfill takes that paper's terms, as it always has; only
  // the library's terms are read with their names (the reasons name liked papers' terms only).
  const readText = new Map<string, KeyedText>();
  for (const item of [...candidates, ...backfill]) if (!readText.has(item.key)) readText.set(item.key, item);
  const terms = cacheTerms(
    store,
    library.map((entry) => readText.get(keyedEntry(entry).key) ?? keyedEntry(entry)),
  );
  const candidateTerms = keepRuns(read, candidates);
  const examples = buildExamples(store, { library, ratings, terms, candidateTerms });
  const readIds = new IdSet();
  const ids: number[] = [];
  for (const example of examples) for (const id of example.terms.ids) if (readIds.add(id)) ids.push(id);
  const loaded = store.loadTermFrequencies(ids);
  const frequencies = { documentCount: loaded.documentCount, counts: new Map(loaded.counts) };
  const model = trainRelevanceModel(examples, frequencies);
  return model === null ? null : { model, frequencies, read: readIds, candidateTerms, library, ratings };
}

/**
 * Scores papers with a trained model, their terms from the store's cache (read and cached when missing), or from
 * `known` (terms already read from these very papers: trainFromStore's `candidateTerms`).
 */
export function scoreWithModel(
  store: Store,
  trained: TrainedRelevance,
  papers: readonly Paper[],
  known: KeyedRuns = NO_RUNS,
): Map<string, Relevance> {
  const missing = papers.flatMap((paper) =>
    known.runOf.has(paper.arxivId) ? [] : [{ key: paper.arxivId, text: paper }],
  );
  const read = missing.length === 0 ? known : cacheTermRuns(store, missing);
  const terms = known.runOf.size === 0 || read === known ? read : joinKeyedRuns(known, read);
  // Frequencies of the ids no paper read so far held, in one query; each distinct id of the day checked once.
  const interned = internIds(terms.ids);
  const unread: number[] = [];
  for (const id of interned.distinct) if (trained.read.add(id)) unread.push(id);
  for (const [id, papersWithTerm] of store.loadTermFrequencies(unread).counts) {
    trained.frequencies.counts.set(id, papersWithTerm);
  }
  const relevance = trained.model.scoreAll(
    {
      runs: terms,
      interned,
      papers: papers.map((paper) => ({
        run: terms.runOf.get(paper.arxivId) ?? -1,
        authors: paper.authors,
        key: paper.arxivId,
      })),
    },
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

/** Papers' packed terms end to end (PackedRuns), with each paper's run by key. */
export interface KeyedRuns extends PackedRuns {
  runOf: Map<string, number>;
}

const NO_RUNS: KeyedRuns = {
  ids: new Int32Array(0),
  counts: new Float32Array(0),
  starts: new Int32Array(1),
  runOf: new Map(),
};

/**
 * The packed term ids and counts of `texts` end to end, as cacheTerms finds them (the cache when read from the same
 * text by the same extraction, else read now and cached) but without the terms themselves, in one query: what a day
 * is scored from. The store's runs are used in place when every text was cached.
 */
function cacheTermRuns(store: Store, texts: readonly KeyedText[]): KeyedRuns {
  const unique = new Map<string, KeyedText>();
  for (const item of texts) if (!unique.has(item.key)) unique.set(item.key, item);
  const items = [...unique.values()];
  const loaded = store.loadTermRuns(
    items.map((item) => item.key),
    TERMS_VERSION,
  );
  const runAt = new Int32Array(items.length).fill(-1);
  for (let run = 0; run < loaded.positions.length; run += 1) {
    const position = loaded.positions[run] ?? -1;
    const item = items[position];
    if (item !== undefined && fingerprintText(item.text) === loaded.textHashes[run]) runAt[position] = run;
  }
  const fresh: StoredTerms[] = [];
  items.forEach((item, position) => {
    if ((runAt[position] ?? -1) >= 0) return;
    const terms = packTerms(extractTerms(item.text));
    fresh.push({ key: item.key, version: TERMS_VERSION, textHash: fingerprintText(item.text), ...terms });
  });
  if (fresh.length > 0) store.saveTerms(fresh);
  const runOf = new Map<string, number>();
  const isInPlace = fresh.length === 0 && loaded.positions.length === items.length;
  if (isInPlace) {
    items.forEach((item, position) => runOf.set(item.key, runAt[position] ?? -1));
    return { ids: loaded.ids, counts: loaded.counts, starts: loaded.starts, runOf };
  }
  const parts: PackedRuns[] = [loaded];
  const picked: { part: number; run: number }[] = [];
  let next = 0;
  items.forEach((item, position) => {
    const run = runAt[position] ?? -1;
    if (run >= 0) picked.push({ part: 0, run });
    else {
      const terms = fresh[next];
      next += 1;
      parts.push({ ...(terms ?? NO_RUNS), starts: Int32Array.of(0, terms?.ids.length ?? 0) });
      picked.push({ part: parts.length - 1, run: 0 });
    }
    runOf.set(item.key, picked.length - 1);
  });
  return { ...gatherRuns(parts, picked), runOf };
}

/** The runs of `known` whose keys are among `texts`, as they are (no copy). */
function keepRuns(known: KeyedRuns, texts: readonly KeyedText[]): KeyedRuns {
  const runOf = new Map<string, number>();
  for (const { key } of texts) {
    const run = known.runOf.get(key);
    if (run !== undefined) runOf.set(key, run);
  }
  return { ids: known.ids, counts: known.counts, starts: known.starts, runOf };
}

/** Two sets of runs as one (copied); a key in both keeps the first's. */
function joinKeyedRuns(first: KeyedRuns, second: KeyedRuns): KeyedRuns {
  const picked: { part: number; run: number }[] = [];
  const runOf = new Map<string, number>();
  [first, second].forEach((part, index) => {
    for (const [key, run] of part.runOf) {
      if (runOf.has(key)) continue;
      runOf.set(key, picked.length);
      picked.push({ part: index, run });
    }
  });
  return { ...gatherRuns([first, second], picked), runOf };
}

/** The runs `picked` from `parts`, copied end to end in that order. */
function gatherRuns(
  parts: readonly PackedRuns[],
  picked: readonly { part: number; run: number }[],
): PackedRuns {
  const lengthOf = ({ part, run }: { part: number; run: number }): number => {
    const starts = parts[part]?.starts;
    return starts === undefined ? 0 : (starts[run + 1] ?? 0) - (starts[run] ?? 0);
  };
  const starts = new Int32Array(picked.length + 1);
  picked.forEach((pick, index) => (starts[index + 1] = (starts[index] ?? 0) + lengthOf(pick)));
  const total = starts[picked.length] ?? 0;
  const ids = new Int32Array(total);
  const counts = new Float32Array(total);
  picked.forEach((pick, index) => {
    const part = parts[pick.part];
    if (part === undefined) return;
    const from = part.starts[pick.run] ?? 0;
    const to = from + lengthOf(pick);
    ids.set(part.ids.subarray(from, to), starts[index]);
    counts.set(part.counts.subarray(from, to), starts[index]);
  });
  return { ids, counts, starts };
}

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
    candidateTerms: KeyedRuns;
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
  const candidateKeys = new Set(input.candidateTerms.runOf.keys());
  const sampleKeys = store
    .loadRecentTermKeys(NEGATIVE_SAMPLE + used.size + candidateKeys.size)
    .filter((key) => !used.has(key) && !candidateKeys.has(key))
    .slice(0, NEGATIVE_SAMPLE);
  // A store holding little but today's papers: learn "not this" from the day itself, as arxiv-sanity-lite does.
  if (sampleKeys.length < MIN_NEGATIVES)
    sampleKeys.push(...[...candidateKeys].filter((key) => !used.has(key)));
  // The sample's terms as runs: their names are never read (only liked papers' terms are named in reasons).
  const sample = store.loadTermRuns(sampleKeys, TERMS_VERSION);
  const runAt = new Int32Array(sampleKeys.length).fill(-1);
  sample.positions.forEach((position, run) => (runAt[position] = run));
  sampleKeys.forEach((key, position) => {
    const run = runAt[position] ?? -1;
    const candidate = input.candidateTerms.runOf.get(key);
    const [runs, at] = run >= 0 ? [sample, run] : [input.candidateTerms, candidate ?? -1];
    if (at < 0) return;
    const from = runs.starts[at] ?? 0;
    const to = runs.starts[at + 1] ?? from;
    const terms = { ids: runs.ids.subarray(from, to), counts: runs.counts.subarray(from, to) };
    examples.push({ key, kind: 'sample' satisfies ExampleKind, title: '', authors: [], terms });
  });
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
