// One paper as the paper page and /api/papers show it: the store's newest metadata and versions, the translation
// the saved digests (else the store's translations) hold, the digests that listed it, and what Hugging Face said
// of it (facts, upvotes over time), and the store's papers most like it.
import { absUrl } from '../../model.js';
import { findSimilarPapers } from '../../pipeline/similar.js';
import type { PaperPageData } from '../../render/html/index.js';
import { NotFoundError } from '../errors.js';
import type { RouteDeps } from '../context.js';

/** Papers in the page's "more like this" list. */
const SIMILAR_LINKS = 5;

/** `withSimilar` adds the "more like this" list (the page shows it; the API does not). Throws NotFoundError when neither the store nor any saved digest knows the paper. */
export function loadPaperView(
  deps: Pick<RouteDeps, 'store' | 'archive'>,
  arxivId: string,
  options: { withSimilar?: boolean } = {},
): PaperPageData {
  const indexed = deps.archive.paperIndex().papers.get(arxivId);
  const paper = deps.store.loadPaper(arxivId) ?? indexed?.paper ?? null;
  if (paper === null) {
    throw new NotFoundError(`paper ${arxivId} is not in the store`, {
      hint: `fetch it first, or open ${absUrl(arxivId)}`,
    });
  }
  const { translation, lang } = deps.archive.translationOf(paper);
  return {
    paper,
    translation,
    lang,
    versions: deps.store.loadVersions(arxivId),
    digests: indexed?.digests ?? [],
    hf: deps.store.loadHfInfo([arxivId]).get(arxivId) ?? null,
    upvoteSeries: deps.store.loadUpvoteSeries(arxivId),
    // Read-only: a page view caches no terms (the CLI's `similar` and digests do).
    similar: options.withSimilar
      ? findSimilarPapers(deps.store, paper, { limit: SIMILAR_LINKS, save: false }).map((item) => ({
          arxivId: item.paper.arxivId,
          title: item.paper.title,
          relevance: item.relevance,
        }))
      : [],
  };
}
