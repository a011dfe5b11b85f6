// The relevance model's scoring loop: the trained weights and the liked papers' vectors packed into typed arrays
// beside one id table, so a day of 2,000 papers is weighed, scored and compared with every liked paper in two passes
// per paper, with one table lookup per term and nothing allocated per term. Pure; model.ts builds the reasons.

import { IdTable } from './id-table.js';
import { isAuthorTerm, type PackedTerms } from './terms.js';
import type { TermVector } from './vector.js';

/** What a trained linear model and its liked papers are, as model.ts hands them over. */
export interface ScorerInput {
  bias: number;
  /** Term id → weight (ids not in it weigh 0). */
  weights: ReadonlyMap<number, number>;
  /** The liked papers' unit tf-idf vectors, in the order `ScoredTerms.nearest` counts. */
  liked: readonly TermVector[];
  /** Term id → term, for every term a "words:" reason may name. */
  names: ReadonlyMap<number, string>;
  /** How many of the strongest pushing terms to keep per paper. */
  strongestCount: number;
}

/** A term a "words:" reason can name, split once into its words (a phrase's replace the words it holds). */
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
}

export class TermScorer {
  private readonly table: IdTable;
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
  private readonly strongestEntries: Int32Array;
  private readonly strongestPushes: Float64Array;
  private strongestKept = 0;
  private readonly result: ScoredTerms = { z: 0, nearest: 0, nearestCosine: 0 };

  constructor(private readonly input: ScorerInput) {
    const ids = new Set(input.weights.keys());
    for (const vector of input.liked) for (const id of vector.ids) ids.add(id);
    const entries = [...ids];
    this.table = new IdTable(
      entries.map((id, entry) => [id, entry] as const),
      -1,
    );
    this.weights = Float64Array.from(entries, (id) => input.weights.get(id) ?? 0);
    this.reasonAt = Int32Array.from(entries, (id) => {
      const term = input.names.get(id);
      if (term === undefined || isAuthorTerm(term)) return -1;
      this.reasonTerms.push({ term, parts: term.split(' ') });
      return this.reasonTerms.length - 1;
    });
    this.postingStart = new Int32Array(entries.length + 1);
    for (const vector of input.liked) {
      for (const id of vector.ids) {
        const after = this.entryOf(id) + 1;
        this.postingStart[after] = (this.postingStart[after] ?? 0) + 1;
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
        const entry = this.entryOf(id);
        const slot = filled[entry] ?? 0;
        filled[entry] = slot + 1;
        this.postingLiked[slot] = liked;
        this.postingWeights[slot] = vector.weights[at] ?? 0;
      });
    });
    this.similarities = new Float64Array(input.liked.length);
    this.strongestEntries = new Int32Array(input.strongestCount);
    this.strongestPushes = new Float64Array(input.strongestCount);
  }

  private entryOf(id: number): number {
    return this.table.indexOf(id);
  }

  /**
   * Scores packed terms weighed by `idfOf` (the tf-idf of vector.ts weighTerms, scaled to length 1): the same
   * arithmetic, in the same order, as weighTerms, cosineOf against each liked paper and the weights' dot product.
   */
  score(terms: PackedTerms, idfOf: (id: number) => number): ScoredTerms {
    const count = terms.ids.length;
    if (this.values.length < count) this.values = new Float64Array(count * 2);
    const values = this.values;
    let squares = 0;
    for (let at = 0; at < count; at += 1) {
      const tf = terms.counts[at] ?? 1;
      const value = (tf === 1 ? 1 : 1 + Math.log(tf)) * idfOf(terms.ids[at] ?? 0);
      values[at] = value;
      squares += value * value;
    }
    const length = Math.sqrt(squares);
    if (length > 0) for (let at = 0; at < count; at += 1) values[at] = (values[at] ?? 0) / length;
    const similarities = this.similarities;
    similarities.fill(0);
    this.strongestKept = 0;
    let z = this.input.bias;
    for (let at = 0; at < count; at += 1) {
      const entry = this.entryOf(terms.ids[at] ?? 0);
      if (entry < 0) continue;
      const value = values[at] ?? 0;
      const push = (this.weights[entry] ?? 0) * value;
      z += push;
      if (push > 0) this.offerStrongest(entry, push);
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
    return this.result;
  }

  /** The last scored paper's strongest pushing terms that a reason can name, strongest first (ties by term). */
  strongestTerms(): { reason: ReasonTerm; push: number }[] {
    const kept: { reason: ReasonTerm; push: number }[] = [];
    for (let slot = 0; slot < this.strongestKept; slot += 1) {
      const reason = this.reasonTerms[this.reasonAt[this.strongestEntries[slot] ?? 0] ?? -1];
      if (reason !== undefined) kept.push({ reason, push: this.strongestPushes[slot] ?? 0 });
    }
    // Already by push; equal pushes (terms only liked papers hold, alike) go by term, as pickReasonWords sorts.
    kept.sort((a, b) => b.push - a.push || (a.reason.term < b.reason.term ? -1 : 1));
    return kept;
  }

  /** Keeps the strongestCount largest pushes, sorted, in typed arrays (equal pushes in the order offered). */
  private offerStrongest(entry: number, push: number): void {
    const size = this.strongestEntries.length;
    if (this.strongestKept === size && push <= (this.strongestPushes[size - 1] ?? 0)) return;
    let slot = this.strongestKept < size ? this.strongestKept++ : size - 1;
    while (slot > 0 && (this.strongestPushes[slot - 1] ?? 0) < push) {
      this.strongestPushes[slot] = this.strongestPushes[slot - 1] ?? 0;
      this.strongestEntries[slot] = this.strongestEntries[slot - 1] ?? 0;
      slot -= 1;
    }
    this.strongestPushes[slot] = push;
    this.strongestEntries[slot] = entry;
  }
}
