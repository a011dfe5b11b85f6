// "More like this": the papers of the whole store closest to one paper by tf-idf cosine, for `paperwire similar`
// and the paper page. Candidates come from the store's full-text index (any of the paper's strongest words), so a
// large store is never read whole.

import type { Paper, Relevance } from '../model.js';
import { pickReasonWords } from '../relevance/model.js';
import { isAuthorTerm } from '../relevance/terms.js';
import { cosineOf, weighTerms, type SparseVector } from '../relevance/vector.js';
import type { Store } from '../store/store.js';
import { cacheTerms } from './relevance.js';

/** The paper's strongest words asked of the full-text index. */
const QUERY_WORDS = 12;
/** Candidates ranked by cosine. */
const CANDIDATES = 300;

export interface SimilarPaper {
  paper: Paper;
  /** Cosine of the two papers' tf-idf vectors, 0..1, with the words they share most as the reason. */
  relevance: Relevance;
}

/**
 * Up to `limit` papers most like `paper`, closest first (itself left out). `save: false` caches no terms (the web
 * server's pages do not write); the CLI caches them.
 */
export function findSimilarPapers(
  store: Store,
  paper: Paper,
  options: { limit: number; save?: boolean },
): SimilarPaper[] {
  const save = { save: options.save ?? true };
  const own =
    cacheTerms(store, [{ key: paper.arxivId, text: paper }], save).get(paper.arxivId) ??
    new Map<string, number>();
  const ownFrequencies = store.loadTermFrequencies(own.keys());
  const ownVector = weighTerms(own, ownFrequencies);
  const words = [...ownVector]
    .filter(([term]) => !term.includes(' ') && !isAuthorTerm(term))
    .sort((a, b) => b[1] - a[1])
    .slice(0, QUERY_WORDS)
    .map(([term]) => term);
  const candidates = store
    .findPapersSharingWords(words, CANDIDATES + 1)
    .filter((arxivId) => arxivId !== paper.arxivId)
    .flatMap((arxivId) => store.loadPaper(arxivId) ?? []);
  const counts = cacheTerms(
    store,
    candidates.map((candidate) => ({ key: candidate.arxivId, text: candidate })),
    save,
  );
  const terms = new Set(own.keys());
  for (const candidateCounts of counts.values()) for (const term of candidateCounts.keys()) terms.add(term);
  const frequencies = store.loadTermFrequencies(terms);
  const vector = weighTerms(own, frequencies);
  const scored = candidates.map((candidate) => {
    const other = weighTerms(counts.get(candidate.arxivId) ?? new Map<string, number>(), frequencies);
    const score = Math.round(cosineOf(vector, other) * 1000) / 1000;
    return { paper: candidate, relevance: { score, reasons: sharedWordsReason(vector, other) } };
  });
  return scored
    .filter((item) => item.relevance.score > 0)
    .sort((a, b) => b.relevance.score - a.relevance.score)
    .slice(0, options.limit);
}

/** ["words: a, b, c"]: the terms adding most to the cosine; [] when they share none. */
function sharedWordsReason(a: SparseVector, b: SparseVector): string[] {
  const shared = pickReasonWords(
    [...a]
      .filter(([term]) => b.has(term) && !isAuthorTerm(term))
      .map(([term, weight]) => ({ term, push: weight * (b.get(term) ?? 0) })),
  );
  return shared.length === 0 ? [] : [`words: ${shared.join(', ')}`];
}
