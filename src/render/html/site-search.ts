// The static site's search (`paperwire site`): its page, the script that searches in the browser, and the index of
// recent papers that script reads. The index is a .js file loaded by <script>, since a page opened from file://
// may not fetch() a file beside it. Pure.
import type { IsoDate, Lang, Paper, PaperTranslation } from '../../model.js';
import { renderPage, type ReadingMode } from './layout.js';
import { html } from './markup.js';
import { SITE_FILES, type SiteLinks } from './urls.js';

/** One paper the static search can find, with where its page is. */
export interface SiteSearchPaper {
  paper: Paper;
  translation: PaperTranslation;
  /** The translation's language; `en`: none. */
  lang: Lang;
  /** The newest listing date a digest listed it on. */
  listingDate: IsoDate;
}

/** The global the index file sets and the search script reads. */
const INDEX_GLOBAL = 'PAPERWIRE_SEARCH_INDEX';

/**
 * The index file: `window.PAPERWIRE_SEARCH_INDEX = {…};` with each paper's id, page (`href`, from the site's root),
 * both titles and abstracts, authors, categories and listing date. JSON is JavaScript, so the file is one literal.
 */
export function renderSiteSearchIndex(papers: readonly SiteSearchPaper[], links: SiteLinks): string {
  const records = papers.map(({ paper, translation, lang, listingDate }) => {
    const isTranslated = lang !== 'en';
    return {
      id: paper.arxivId,
      href: links.paper(paper.arxivId),
      title: paper.title,
      titleTr: isTranslated ? translation.title : null,
      abstract: paper.abstract,
      abstractTr: isTranslated ? translation.abstract : null,
      lang,
      authors: paper.authors.join(', '),
      categories: paper.categories.join(', '),
      date: listingDate,
    };
  });
  return `window.${INDEX_GLOBAL} = ${JSON.stringify({ papers: records })};\n`;
}

/** The search page: a form that comes back here with `?q=`, and the place the script puts what it finds. */
export function renderSiteSearchPage(
  summary: { paperCount: number; from: IsoDate | null; until: IsoDate | null },
  context: { mode: ReadingMode; path: string; links: SiteLinks; base: string },
): string {
  const scope =
    summary.from === null || summary.until === null
      ? 'No digest is saved yet, so there is nothing to search.'
      : `Searches the ${summary.paperCount} papers of the digests from ${summary.from} to ${summary.until}, in English and in translation.`;
  const body = html`<h1>Search</h1><form class="filters" id="site-search" action="${context.links.search}" method="get"><label>Query<input type="search" name="q" aria-label="Query"></label><button type="submit">Search</button></form><p class="muted" id="site-search-summary" data-idle="${scope}">${scope}</p><noscript><p class="notice">This search runs in the browser: turn JavaScript on, or use the digests' pages.</p></noscript><div class="hits" id="site-search-hits"></div><script src="${context.base}${SITE_FILES.searchIndex}"></script><script src="${context.base}${SITE_FILES.searchScript}"></script>`;
  return renderPage({ title: 'Search', mode: context.mode, path: context.path, links: context.links }, body);
}

/**
 * The search script: every word of the query must appear (case-insensitive) in a paper's titles, abstracts,
 * authors or categories; a word in a title counts double; ties go to the newer listing. It reads the part of the
 * query language (docs/query-language.md) that needs no parser: `"phrases"`, `-term` and `NOT term`, `OR` between
 * groups of words (AND binds tighter), and `ti:`, `abs:`, `au:`, `cat:` on a term; parentheses are text. At most
 * 100 hits, built with textContent (never as HTML), in the same markup as the server's search, so the reading
 * switch applies.
 */
