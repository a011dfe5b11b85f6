// The relevance model: trained on what the reader liked (library, rated up, saved) against what they did not
// (rated down, and a sample of the store's other papers); scores any paper 0..1 and says why. Pure.

import type { Relevance } from '../model.js';
import { internIds, type InternedIds } from './id-table.js';
import { TermScorer, type DayTable, type ReasonTerm } from './scorer.js';
import { authorTermOf, namesOf, type PackedCounts, type PackedRuns } from './terms.js';
import { sigmoid, trainLogistic, type TrainOptions } from './train.js';
import { weighTerms, type DocumentFrequencies } from './vector.js';

/** Why a paper teaches the model: the reader's library, a rating, or a sample of the store's other papers. */
export type ExampleKind = 'library' | 'up' | 'save' | 'down' | 'sample';

/** One paper the model learns from. */
export interface RelevanceExample {
  /** The arXiv id, or the library's key for an entry without one. */
  key: string;
  kind: ExampleKind;
  title: string;
  authors: readonly string[];
  /** Its packed terms; a liked paper's carry the terms themselves (PackedTerms), which reasons name. */
  terms: PackedCounts & { terms?: string };
}

/** A paper to score: its authors as written, and its key (the arXiv id). */
interface ScoredPaper {
  authors: readonly string[];
  /** When given, a liked paper scored itself says so ("you rated this up"), not that it is close to itself. */
  key?: string;
}

/** A paper to score with its packed terms (see packTerms). */
interface ScoredText extends ScoredPaper {
  terms: PackedCounts;
}

/** A day to score: every paper's packed terms end to end, and each paper's run among them. */
interface ScoredDay {
  runs: PackedRuns;
  papers: readonly (ScoredPaper & { run: number })[];
  /** `internIds(runs.ids)` when the caller made it already (to read the frequencies of the day's ids). */
  interned?: InternedIds;
}

export interface RelevanceModel {
  /** Score 0..1 and up to three reasons, strongest first, weighed by the training's document frequencies. */
  score(text: ScoredText): Relevance;
  /** The same for a day's papers, weighed by `frequencies` (the training's and more): a day's ranking in one pass. */
  scoreAll(
    day: ScoredDay,
    frequencies: { documentCount: number; counts: ReadonlyMap<number, number> },
  ): Relevance[];
  /** How many liked and other papers it was trained on. */
  positiveCount: number;
  negativeCount: number;
}

const LIKED: ReadonlySet<ExampleKind> = new Set(['library', 'up', 'save']);

/** Below this, the nearest liked paper is not named as a reason. */
const REASON_COSINE = 0.12;
const REASON_WORDS = 3;
/** A reason names three terms, or a phrase and its words: the strongest few are all pickReasonWords can use. */
const REASON_CANDIDATES = 4 * REASON_WORDS;
const TITLE_CHARS = 60;

/**
 * Trains the model; null when there is nothing liked to learn from (cold start). The score is the logistic model's
 * P(liked); the nearest liked paper (tf-idf cosine) is only a reason. Mixing that cosine into the score, as
 * zotero-arxiv-daily ranks, did not help in bench/rank.ts at any weight or by rank fusion (docs/relevance.md).
 */
export function trainRelevanceModel(
  examples: readonly RelevanceExample[],
  frequencies: DocumentFrequencies,
  train: TrainOptions = {},
): RelevanceModel | null {
  const liked = examples.filter((example) => LIKED.has(example.kind));
  if (liked.length === 0) return null;
  const weighed = examples.map((example) => ({
    vector: weighTerms(example.terms, frequencies),
    isPositive: LIKED.has(example.kind),
  }));
  const linear = trainLogistic(weighed, train);
  // Only terms of liked papers can weigh above zero (training starts at zero and only positives push up), so their
  // names are every name a "words:" reason needs.
  const names = new Map<number, string>();
  for (const example of liked) for (const [id, term] of namesOf(example.terms)) names.set(id, term);
  const scorer = new TermScorer({
    linear,
    liked: weighed.filter((example) => example.isPositive).map((example) => example.vector),
    names,
    strongestCount: REASON_CANDIDATES,
  });
  const authors = countLikedAuthors(liked);
  // A day's papers share many authors: each name is folded into its term once per model.
  const authorTerms = new Map<string, string | null>();
  const authorTermOfName = (name: string): string | null => {
    let term = authorTerms.get(name);
    if (term === undefined) {
      term = authorTermOf(name);
      authorTerms.set(name, term);
    }
    return term;
  };
  // Each liked paper's "close to '…'" said once, not once per paper it is nearest to.
  const closeReasons = liked.map((example) => closeReason(example));
  const scoreRun = (runs: PackedRuns, run: number, text: ScoredPaper, day: DayTable): Relevance => {
    const scored = scorer.score(runs, run, day);
    const reasons: string[] = [];
    const example = liked[scored.nearest];
    if (example !== undefined && scored.nearestCosine >= REASON_COSINE) {
      reasons.push(example.key === text.key ? selfReason(example) : (closeReasons[scored.nearest] ?? ''));
    }
    const words = pickFromSorted(scored.strongest);
    if (words.length > 0) reasons.push(`words: ${words.join(', ')}`);
    const author = authorReason(text.authors, authors, authorTermOfName);
    if (author !== null) reasons.push(author);
    return { score: roundScore(sigmoid(scored.z)), reasons };
  };
  return {
    positiveCount: liked.length,
    negativeCount: examples.length - liked.length,
    score(text) {
      const runs = { ...text.terms, starts: Int32Array.of(0, text.terms.ids.length) };
      const day = scorer.prepare(frequencies.documentCount, frequencies.counts, internIds(runs.ids));
      return scoreRun(runs, 0, text, day);
    },
    scoreAll({ runs, papers, interned }, current) {
      const day = scorer.prepare(current.documentCount, current.counts, interned ?? internIds(runs.ids));
      return papers.map((paper) => scoreRun(runs, paper.run, paper, day));
    },
  };
}

