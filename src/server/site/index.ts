// `paperwire site`: the archive as a static site (GitHub Pages, any static host, file://), rendered by the web
// UI's renderers with relative links and written whole. The CLI starts it with the store it opened.
import type { Problem } from '../../model.js';
import type { Store } from '../../store/store.js';
import { DigestArchive, type FallbackTranslation } from '../archive.js';
import { renderSiteFiles } from './pages.js';
import { writeSite, type SiteCounts } from './write.js';

export interface SiteRequest {
  store: Store;
  /** The configured profiles, shown first and even before their first digest. */
  profiles: readonly string[];
  /** See DigestArchive: the language papers no digest translated are shown in. */
  fallbackTranslation: FallbackTranslation;
  outDir: string;
  /** Where the site will be served (`--url`): feeds and OPML link there; null: relative to their file. */
  siteUrl: string | null;
}

export interface SiteResult {
  counts: SiteCounts;
  /** The saved digests left out because their stored document cannot be read, each once. */
  problems: Problem[];
}

/** Renders and writes the site; resolves with how many files of each kind it holds and what it left out. */
export async function buildSite(request: SiteRequest): Promise<SiteResult> {
  const archive = new DigestArchive(request.store, request.fallbackTranslation);
  const problems: Problem[] = [];
  const files = renderSiteFiles({
    store: request.store,
    archive,
    profiles: request.profiles,
    siteUrl: request.siteUrl,
    problems,
  });
  const counts = await writeSite(request.outDir, files);
  const byPlace = new Map(problems.map((problem) => [problem.where, problem]));
  return { counts, problems: [...byPlace.values()] };
}
