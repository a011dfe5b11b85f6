// The relevance model's scoring loop: the trained weights and the liked papers' vectors packed into typed arrays
// beside one id index, so a day of 2,000 papers is weighed, scored and compared with every liked paper in two passes
// per paper, one lookup per term and nothing allocated per term. Pure; model.ts builds the reasons.

import { IdIndex, type InternedIds } from './id-table.js';
import { isAuthorTerm, type PackedRuns } from './terms.js';
import type { LinearModel } from './train.js';
import type { TermVector } from './vector.js';

/** What a trained linear model and its liked papers are, as model.ts hands them over. */
export interface ScorerInput {
  /** The trained model: every term id of its examples (each once) with its weight, and the bias. */
  linear: LinearModel;
  /** The liked papers' unit tf-idf vectors (their ids among linear.ids), in the order `ScoredTerms.nearest` counts. */
  liked: readonly TermVector[];
  /** Term id → term, for every term a "words:" reason may name. */
  names: ReadonlyMap<number, string>;
  /** How many of the strongest pushing terms to keep per paper. */
  strongestCount: number;
}

/** A term a "words:" reason can name, split once into its words (a phrase replaces the words it holds). */
export interface ReasonTerm {
  term: string;
  parts: readonly string[];
}

/** One paper's result, overwritten by the next `score` call: read it before scoring again. */
export interface ScoredTerms {
  /** bias + Σ weight × tf-idf: the logit of P(liked). */
  z: number;
  /** The liked paper with the highest cosine (the first of equals), and that cosine. */
  nearest: number;
  nearestCosine: number;
  /** The strongest pushing terms a reason can name, strongest first (equal pushes by term), at most strongestCount. */
  strongest: ReasonTerm[];
}

/**
 * A day's term occurrences made ready to score (TermScorer.prepare): each occurrence's index among the day's
 * distinct ids, and each distinct id's idf and place in the model (-1: none) at that index.
 */
export interface DayTable {
  slots: Int32Array;
  idfs: Float64Array;
  entries: Int32Array;
}

export class TermScorer {
  private readonly vocabulary: IdIndex;
  private readonly weights: Float64Array;
  /** Entry → its postings in postingLiked/postingWeights, from postingStart[entry] to postingStart[entry + 1]. */
  private readonly postingStart: Int32Array;
  private readonly postingLiked: Int32Array;
  private readonly postingWeights: Float64Array;
  /** Entry → its ReasonTerm in reasonTerms, or -1 (no name, or an author). */
  private readonly reasonAt: Int32Array;
  private readonly reasonTerms: ReasonTerm[] = [];
  private readonly similarities: Float64Array;
  private values = new Float64Array(256);
  private entriesAt = new Int32Array(256);
  private readonly strongestEntries: Int32Array;
  private readonly strongestPushes: Float64Array;
  private readonly keptPushes: Float64Array;
  private readonly result: ScoredTerms = { z: 0, nearest: 0, nearestCosine: 0, strongest: [] };

  constructor(private readonly input: ScorerInput) {
    const entries = input.linear.ids;
    this.vocabulary = new IdIndex(entries);
    this.weights = input.linear.weights;
    this.reasonAt = new Int32Array(entries.length).fill(-1);
    for (const [id, term] of input.names) {
      const entry = this.vocabulary.indexOf(id);
      if (entry < 0 || isAuthorTerm(term)) continue;
      this.reasonAt[entry] = this.reasonTerms.length;
      this.reasonTerms.push({ term, parts: term.split(' ') });
    }
    this.postingStart = new Int32Array(entries.length + 1);
    for (const vector of input.liked) {
      for (const id of vector.ids) {
        const after = this.vocabulary.indexOf(id) + 1;
        if (after > 0) this.postingStart[after] = (this.postingStart[after] ?? 0) + 1;
      }
    }
    for (let entry = 0; entry < entries.length; entry += 1) {
      this.postingStart[entry + 1] = (this.postingStart[entry + 1] ?? 0) + (this.postingStart[entry] ?? 0);
    }
    const total = this.postingStart[entries.length] ?? 0;
    this.postingLiked = new Int32Array(total);
    this.postingWeights = new Float64Array(total);
    const filled = this.postingStart.slice(0, entries.length);
    input.liked.forEach((vector, liked) => {
      vector.ids.forEach((id, at) => {
        const entry = this.vocabulary.indexOf(id);
        if (entry < 0) return;
        const slot = filled[entry] ?? 0;
        filled[entry] = slot + 1;
        this.postingLiked[slot] = liked;
        this.postingWeights[slot] = vector.weights[at] ?? 0;
      });
    });
    this.similarities = new Float64Array(input.liked.length);
    this.strongestEntries = new Int32Array(input.strongestCount);
    this.strongestPushes = new Float64Array(input.strongestCount);
    this.keptPushes = new Float64Array(input.strongestCount);
  }