/** Scores keep three decimals: enough to order a day, and stable in the JSON document. */
function roundScore(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
}

/** What a liked paper scored itself says: it is liked, not close to itself. */
function selfReason(example: RelevanceExample): string {
  if (example.kind === 'library') return 'in your library';
  return example.kind === 'save' ? 'you saved this' : 'you rated this up';
}

/** "close to '<title…>' in your library" (or "you rated up", "you saved"). */
function closeReason(example: RelevanceExample): string {
  const title = shortenTitle(example.title);
  return example.kind === 'library'
    ? `close to '${title}' in your library`
    : `close to '${title}' you ${verbOf(example.kind)}`;
}

function verbOf(kind: ExampleKind): string {
  return kind === 'save' ? 'saved' : 'rated up';
}

/** A title cut at a word boundary to about TITLE_CHARS characters, with an ellipsis when cut. */
export function shortenTitle(title: string): string {
  const clean = title.replace(/\s+/g, ' ').trim();
  if (clean.length <= TITLE_CHARS) return clean;
  const cut = clean.slice(0, TITLE_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/**
 * The REASON_WORDS terms that push most, strongest first, skipping a word its phrase already says (or a phrase
 * after one of its words): "reinforcement learning" rather than "reinforcement, learning, reinforcement learning".
 */
export function pickReasonWords(pushes: readonly { term: string; push: number }[]): string[] {
  const sorted = [...pushes].sort((a, b) => b.push - a.push || (a.term < b.term ? -1 : 1));
  return pickFromSorted(sorted.map(({ term }) => ({ term, parts: term.split(' ') })));
}

/**
 * pickReasonWords on terms already sorted strongest first, each split into its words once. Plain loops over at most
 * REASON_WORDS kept terms: it runs for every paper of a day.
 */
function pickFromSorted(sorted: readonly ReasonTerm[]): string[] {
  const words: ReasonTerm[] = [];
  for (const candidate of sorted) {
    if (isHeldBy(candidate.term, words)) continue;
    // A phrase replaces the single words it holds, at the first one's place.
    let kept = 0;
    let isPlaced = false;
    for (const word of words) {
      if (!candidate.parts.includes(word.term)) {
        words[kept] = word;
        kept += 1;
      } else if (!isPlaced) {
        words[kept] = candidate;
        kept += 1;
        isPlaced = true;
      }
    }
    words.length = kept;
    if (!isPlaced && words.length < REASON_WORDS) words.push(candidate);
  }
  return words.map((word) => word.term);
}

/** True when `term` is one of the kept terms or a word of a kept phrase. */
function isHeldBy(term: string, words: readonly ReasonTerm[]): boolean {
  for (const word of words) if (word.parts.includes(term)) return true;
  return false;
}

interface AuthorCount {
  name: string;
  /** Liked papers by this author, by how they were liked. */
  byKind: Map<ExampleKind, number>;
}

function countLikedAuthors(liked: readonly RelevanceExample[]): Map<string, AuthorCount> {
  const authors = new Map<string, AuthorCount>();
  for (const example of liked) {
    for (const name of example.authors) {
      const term = authorTermOf(name);
      if (term === null) continue;
      const count = authors.get(term) ?? { name, byKind: new Map<ExampleKind, number>() };
      count.byKind.set(example.kind, (count.byKind.get(example.kind) ?? 0) + 1);
      authors.set(term, count);
    }
  }
  return authors;
}

/** "you rated 3 papers by A. Author up", for the author of the paper most often liked. */
function authorReason(
  names: readonly string[],
  authors: ReadonlyMap<string, AuthorCount>,
  termOf: (name: string) => string | null,
): string | null {
  let best: { name: string; kind: ExampleKind; count: number } | null = null;
  for (const name of names) {
    const term = termOf(name);
    const known = term === null ? undefined : authors.get(term);
    if (known === undefined) continue;
    for (const [kind, count] of known.byKind) {
      if (best === null || count > best.count) best = { name: name.trim(), kind, count };
    }
  }
  if (best === null) return null;
  const papers = best.count === 1 ? '1 paper' : `${best.count} papers`;
  if (best.kind === 'library') return `${papers} by ${best.name} in your library`;
  if (best.kind === 'save') return `you saved ${papers} by ${best.name}`;
  return `you rated ${papers} by ${best.name} up`;
}
