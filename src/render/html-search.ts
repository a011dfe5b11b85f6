// The search page: the query and its filters, then each hit with its matches in <mark>, in English and in the
// translation. Pure: the server runs the search and passes the hits.
import { buildExcerpt, escapeHtml, splitHighlightTerms } from './html-escape.js';
import { raw } from './html-markup.js';
import { renderPage, type ReadingMode } from './html-layout.js';
import { renderPaperBlock, type TranslatedPaper } from './html-paper.js';

/** What a reader can narrow a search by; empty strings mean "not set". */
export interface SearchFilters {
  /** Submitted on or after (YYYY-MM-DD). */
  from: string;
  /** Submitted on or before (YYYY-MM-DD). */
  until: string;
  /** A category (`cs.LG`) or an archive (`cs`). */
  category: string;
  /** A keyword of a saved digest: only papers that digest listed under it. */
  keyword: string;
}

export interface SearchPageData {
  query: string;
  filters: SearchFilters;
  hits: TranslatedPaper[];
  /** True when more papers matched than are shown. */
  isTruncated: boolean;
  /** Why the query could not run (a bad date), shown above the form. */
  error: string | null;
}

/** Characters of each abstract a hit shows, around the first match. */
const EXCERPT_CHARS = 360;

/** `/search`: the form, then the hits. */
export function renderSearchPage(data: SearchPageData, context: { mode: ReadingMode; path: string }): string {
  const terms = splitHighlightTerms(data.query);
  const input = (name: keyof SearchFilters, label: string, type: string, placeholder = ''): string =>
    `<label>${label}<input type="${type}" name="${name}" value="${escapeHtml(data.filters[name])}"` +
    `${placeholder ? ` placeholder="${escapeHtml(placeholder)}"` : ''}></label>`;
  const form =
    '<form class="filters" action="/search" method="get">' +
    `<label>Query<input type="search" name="q" value="${escapeHtml(data.query)}"></label>` +
    input('from', 'Submitted from', 'date') +
    input('until', 'until', 'date') +
    input('category', 'Category', 'text', 'cs.LG or cs') +
    input('keyword', 'Digest keyword', 'text') +
    '<button type="submit">Search</button></form>';
  const results = data.hits.map((hit) =>
    renderPaperBlock(hit, {
      terms,
      abstracts: {
        original: buildExcerpt(hit.paper.abstract, terms, EXCERPT_CHARS),
        translation:
          hit.translation.abstract === null
            ? null
            : buildExcerpt(hit.translation.abstract, terms, EXCERPT_CHARS),
      },
    }),
  );
  let summary: string;
  if (data.error !== null) summary = `<p class="notice">${escapeHtml(data.error)}</p>`;
  else if (data.query.trim() === '')
    summary = '<p class="muted">Type words in English or Chinese; "quoted words" are a phrase.</p>';
  else if (data.hits.length === 0)
    summary = `<p class="notice">No paper matches “${escapeHtml(data.query)}”.</p>`;
  else
    summary =
      `<p class="muted">${data.isTruncated ? 'First ' : ''}${data.hits.length} ${data.hits.length === 1 ? 'paper' : 'papers'} ` +
      `matching “${escapeHtml(data.query)}”, best first.</p>`;
  const body = `<h1>Search</h1>${form}${summary}<div class="hits">${results.join('')}</div>`;
  return renderPage(
    {
      title: data.query ? `Search: ${data.query}` : 'Search',
      mode: context.mode,
      path: context.path,
      query: data.query,
    },
    raw(body),
  );
}
