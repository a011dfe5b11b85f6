// One paper as HTML: the block a digest or search shows, and the paper's own page with both languages side by
// side, its links, code repository, versions and Hugging Face facts; a flagged translation carries ⚠ and its
// reasons. Pure.
import type { DigestEntry, HfInfo, Lang, Paper, PaperTranslation } from '../model.js';
import { absUrl, pdfUrl } from '../model.js';
import { formatSubjects } from '../taxonomy.js';
import { escapeHtml } from './html-escape.js';
import {
  renderFlagMark,
  renderFlagReasons,
  renderHfFacts,
  renderTldr,
  renderUpvoteSparkline,
  type UpvoteObservation,
} from './html-facts.js';
import { raw } from './html-markup.js';
import { renderPage, type ReadingMode } from './html-layout.js';
import { renderRichText } from './html-math.js';
import { labelsFor } from './labels.js';

/** A paper with the translation a digest stored for it, in the digest's language. */
export interface TranslatedPaper {
  paper: Paper;
  translation: PaperTranslation;
  /** The language of `translation`; `en` when there is none. */
  lang: Lang;
  /** What Hugging Face says of the paper; absent or null when nothing. */
  hf?: HfInfo | null;
}

/** Where a paper is on arXiv: abstract, PDF and HTML (arXiv's HTML rendering, `arxiv.org/html/<id>`). */
export function htmlUrl(arxivId: string): string {
  return `https://arxiv.org/html/${arxivId}`;
}

/** The paper's local page. Old-style ids keep their slash (`/papers/hep-th/9901001`). */
export function paperPath(arxivId: string): string {
  return `/papers/${arxivId.split('/').map(encodeURIComponent).join('/')}`;
}

const CODE_HOSTS =
  /https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)\/[\w.-]+\/[\w.-]+/i;

/** The first code repository the comment or abstract links to (GitHub, GitLab, Codeberg, Bitbucket), or null. */
export function findCodeUrl(paper: Paper): string | null {
  for (const text of [paper.comment ?? '', paper.abstract]) {
    const match = CODE_HOSTS.exec(text);
    if (match) return match[0].replace(/\.+$/, '').replace(/\.git$/, '');
  }
  return null;
}

/** The translation to show, or null when there is none or it only repeats the English. */
function shownTranslation(item: TranslatedPaper): { title: string | null; abstract: string | null } | null {
  if (item.lang === 'en') return null;
  const title = item.translation.title;
  const abstract = item.translation.abstract;
  return title === null && abstract === null ? null : { title, abstract };
}

export interface PaperBlockOptions {
  /** Terms to highlight (search results). */
  terms?: readonly string[];
  /** Text to show instead of the whole abstracts (search excerpts). */
  abstracts?: { original: string; translation: string | null };
  /** Heading level of the title. */
  heading?: 'h2' | 'h3';
}

/** The block a list shows for one paper: id, both titles, authors, subjects, links and both abstracts. */
export function renderPaperBlock(item: TranslatedPaper, options: PaperBlockOptions = {}): string {
  const { paper } = item;
  const terms = options.terms ?? [];
  const translation = shownTranslation(item);
  const labels = labelsFor(item.lang);
  const trLang = escapeHtml(item.lang);
  const heading = options.heading ?? 'h3';
  const originalAbstract = options.abstracts?.original ?? paper.abstract;
  const translatedAbstract = options.abstracts
    ? options.abstracts.translation
    : (translation?.abstract ?? null);
  const titleTr =
    translation?.title != null
      ? `<span class="tr" lang="${trLang}">${renderRichText(translation.title, { terms })}` +
        `${renderFlagMark(item.translation, 'title')}</span>`
      : '';
  const abstractTr =
    translatedAbstract !== null && translation !== null
      ? `<div class="tr" lang="${trLang}"><h4>${escapeHtml(labels.translatedAbstract ?? 'Translation')}</h4>` +
        `<p>${renderRichText(translatedAbstract, { terms })}${renderFlagMark(item.translation, 'abstract')}</p>` +
        `${renderFlagReasons(item.translation, 'abstract')}</div>`
      : '';
  return (
    `<article class="paper${translation ? ' has-tr' : ''}" id="p-${escapeHtml(paper.arxivId)}">` +
    `<${heading}><a href="${escapeHtml(paperPath(paper.arxivId))}"><span class="id">${escapeHtml(paper.arxivId)}</span>` +
    `<span${titleTr === '' ? '' : ' class="orig"'} lang="en">${renderRichText(paper.title, { terms })}</span></a>${titleTr}</${heading}>` +
    (titleTr === '' ? '' : renderFlagReasons(item.translation, 'title')) +
    (translation === null ? '' : renderTldr(item.translation, item.lang)) +
    `<p class="meta">${renderAuthors(paper.authors)}</p>` +
    `<p class="meta">${escapeHtml(formatSubjects(paper.categories))}</p>` +
    (item.hf == null ? '' : `<p class="meta hf">Hugging Face: ${renderHfFacts(item.hf)}</p>`) +
    renderLinks(paper) +
    `<div class="abs"><div${abstractTr === '' ? '' : ' class="orig"'} lang="en"><h4>Abstract</h4><p>${renderRichText(originalAbstract, { terms })}</p></div>` +
    `${abstractTr}</div></article>`
  );
}