  /**
   * The idf of every distinct id of a day's terms (document frequencies from `counts` out of `documentCount`, an id
   * it has no number for occurring in none), as vector.ts weighTerms computes it, beside its entry in the model:
   * what `score` reads per occurrence, through `interned.slots`, without looking anything up.
   */
  prepare(
    documentCount: number,
    counts: { get(id: number): number | undefined },
    interned: InternedIds,
  ): DayTable {
    const documents = documentCount + 1;
    const { distinct } = interned;
    const idfs = new Float64Array(distinct.length);
    const entries = new Int32Array(distinct.length);
    for (let index = 0; index < distinct.length; index += 1) {
      const id = distinct[index] ?? 0;
      idfs[index] = Math.log(documents / ((counts.get(id) ?? 0) + 1)) + 1;
      entries[index] = this.vocabulary.indexOf(id);
    }
    return { slots: interned.slots, idfs, entries };
  }

  /**
   * Scores run `run` of `runs` (one paper's packed terms) weighed by tf-idf under `day` (vector.ts weighTerms, scaled
   * to length 1): the same arithmetic, in the same order, as weighTerms, cosineOf against each liked paper and the
   * weights' dot product.
   */
  score(runs: PackedRuns, run: number, day: DayTable): ScoredTerms {
    const from = runs.starts[run] ?? 0;
    const count = (runs.starts[run + 1] ?? from) - from;
    if (this.values.length < count) {
      this.values = new Float64Array(count * 2);
      this.entriesAt = new Int32Array(count * 2);
    }
    const { values, entriesAt } = this;
    const { counts } = runs;
    const { slots, idfs, entries } = day;
    let squares = 0;
    for (let at = 0; at < count; at += 1) {
      const slot = slots[from + at] ?? 0;
      const tf = counts[from + at] ?? 1;
      const value = (tf === 1 ? 1 : 1 + Math.log(tf)) * (idfs[slot] ?? 0);
      entriesAt[at] = entries[slot] ?? -1;
      values[at] = value;
      squares += value * value;
    }
    const length = Math.sqrt(squares);
    if (length > 0) for (let at = 0; at < count; at += 1) values[at] = (values[at] ?? 0) / length;
    const similarities = this.similarities;
    similarities.fill(0);
    let strongest = 0;
    let z = this.input.linear.bias;
    for (let at = 0; at < count; at += 1) {
      const entry = entriesAt[at] ?? -1;
      if (entry < 0) continue;
      const value = values[at] ?? 0;
      const push = (this.weights[entry] ?? 0) * value;
      z += push;
      if (push > 0) strongest = this.offerStrongest(strongest, entry, push);
      const end = this.postingStart[entry + 1] ?? 0;
      for (let posting = this.postingStart[entry] ?? 0; posting < end; posting += 1) {
        const liked = this.postingLiked[posting] ?? 0;
        similarities[liked] = (similarities[liked] ?? 0) + value * (this.postingWeights[posting] ?? 0);
      }
    }
    let nearest = 0;
    for (let liked = 1; liked < similarities.length; liked += 1) {
      if ((similarities[liked] ?? 0) > (similarities[nearest] ?? 0)) nearest = liked;
    }
    this.result.z = z;
    this.result.nearest = nearest;
    this.result.nearestCosine = similarities[nearest] ?? 0;
    this.keepNamed(strongest);
    return this.result;
  }

  /**
   * Keeps the strongestCount largest pushes, sorted, in typed arrays (equal pushes in the order offered); returns
   * how many are kept.
   */
  private offerStrongest(kept: number, entry: number, push: number): number {
    const size = this.strongestEntries.length;
    if (kept === size && push <= (this.strongestPushes[size - 1] ?? 0)) return kept;
    let slot = kept < size ? kept : size - 1;
    while (slot > 0 && (this.strongestPushes[slot - 1] ?? 0) < push) {
      this.strongestPushes[slot] = this.strongestPushes[slot - 1] ?? 0;
      this.strongestEntries[slot] = this.strongestEntries[slot - 1] ?? 0;
      slot -= 1;
    }
    this.strongestPushes[slot] = push;
    this.strongestEntries[slot] = entry;
    return kept < size ? kept + 1 : kept;
  }

  /** The kept terms a reason can name into result.strongest; equal pushes by term, as pickReasonWords sorts. */
  private keepNamed(kept: number): void {
    const named = this.result.strongest;
    const pushes = this.keptPushes;
    named.length = 0;
    for (let slot = 0; slot < kept; slot += 1) {
      const reason = this.reasonTerms[this.reasonAt[this.strongestEntries[slot] ?? 0] ?? -1];
      if (reason === undefined) continue;
      const push = this.strongestPushes[slot] ?? 0;
      // Already by push: only equal pushes (terms alike in every liked paper) move, past those after them by term.
      let at = named.length;
      named.push(reason);
      while (at > 0 && pushes[at - 1] === push && (named[at - 1]?.term ?? '') > reason.term) {
        named[at] = named[at - 1] ?? reason;
        pushes[at] = pushes[at - 1] ?? push;
        at -= 1;
      }
      named[at] = reason;
      pushes[at] = push;
    }
  }
}
