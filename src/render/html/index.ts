// The web UI's pages as pure functions returning HTML strings; one file per page, gathered here.
// Every text from a feed is escaped (escape.ts); math is MathML made on the server (math.ts).
export { PAGE_CSS, PAGE_SCRIPT } from './assets.js';
export { countDigestPages, DIGEST_PAGE_SIZE } from './digest-pages.js';
export { renderDigestListPage, renderDigestPage, renderHomePage } from './digest.js';
export { renderErrorPage } from './error.js';
export { buildExcerpt, escapeHtml, renderHighlighted, splitHighlightTerms } from './escape.js';
export { parseReadingMode, renderPage, type ReadingMode } from './layout.js';
export {
  findCodeUrl,
  renderPaperBlock,
  renderPaperPage,
  type PaperPageData,
  type TranslatedPaper,
} from './paper.js';
export { renderRatingConfirmPage, type RatingControls } from './rating.js';
export { renderSearchPage, type SearchFilters } from './search.js';
export { MAX_TREND_QUERIES, renderTrendPage, type TrendRequestView } from './trend.js';