function renderAuthors(authors: readonly string[]): string {
  return authors.map(escapeHtml).join(', ');
}

function renderLinks(paper: Paper, extra: string[] = []): string {
  const code = findCodeUrl(paper);
  const links = [
    `<a href="${escapeHtml(absUrl(paper.arxivId))}">arXiv</a>`,
    `<a href="${escapeHtml(pdfUrl(paper.arxivId))}">PDF</a>`,
    `<a href="${escapeHtml(htmlUrl(paper.arxivId))}">HTML</a>`,
    ...(code === null ? [] : [`<a href="${escapeHtml(code)}">Code</a>`]),
    ...extra,
  ];
  return `<p class="links">${links.join('')}</p>`;
}

export interface PaperPageData extends TranslatedPaper {
  /** Every version number seen, ascending. */
  versions: number[];
  /** The digests the paper appeared in, newest first. */
  digests: { profile: string; listingDate: string }[];
  /** Every upvote observation, oldest first (store's loadUpvoteSeries); [] when never seen on Hugging Face. */
  upvoteSeries: UpvoteObservation[];
}

/** The paper's own page. */
export function renderPaperPage(data: PaperPageData, frame: { mode: ReadingMode; path: string }): string {
  const { paper } = data;
  const translation = shownTranslation(data);
  const labels = labelsFor(data.lang);
  const trLang = escapeHtml(data.lang);
  const versions = data.versions.length > 0 ? data.versions : [paper.version];
  const versionLinks = versions
    .map((v) => `<a href="${escapeHtml(`${absUrl(paper.arxivId)}v${v}`)}">v${v}</a>`)
    .join(' ');
  const facts: [string, string][] = [
    ['Authors', paper.authors.map(escapeHtml).join(', ')],
    ['Subjects', escapeHtml(formatSubjects(paper.categories))],
    ['Versions', versionLinks],
    ...(paper.publishedAt
      ? [['Submitted', escapeHtml(paper.publishedAt.toISOString().slice(0, 10))] as [string, string]]
      : []),
    ...(paper.updatedAt
      ? [['This version', escapeHtml(paper.updatedAt.toISOString().slice(0, 10))] as [string, string]]
      : []),
    ...(data.hf == null
      ? []
      : [
          [
            'Hugging Face',
            `<span class="hf">${renderHfFacts(data.hf)}</span>${renderUpvoteSparkline(data.upvoteSeries)}`,
          ] as [string, string],
        ]),
    ...(paper.comment ? [['Comment', escapeHtml(paper.comment)] as [string, string]] : []),
    ...(paper.journalRef ? [['Journal', escapeHtml(paper.journalRef)] as [string, string]] : []),
    ...(paper.doi
      ? [
          [
            'DOI',
            `<a href="https://doi.org/${escapeHtml(encodeURI(paper.doi))}">${escapeHtml(paper.doi)}</a>`,
          ] as [string, string],
        ]
      : []),
  ];
  const digests = data.digests
    .map(
      (d) =>
        `<li><a href="/digests/${escapeHtml(encodeURIComponent(d.profile))}/${escapeHtml(d.listingDate)}#p-${escapeHtml(paper.arxivId)}">` +
        `${escapeHtml(d.profile)} · ${escapeHtml(d.listingDate)}</a></li>`,
    )
    .join('');
  const body =
    `<article class="paper${translation ? ' has-tr' : ''}">` +
    `<p class="muted"><span class="id">${escapeHtml(paper.arxivId)}v${paper.version}</span></p>` +
    `<h1><span${translation?.title != null ? ' class="orig"' : ''} lang="en">${renderRichText(paper.title)}</span>` +
    (translation?.title != null
      ? `<span class="tr" lang="${trLang}">${renderRichText(translation.title)}${renderFlagMark(data.translation, 'title')}</span>`
      : '') +
    '</h1>' +
    (translation?.title != null ? renderFlagReasons(data.translation, 'title') : '') +
    (translation === null ? '' : renderTldr(data.translation, data.lang)) +
    renderLinks(paper) +
    `<table class="list">${facts.map(([name, html]) => `<tr><th scope="row">${name}</th><td>${html}</td></tr>`).join('')}</table>` +
    `<div class="abs"><div${translation?.abstract != null ? ' class="orig"' : ''} lang="en"><h4>Abstract</h4>` +
    `<p>${renderRichText(paper.abstract)}</p></div>` +
    (translation?.abstract != null
      ? `<div class="tr" lang="${trLang}"><h4>${escapeHtml(labels.translatedAbstract ?? 'Translation')}</h4>` +
        `<p>${renderRichText(translation.abstract)}${renderFlagMark(data.translation, 'abstract')}</p>` +
        `${renderFlagReasons(data.translation, 'abstract')}</div>`
      : '') +
    '</div></article>' +
    (translation === null ? '<p class="notice">No translation of this paper is stored yet.</p>' : '') +
    (digests === '' ? '' : `<h2>In digests</h2><ul>${digests}</ul>`);
  return renderPage({ title: paper.title, mode: frame.mode, path: frame.path }, raw(body));
}

/** A digest entry as a translated paper. */
export function translatedEntry(entry: DigestEntry, lang: Lang): TranslatedPaper {
  return { paper: entry.paper, translation: entry.translation, lang, hf: entry.hf };
}
