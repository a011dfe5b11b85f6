// The rank stage: orders the papers of one digest section by the profile's sort, and owns the upvote order that
// `trending` shares. Pure, stable, never in place.

import type { Paper, Sort } from '../model.js';

/** What ranking may use besides the papers themselves. */
export interface RankExtras {
  /** Hugging Face upvotes by arXiv id (without version). */
  upvotes?: Map<string, number>;
  /** Relevance scores 0..1 by arXiv id; absent (cold start): `relevance` keeps listing order. */
  relevance?: Map<string, number>;
}

// A fixed locale, so that the order does not depend on the machine the digest is built on. Made on first use:
// loading its collation data costs a digest that is not sorted by title some 10 ms.
let titleCollator: Intl.Collator | undefined;

/**
 * Returns `entries` in a new array ordered by `sort`; ties always keep listing order.
 * - `listing`: as given.
 * - `date`: newest `publishedAt` first; papers without one after the rest.
 * - `title`: alphabetical, locale-aware (case and accents ignored, numbers in numeric order).
 * - `upvotes`: most upvoted first; papers without upvotes after the rest.
 * - `relevance`: highest relevance score first; papers without a score after the rest.
 */
export function rankEntries<T extends { paper: Paper }>(
  entries: readonly T[],
  sort: Sort,
  extras: RankExtras = {},
): T[] {
  const ranked = [...entries];
  switch (sort) {
    case 'listing':
      return ranked;
    case 'date':
      return ranked.sort((a, b) => descendingWithMissingLast(timeOf(a.paper), timeOf(b.paper)));
    case 'title': {
      const collator = (titleCollator ??= new Intl.Collator('en', { sensitivity: 'base', numeric: true }));
      return ranked.sort((a, b) => collator.compare(a.paper.title, b.paper.title));
    }
    case 'upvotes': {
      const upvotes = extras.upvotes ?? new Map<string, number>();
      return rankByUpvotes(entries, (entry) => upvotes.get(entry.paper.arxivId) ?? null);
    }
    case 'relevance': {
      const scores = extras.relevance ?? new Map<string, number>();
      return ranked.sort((a, b) =>
        descendingWithMissingLast(scores.get(a.paper.arxivId) ?? null, scores.get(b.paper.arxivId) ?? null),
      );
    }
  }
}

/**
 * The one upvote order (digests' `--sort upvotes`, `trending`): returns `entries` in a new array, most upvoted
 * first, entries whose upvotes are unknown (`upvotesOf` gives null) after the rest, and equal upvotes in their
 * given order.
 */
export function rankByUpvotes<T>(entries: readonly T[], upvotesOf: (entry: T) => number | null): T[] {
  return [...entries].sort((a, b) => descendingWithMissingLast(upvotesOf(a), upvotesOf(b)));
}

function timeOf(paper: Paper): number | null {
  return paper.publishedAt?.getTime() ?? null;
}

// Array.prototype.sort is stable (ES2019), so returning 0 keeps listing order.
function descendingWithMissingLast(a: number | null, b: number | null): number {
  if (a === null || Number.isNaN(a)) return b === null || Number.isNaN(b) ? 0 : 1;
  if (b === null || Number.isNaN(b)) return -1;
  return b - a;
}
