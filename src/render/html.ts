// The web UI's pages as pure functions returning HTML strings; one file per page (html-*.ts), gathered here.
// Every text from a feed is escaped (html-escape.ts); math is MathML made on the server (html-math.ts).
export { PAGE_CSS, PAGE_SCRIPT } from './html-assets.js';
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
} from './html-digest.js';
export { renderErrorPage, type ErrorPageData } from './html-error.js';
export {
  buildExcerpt,
  containsTerm,
  escapeHtml,
  renderHighlighted,
  splitHighlightTerms,
} from './html-escape.js';
export {
  DEFAULT_READING_MODE,
  parseReadingMode,
  READING_MODES,
  renderPage,
  type PageFrame,
  type ReadingMode,
} from './html-layout.js';
export { renderRichText, renderTexAsMathml, splitMath, type TextSegment } from './html-math.js';
export {
  findCodeUrl,
  renderPaperBlock,
  renderPaperPage,
  translatedEntry,
  type PaperPageData,
  type TranslatedPaper,
} from './html-paper.js';
export { renderSearchPage, type SearchFilters, type SearchPageData } from './html-search.js';