export const SITE_SEARCH_SCRIPT = `
(function () {
  var MAX_HITS = 100;
  var EXCERPT_CHARS = 360;
  var index = window.${INDEX_GLOBAL} || { papers: [] };
  var input = document.querySelector('#site-search input[name=q]');
  var summary = document.getElementById('site-search-summary');
  var hits = document.getElementById('site-search-hits');
  var FIELDS = ['ti', 'abs', 'au', 'cat'];
  var papers = index.papers.map(function (paper) {
    var titles = (paper.title + ' ' + (paper.titleTr || '')).toLowerCase();
    var abstracts = (paper.abstract + ' ' + (paper.abstractTr || '')).toLowerCase();
    var authors = paper.authors.toLowerCase();
    var rest = [abstracts, authors, paper.categories.toLowerCase(), paper.id.toLowerCase()].join(' ');
    return {
      paper: paper,
      ti: titles,
      abs: abstracts,
      au: authors,
      cat: paper.categories.toLowerCase().split(/[\\s,]+/),
      text: titles + ' ' + rest
    };
  });
  // The query as groups joined by OR, each a list of terms that must all hold: { field, text, isNegated }.
  function parse(query) {
    var groups = [[]];
    var isNegatedNext = false;
    var pattern = /(-?)(?:([A-Za-z]+):(?=\\S))?(?:"([^"]*)"?|(\\S+))/g;
    var match;
    while ((match = pattern.exec(query)) !== null) {
      var isQuoted = match[3] !== undefined;
      var field = match[2] ? match[2].toLowerCase() : '';
      var text = isQuoted ? match[3] : match[4];
      if (!match[1] && !field && !isQuoted && (text === 'OR' || text === 'AND' || text === 'NOT')) {
        if (text === 'OR') groups.push([]);
        isNegatedNext = text === 'NOT';
        continue;
      }
      if (field && FIELDS.indexOf(field) < 0) {
        text = match[2] + ':' + text;
        field = '';
      }
      text = text.toLowerCase().replace(/\\s+/g, ' ').trim().replace(/\\*$/, '');
      if (text === '') continue;
      groups[groups.length - 1].push({ field: field, text: text, isNegated: match[1] === '-' || isNegatedNext });
      isNegatedNext = false;
    }
    return groups.filter(function (group) { return group.length > 0; });
  }
  function holds(entry, term) {
    if (term.field === 'cat') {
      var archive = term.text.replace(/\\.\\*$/, '');
      return entry.cat.some(function (code) {
        return code === archive || (archive.indexOf('.') < 0 && code.indexOf(archive + '.') === 0);
      });
    }
    return entry[term.field || 'text'].indexOf(term.text) >= 0;
  }
  // The score of a paper for one group (a word in a title counts double), or -1 when the group does not hold.
  function scoreOf(entry, group) {
    var score = 0;
    for (var i = 0; i < group.length; i += 1) {
      var term = group[i];
      if (holds(entry, term) === term.isNegated) return -1;
      if (!term.isNegated) score += term.field !== 'cat' && entry.ti.indexOf(term.text) >= 0 ? 2 : 1;
    }
    return score;
  }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function excerpt(text) {
    return text.length > EXCERPT_CHARS ? text.slice(0, EXCERPT_CHARS).trimEnd() + '…' : text;
  }
  function renderHit(paper) {
    var hasTr = Boolean(paper.titleTr || paper.abstractTr);
    var article = element('article', hasTr ? 'paper has-tr' : 'paper');
    var heading = element('h3');
    var link = element('a');
    link.href = paper.href;
    link.appendChild(element('span', 'id', paper.id));
    var original = element('span', paper.titleTr ? 'orig' : '', paper.title);
    original.lang = 'en';
    link.appendChild(original);
    heading.appendChild(link);
    if (paper.titleTr) {
      var translated = element('span', 'tr', paper.titleTr);
      translated.lang = paper.lang;
      heading.appendChild(translated);
    }
    article.appendChild(heading);
    article.appendChild(element('p', 'meta', paper.authors));
    article.appendChild(element('p', 'meta', paper.date + ' · ' + paper.categories));
    var abstracts = element('div', 'abs');
    var abstract = element('div', paper.abstractTr ? 'orig' : '');
    abstract.lang = 'en';
    abstract.appendChild(element('p', '', excerpt(paper.abstract)));
    abstracts.appendChild(abstract);
    if (paper.abstractTr) {
      var abstractTr = element('div', 'tr');
      abstractTr.lang = paper.lang;
      abstractTr.appendChild(element('p', '', excerpt(paper.abstractTr)));
      abstracts.appendChild(abstractTr);
    }
    article.appendChild(abstracts);
    return article;
  }
  function search(query) {
    var groups = parse(query);
    hits.textContent = '';
    if (groups.length === 0) {
      summary.textContent = summary.getAttribute('data-idle');
      return;
    }
    var found = [];
    papers.forEach(function (entry) {
      var best = -1;
      groups.forEach(function (group) { best = Math.max(best, scoreOf(entry, group)); });
      if (best >= 0) found.push({ paper: entry.paper, score: best });
    });
    found.sort(function (a, b) {
      return b.score - a.score || (a.paper.date < b.paper.date ? 1 : a.paper.date > b.paper.date ? -1 : 0);
    });
    var shown = found.slice(0, MAX_HITS);
    summary.textContent = found.length === 0
      ? 'No paper matches “' + query + '”.'
      : (found.length > shown.length ? 'First ' + shown.length + ' of ' : '') + found.length +
        (found.length === 1 ? ' paper' : ' papers') + ' matching “' + query + '”.';
    shown.forEach(function (hit) { hits.appendChild(renderHit(hit.paper)); });
  }
  var start = new URLSearchParams(window.location.search).get('q') || '';
  input.value = start;
  input.addEventListener('input', function () { search(input.value); });
  search(start);
})();
`.trimStart();
