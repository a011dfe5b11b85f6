// The search page: the query and its filters, a link to the query's trend, then each hit with its matches in <mark>,
// in English and in the translation. Pure: the server runs the search and passes the hits.
import { buildExcerpt } from './escape.js';
import { renderPage, type ReadingMode } from './layout.js';
import { html, joinHtml, type Html } from './markup.js';
import { renderPaperBlock, type TranslatedPaper } from './paper.js';
import { SEARCH_PATH, trendPath } from './urls.js';

/** What a reader can narrow a search by; empty strings mean "not set". */
export interface SearchFilters {
  /** Submitted on or after: a day, a month or a year (`2024-03-15`, `2024-03`, `2024`: its first day). */
  from: string;
  /** Submitted on or before: a day, a month or a year (its last day). */
  until: string;
  /** A category (`cs.LG`) or an archive (`cs`). */
  category: string;
  /** An author's name: its words in order, the last one may be cut short (`Sergey Lev`). */
  author: string;
  /** A keyword of a saved digest: only papers that digest listed under it. */
  keyword: string;
}

export interface SearchPageData {
  query: string;
  filters: SearchFilters;
  hits: TranslatedPaper[];
  /** The words to mark in the hits (what the search found them by), longest first. */
  terms: string[];
  /** True when more papers matched than are shown. */
  isTruncated: boolean;
  /** Why the query could not run (a bad date), shown above the form. */
  error: string | null;
}

/** Characters of each abstract a hit shows, around the first match. */
const EXCERPT_CHARS = 360;

/** `/search`: the form, then the hits. */
export function renderSearchPage(data: SearchPageData, context: { mode: ReadingMode; path: string }): string {
  const input = (name: keyof SearchFilters, label: string, type: string, placeholder = ''): Html =>
    html`<label>${label}<input type="${type}" name="${name}" value="${data.filters[name]}"${
      placeholder ? html` placeholder="${placeholder}"` : ''
    }></label>`;
  const form = joinHtml(
    html`<form class="filters" action="${SEARCH_PATH}" method="get">`,
    html`<label>Query<input type="search" name="q" value="${data.query}"></label>`,
    input('from', 'Submitted from', 'text', '2024, 2024-03 or 2024-03-15'),
    input('until', 'until', 'text', '2024-12'),
    input('category', 'Category', 'text', 'cs.LG or cs'),
    input('author', 'Author', 'text', 'Levine'),
    input('keyword', 'Digest keyword', 'text'),
    html`<button type="submit">Search</button></form>`,
  );
  const trend =
    data.query.trim() === '' || data.error !== null
      ? ''
      : html`<p class="muted"><a href="${trendPath({ q: [data.query], category: data.filters.category, from: data.filters.from, until: data.filters.until, author: data.filters.author })}">Papers matching “${data.query}” per year</a></p>`;
  const results = data.hits.map((hit) =>
    renderPaperBlock(hit, {
      terms: data.terms,
      abstracts: {
        original: buildExcerpt(hit.paper.abstract, data.terms, EXCERPT_CHARS),
        translation:
          hit.translation.abstract === null
            ? null
            : buildExcerpt(hit.translation.abstract, data.terms, EXCERPT_CHARS),
      },
    }),
  );
  let summary: Html;
  if (data.error !== null) summary = html`<p class="notice">${data.error}</p>`;
  else if (data.query.trim() === '')
    summary = html`<p class="muted">Type words in English or Chinese; "quoted words" are a phrase.</p>`;
  else if (data.hits.length === 0) summary = html`<p class="notice">No paper matches “${data.query}”.</p>`;
  else
    summary = html`<p class="muted">${data.isTruncated ? 'First ' : ''}${data.hits.length} ${data.hits.length === 1 ? 'paper' : 'papers'} matching “${data.query}”, best first.</p>`;
  const body = html`<h1>Search</h1>${form}${summary}${trend}<div class="hits">${results}</div>`;
  return renderPage(
    {
      title: data.query ? `Search: ${data.query}` : 'Search',
      mode: context.mode,
      path: context.path,
      query: data.query,
    },
    body,
  );
}
