// The compact digest chat messages carry (deliver/chat/): a header line and the profile's top papers, each with its
// title in both languages, its links and a ⚠ when its translation failed or was marked. Pure data, no markup.

import {
  absUrl,
  failedTranslationOf,
  pdfUrl,
  type ChatDigest,
  type ChatEntry,
  type Digest,
  type DigestEntry,
  type Sort,
} from '../../model.js';
import { distinctEntries, oneLine, paperLine } from '../common.js';
import { flagsOf } from '../marks.js';

/**
 * The compact digest: the digest's distinct papers in its sort (by relevance score or upvotes across sections for
 * those sorts; otherwise in the order the sections list them), the first `top` of them.
 */
export function renderChatDigest(digest: Digest, options: { top: number; sort: Sort }): ChatDigest {
  const failed = new Set(
    digest.problems.flatMap((problem) => {
      const failure = failedTranslationOf(problem);
      return failure?.field === 'title' ? [failure.arxivId] : [];
    }),
  );
  const ordered = orderOf(distinctEntries(digest), options.sort).slice(0, options.top);
  const entries = ordered.map((entry, index) => chatEntryOf(entry, index + 1, digest, failed));
  const shown = entries.length < digest.paperCount ? `top ${entries.length} of ` : '';
  const count = `${shown}${digest.paperCount} paper${digest.paperCount === 1 ? '' : 's'}`;
  return {
    profile: digest.profile,
    listingDate: digest.listingDate,
    paperCount: digest.paperCount,
    entries,
    header: `${digest.profile} · ${digest.listingDate} · ${count}`,
  };
}

function chatEntryOf(entry: DigestEntry, rank: number, digest: Digest, failed: Set<string>): ChatEntry {
  const { paper, translation } = entry;
  const title = paperLine(paper, 'title');
  const translated = digest.lang === 'en' || translation.title === null ? null : oneLine(translation.title);
  return {
    rank,
    arxivId: paper.arxivId,
    title,
    translatedTitle: translated === title ? null : translated,
    isMarked: failed.has(paper.arxivId) || flagsOf(entry, 'title').length > 0,
    absUrl: absUrl(paper.arxivId),
    pdfUrl: pdfUrl(paper.arxivId),
  };
}

/** Relevance and upvotes order across sections (ties keep their place); the other sorts keep the sections' order. */
function orderOf(entries: DigestEntry[], sort: Sort): DigestEntry[] {
  const keyOf =
    sort === 'relevance'
      ? (entry: DigestEntry) => entry.relevance?.score ?? null
      : sort === 'upvotes'
        ? (entry: DigestEntry) => entry.hf?.upvotes ?? null
        : null;
  if (keyOf === null) return entries;
  return [...entries].sort((a, b) => {
    const first = keyOf(a);
    const second = keyOf(b);
    if (first === null || second === null) return first === second ? 0 : first === null ? 1 : -1;
    return second - first;
  });
}
