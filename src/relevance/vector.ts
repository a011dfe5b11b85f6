// Relevance features, step two: packed term counts weighed by tf-idf into unit-length sparse vectors over term ids,
// and the cosine between them. Pure; scorer.ts does the same arithmetic for a day of papers in one pass each.

import type { PackedCounts } from './terms.js';

/** In how many papers each term id occurs, out of `documentCount`; ids `counts` has no number for occur in none. */
export interface DocumentFrequencies {
  documentCount: number;
  counts: { get(id: number): number | undefined };
}

/** Term ids ascending with their weights; Euclidean length 1 (or empty). */
export interface TermVector {
  ids: Int32Array;
  weights: Float64Array;
}

/**
 * The tf-idf vector of a paper's packed terms: (1 + ln tf) × (ln((N + 1) / (df + 1)) + 1), scaled to length 1.
 * Sublinear tf keeps a word repeated ten times from outweighing ten different words; the smoothed idf keeps a term
 * no paper in the store has (df 0) finite.
 */
export function weighTerms(terms: PackedCounts, frequencies: DocumentFrequencies): TermVector {
  const documents = frequencies.documentCount + 1;
  return weighWith(terms, (id) => Math.log(documents / ((frequencies.counts.get(id) ?? 0) + 1)) + 1);
}

function weighWith(terms: PackedCounts, idfOf: (id: number) => number): TermVector {
  const weights = new Float64Array(terms.ids.length);
  let squares = 0;
  for (let at = 0; at < weights.length; at += 1) {
    const count = terms.counts[at] ?? 1;
    const weight = (count === 1 ? 1 : 1 + Math.log(count)) * idfOf(terms.ids[at] ?? 0);
    weights[at] = weight;
    squares += weight * weight;
  }
  const length = Math.sqrt(squares);
  if (length > 0) for (let at = 0; at < weights.length; at += 1) weights[at] = (weights[at] ?? 0) / length;
  return { ids: terms.ids, weights };
}

/** The cosine of two unit vectors: their dot product (a merge of the sorted ids), 0..1 for tf-idf vectors. */
export function cosineOf(a: TermVector, b: TermVector): number {
  let sum = 0;
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const left = a.ids[i] ?? 0;
    const right = b.ids[j] ?? 0;
    if (left === right) {
      sum += (a.weights[i] ?? 0) * (b.weights[j] ?? 0);
      i += 1;
      j += 1;
    } else if (left < right) i += 1;
    else j += 1;
  }
  return sum;
}
