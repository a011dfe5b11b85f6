// Relevance features, step two: term counts weighed by tf-idf into unit-length sparse vectors, and the cosine
// between them. Pure.

import type { TermCounts } from './terms.js';

/** In how many papers each term occurs, out of `documentCount`; terms not in `counts` occur in none. */
export interface DocumentFrequencies {
  documentCount: number;
  counts: ReadonlyMap<string, number>;
}

/** Term → weight, Euclidean length 1 (or empty). */
export type SparseVector = Map<string, number>;

/**
 * The tf-idf vector of a paper's term counts: (1 + ln tf) × (ln((N + 1) / (df + 1)) + 1), scaled to length 1.
 * Sublinear tf keeps a word repeated ten times from outweighing ten different words; the smoothed idf keeps a term
 * no paper in the store has (df 0) finite.
 */
export function weighTerms(counts: TermCounts, frequencies: DocumentFrequencies): SparseVector {
  const vector: SparseVector = new Map();
  let squares = 0;
  for (const [term, count] of counts) {
    const df = frequencies.counts.get(term) ?? 0;
    const weight = (1 + Math.log(count)) * (Math.log((frequencies.documentCount + 1) / (df + 1)) + 1);
    vector.set(term, weight);
    squares += weight * weight;
  }
  const length = Math.sqrt(squares);
  if (length > 0) for (const [term, weight] of vector) vector.set(term, weight / length);
  return vector;
}

/** The cosine of two unit vectors: their dot product, 0..1 for tf-idf vectors. */
export function cosineOf(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, weight] of small) sum += weight * (large.get(term) ?? 0);
  return sum;
}

/**
 * Cosines of one vector against many at once, through an inverted index: `similaritiesTo(v)[i]` is the cosine of
 * `v` and `vectors[i]`. Built once per ranking, so a day of papers against a library costs one pass per paper.
 */
export function buildSimilarityIndex(
  vectors: readonly SparseVector[],
): (vector: SparseVector) => Float64Array {
  const postings = new Map<string, { index: number; weight: number }[]>();
  vectors.forEach((vector, index) => {
    for (const [term, weight] of vector) {
      const list = postings.get(term);
      if (list === undefined) postings.set(term, [{ index, weight }]);
      else list.push({ index, weight });
    }
  });
  return (vector) => {
    const sums = new Float64Array(vectors.length);
    for (const [term, weight] of vector) {
      for (const posting of postings.get(term) ?? []) {
        sums[posting.index] = (sums[posting.index] ?? 0) + weight * posting.weight;
      }
    }
    return sums;
  };
}
