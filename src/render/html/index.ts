// The web UI's pages as pure functions returning HTML strings; one file per page, gathered here.
// Every text from a feed is escaped (escape.ts); math is MathML made on the server (math.ts).
export { PAGE_CSS, PAGE_SCRIPT } from './assets.js';
export { countDigestPages, DIGEST_PAGE_SIZE } from './digest-pages.js';
export {
  formatAge,
  renderDigestListPage,
  renderDigestPage,
  renderHomePage,
  type DigestPageContext,
  type DigestRef,
  type HomeProfile,
  type PageContext,
} from './digest.js';
export { renderErrorPage, type ErrorPageData } from './error.js';
export { buildExcerpt, containsTerm, escapeHtml, renderHighlighted, splitHighlightTerms } from './escape.js';
export {
  DEFAULT_READING_MODE,
  parseReadingMode,
  READING_MODES,
  renderPage,
  type PageFrame,
  type ReadingMode,
} from './layout.js';
export { renderRichText, renderTexAsMathml, splitMath, type TextSegment } from './math.js';
export {
  findCodeUrl,
  renderPaperBlock,
  renderPaperPage,
  translatedEntry,
  type PaperPageData,
  type TranslatedPaper,
} from './paper.js';
export { renderSearchPage, type SearchFilters, type SearchPageData } from './search.js';
