// Splits a digest into pages of entries for the web page (an 18,000-paper digest was one 55 MB page). Pure: which
// entries, sections and links a page holds; digest.ts renders them.
import type { Digest, DigestEntry } from '../../model.js';

/** Entries one digest page shows: papers, and the lines pointing back to a paper listed under an earlier keyword. */
export const DIGEST_PAGE_SIZE = 200;

/** One section as one page shows it: the section's entries that fall on the page. */
interface PagedSection {
  /** The section's index in the digest (its anchor is `k-<index>`). */
  index: number;
  keyword: string;
  /** All the section's entries, on every page. */
  entryCount: number;
  entries: PagedEntry[];
}

interface PagedEntry {
  entry: DigestEntry;
  /** Null where the paper is shown in full; else the page its full block is on (an earlier keyword listed it). */
  shownOnPage: number | null;
}

export interface DigestPageSlice {
  /** 1-based. */
  page: number;
  pageCount: number;
  /** Entries across all sections (a paper under two keywords counts twice), and the 0-based range on this page. */
  entryCount: number;
  first: number;
  end: number;
  sections: PagedSection[];
}

/** How many pages the digest's entries fill at `pageSize` each; at least 1, so an empty digest has its page. */
export function countDigestPages(digest: Digest, pageSize: number = DIGEST_PAGE_SIZE): number {
  const entryCount = digest.sections.reduce((sum, section) => sum + section.entries.length, 0);
  return Math.max(1, Math.ceil(entryCount / pageSize));
}

/** The page (1-based) that shows the start of section `index`, where its anchor `k-<index>` is. */
export function pageOfSection(digest: Digest, index: number, pageSize: number = DIGEST_PAGE_SIZE): number {
  const start = digest.sections.slice(0, index).reduce((sum, section) => sum + section.entries.length, 0);
  return Math.min(countDigestPages(digest, pageSize), Math.floor(start / pageSize) + 1);
}

/** The entries, in order, that page `page` shows; sections with none on it are left out (empty ones on the page of their place). */
export function selectDigestPage(
  digest: Digest,
  page: number,
  pageSize: number = DIGEST_PAGE_SIZE,
): DigestPageSlice {
  const pageCount = countDigestPages(digest, pageSize);
  const first = (page - 1) * pageSize;
  const end = first + pageSize;
  const pageOf = (position: number): number => Math.min(pageCount, Math.floor(position / pageSize) + 1);
  const firstSeenAt = new Map<string, number>();
  const sections: PagedSection[] = [];
  let position = 0;
  for (const [index, section] of digest.sections.entries()) {
    const entries: PagedEntry[] = [];
    const isEmptyHere = section.entries.length === 0 && pageOf(position) === page;
    for (const entry of section.entries) {
      const id = entry.paper.arxivId;
      const seenAt = firstSeenAt.get(id);
      if (seenAt === undefined) firstSeenAt.set(id, position);
      if (position >= first && position < end) {
        entries.push({ entry, shownOnPage: seenAt === undefined ? null : pageOf(seenAt) });
      }
      position += 1;
    }
    if (entries.length > 0 || isEmptyHere) {
      sections.push({ index, keyword: section.keyword, entryCount: section.entries.length, entries });
    }
  }
  return { page, pageCount, entryCount: position, first, end: Math.min(end, position), sections };
}
