// The rank stage: orders the papers of one digest section by the profile's sort. Pure, stable, never in place.

import type { Paper, Sort } from '../model.js';

/** What ranking may use besides the papers themselves. */
export interface RankExtras {
  /** Hugging Face upvotes by arXiv id (without version). */
  upvotes?: Map<string, number>;
}

// A fixed locale, so that the order does not depend on the machine the digest is built on.
const titleCollator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * Returns `entries` in a new array ordered by `sort`; ties always keep listing order.
 * - `listing`: as given.
 * - `date`: newest `publishedAt` first; papers without one after the rest.
 * - `title`: alphabetical, locale-aware (case and accents ignored, numbers in numeric order).
 * - `upvotes`: most upvoted first; papers without upvotes after the rest.
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
    case 'title':
      return ranked.sort((a, b) => titleCollator.compare(a.paper.title, b.paper.title));
    case 'upvotes': {
      const upvotes = extras.upvotes ?? new Map<string, number>();
      return ranked.sort((a, b) =>
        descendingWithMissingLast(upvotes.get(a.paper.arxivId) ?? null, upvotes.get(b.paper.arxivId) ?? null),
      );
    }
  }
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
