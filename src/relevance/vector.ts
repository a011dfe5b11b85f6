// Relevance features, step two: packed term counts weighed by tf-idf into unit-length sparse vectors over term ids,
// and the cosine between them. Pure; typed arrays throughout, so a day of 2,000 papers is weighed without a Map each.

import { IdTable } from './id-table.js';
import type { PackedTerms } from './terms.js';

/**
 * In how many papers each term id occurs, out of `documentCount`; ids `counts` has no number for occur in none.
 * `counts` is a Map, or an IdTable where many papers are weighed against the same frequencies.
 */
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
export function weighTerms(terms: PackedTerms, frequencies: DocumentFrequencies): TermVector {
  const documents = frequencies.documentCount + 1;
  return weighWith(terms, (id) => Math.log(documents / ((frequencies.counts.get(id) ?? 0) + 1)) + 1);
}

/** Every term id's idf under `frequencies` (ids it lacks: df 0), computed once for a day of papers (scorer.ts). */
export function buildIdfTable(frequencies: {
  documentCount: number;
  counts: ReadonlyMap<number, number>;
}): IdTable {
  const documents = frequencies.documentCount + 1;
  const idfs = [...frequencies.counts].map(([id, df]) => [id, Math.log(documents / (df + 1)) + 1] as const);
  return new IdTable(idfs, Math.log(documents) + 1);
}

function weighWith(terms: PackedTerms, idfOf: (id: number) => number): TermVector {
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
