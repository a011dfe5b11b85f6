// One paper as the paper page and /api/papers show it: the store's newest metadata and versions, with the
// translation and digests the saved digests hold for it, and what Hugging Face said of it (facts, upvotes over time).
import type { PaperPageData } from '../../render/html.js';
import { NotFoundError } from '../errors.js';
import type { RouteDeps } from '../context.js';

/** Throws NotFoundError when neither the store nor any saved digest knows the paper. */
export function loadPaperView(deps: RouteDeps, arxivId: string): PaperPageData {
  const indexed = deps.archive.paperIndex().papers.get(arxivId);
  const paper = deps.store.loadPaper(arxivId) ?? indexed?.paper ?? null;
  if (paper === null) {
    throw new NotFoundError(`paper ${arxivId} is not in the store`, {
      hint: `fetch it first, or open https://arxiv.org/abs/${arxivId}`,
    });
  }
  return {
    paper,
    translation: indexed?.translation ?? { title: null, abstract: null },
    lang: indexed?.lang ?? 'en',
    versions: deps.store.loadVersions(arxivId),
    digests: indexed?.digests ?? [],
    hf: deps.store.loadHfInfo([arxivId]).get(arxivId) ?? null,
    upvoteSeries: deps.store.loadUpvoteSeries(arxivId),
  };
}
