// "More like this": the papers of the whole store closest to one paper by tf-idf cosine, for `paperwire similar`
// and the paper page. Candidates come from the store's full-text index (any of the paper's strongest words), so a
// large store is never read whole.

import type { Paper, Relevance } from '../model.js';
import { pickReasonWords } from '../relevance/model.js';
import { isAuthorTerm, namesOf, type PackedTerms } from '../relevance/terms.js';
import { cosineOf, weighTerms, type TermVector } from '../relevance/vector.js';
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
  const own = cacheTerms(store, [{ key: paper.arxivId, text: paper }], save).get(paper.arxivId);
  if (own === undefined) return [];
  const names = namesOf(own);
  const ownVector = weighTerms(own, store.loadTermFrequencies(own.ids));
  const words = strongestFirst(ownVector)
    .flatMap(({ id }) => {
      const term = names.get(id);
      return term === undefined || term.includes(' ') || isAuthorTerm(term) ? [] : [term];
    })
    .slice(0, QUERY_WORDS);
  const candidates = store
    .findPapersSharingWords(words, CANDIDATES + 1)
    .filter((arxivId) => arxivId !== paper.arxivId)
    .flatMap((arxivId) => store.loadPaper(arxivId) ?? []);
  const terms = cacheTerms(
    store,
    candidates.map((candidate) => ({ key: candidate.arxivId, text: candidate })),
    save,
  );
  const ids = new Set(own.ids);
  for (const candidateTerms of terms.values()) for (const id of candidateTerms.ids) ids.add(id);
  const frequencies = store.loadTermFrequencies(ids);
  const vector = weighTerms(own, frequencies);
  const scored = candidates.map((candidate) => {
    const other = weighTerms(terms.get(candidate.arxivId) ?? NO_TERMS, frequencies);
    return { paper: candidate, other, score: Math.round(cosineOf(vector, other) * 1000) / 1000 };
  });
  // The shared words are said for the papers shown only: a page shows 5 of 300 candidates.
  return scored
    .filter((item) => item.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, options.limit)
    .map(({ paper: similar, other, score }) => ({
      paper: similar,
      relevance: { score, reasons: sharedWordsReason(vector, other, names) },
    }));
}

const NO_TERMS: PackedTerms = { ids: new Int32Array(0), counts: new Float32Array(0), terms: '' };

/** A vector's entries, heaviest first. */
function strongestFirst(vector: TermVector): { id: number; weight: number }[] {
  return Array.from(vector.ids, (id, at) => ({ id, weight: vector.weights[at] ?? 0 })).sort(
    (a, b) => b.weight - a.weight,
  );
}

/** ["words: a, b, c"]: the terms adding most to the cosine; [] when they share none. */
function sharedWordsReason(a: TermVector, b: TermVector, names: ReadonlyMap<number, string>): string[] {
  const other = new Map<number, number>();
  b.ids.forEach((id, at) => other.set(id, b.weights[at] ?? 0));
  const pushes: { term: string; push: number }[] = [];
  a.ids.forEach((id, at) => {
    const term = names.get(id);
    const weight = other.get(id);
    if (term !== undefined && weight !== undefined && !isAuthorTerm(term)) {
      pushes.push({ term, push: (a.weights[at] ?? 0) * weight });
    }
  });
  const shared = pickReasonWords(pushes);
  return shared.length === 0 ? [] : [`words: ${shared.join(', ')}`];
}
