// One paper as HTML: the block a digest or search shows, and the paper's own page with both languages side by
// side, its links, code repository, versions and Hugging Face facts; a flagged translation carries ⚠ and its
// reasons. Pure.
import type {
  DigestEntry,
  DigestKey,
  HfInfo,
  IsoDate,
  Lang,
  Paper,
  PaperTranslation,
  Relevance,
  UpvotePoint,
} from '../../model.js';
import { formatRelevance } from '../common.js';
import { absUrl, pdfUrl } from '../../model.js';
import { formatSubjects } from '../../taxonomy.js';
import {
  renderFlagMark,
  renderFlagReasons,
  renderHfFacts,
  renderTldr,
  renderUpvoteSparkline,
} from './facts.js';
import { renderPage, type ReadingMode } from './layout.js';
import { html, joinHtml, raw, type Html } from './markup.js';
import { renderRichText } from './math.js';
import { renderRatingForm, type RatingControls } from './rating.js';
import { labelsFor } from '../labels.js';
import { doiUrl, htmlUrl, paperAnchor, SERVER_LINKS, type SiteLinks } from './urls.js';

/** A paper with the translation a digest stored for it, in the digest's language. */
export interface TranslatedPaper {
  paper: Paper;
  translation: PaperTranslation;
  /** The language of `translation`; `en` when there is none. */
  lang: Lang;
  /** What Hugging Face says of the paper; absent or null when nothing. */
  hf?: HfInfo | null;
  /** How well it fits the reader's library and ratings, when the digest scored it. */
  relevance?: Relevance;
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
  /** Rating buttons under the links, returning to `back` (this page's path and the paper's anchor); absent: none. */
  rating?: { controls: RatingControls; back: string };
  /** The listing date an earlier digest of the profile first showed the paper: marks it seen; absent: unmarked. */
  seenOn?: IsoDate;
  /** Where the title links: the server's paper page (the default) or a static site's file. */
  links?: SiteLinks;
}

/** Text with its math as MathML and its terms in `<mark>` (math.ts escapes the rest), as markup. */
export function renderRichHtml(text: string, options: { terms?: readonly string[] } = {}): Html {
  return raw(renderRichText(text, options));
}

/** The block a list shows for one paper: id, both titles, authors, subjects, links and both abstracts. */
export function renderPaperBlock(item: TranslatedPaper, options: PaperBlockOptions = {}): Html {
  const { paper } = item;
  const labels = labelsFor(item.lang);
  const terms = options.terms ?? [];
  const translation = shownTranslation(item);
  const heading = options.heading ?? 'h3';
  const originalAbstract = options.abstracts?.original ?? paper.abstract;
  const translatedAbstract = options.abstracts
    ? options.abstracts.translation
    : (translation?.abstract ?? null);
  const hasTitleTr = translation?.title != null;
  const hasAbstractTr = translatedAbstract !== null && translation !== null;
  const titleTr = translation?.title != null ? renderTranslatedTitle(item, translation.title, terms) : '';
  const abstractTr =
    translatedAbstract !== null && hasAbstractTr
      ? renderTranslatedAbstract(item, translatedAbstract, terms)
      : '';
  return joinHtml(
    html`<article class="paper${translation ? ' has-tr' : ''}${options.seenOn === undefined ? '' : ' seen'}" id="${paperAnchor(paper.arxivId)}">`,
    options.seenOn === undefined
      ? ''
      : html`<p class="meta seen-on">${labels.seen} <time datetime="${options.seenOn}">${options.seenOn}</time></p>`,
    html`<${heading}><a href="${(options.links ?? SERVER_LINKS).paper(paper.arxivId)}"><span class="id">${paper.arxivId}</span>`,
    html`<span${hasTitleTr ? html` class="orig"` : ''} lang="en">${renderRichHtml(paper.title, { terms })}</span></a>${titleTr}</${heading}>`,
    hasTitleTr ? renderFlagReasons(item.translation, 'title') : '',
    translation === null ? '' : renderTldr(item.translation, item.lang),
    html`<p class="meta">${renderAuthors(paper.authors)}</p>`,
    html`<p class="meta">${formatSubjects(paper.categories)}</p>`,
    item.hf == null ? '' : html`<p class="meta hf">Hugging Face: ${renderHfFacts(item.hf)}</p>`,
    item.relevance === undefined
      ? ''
      : html`<p class="meta relevance">${labels.relevance}: ${formatRelevance(item.relevance)}</p>`,
    renderLinks(paper),
    options.rating === undefined
      ? ''
      : renderRatingForm(paper.arxivId, options.rating.controls, options.rating.back, item.lang),
    html`<div class="abs"><div${hasAbstractTr ? html` class="orig"` : ''} lang="en"><h4>Abstract</h4><p>${renderRichHtml(originalAbstract, { terms })}</p></div>`,
    html`${abstractTr}</div></article>`,
  );
}

/** The translated title, marked when flagged. */
function renderTranslatedTitle(item: TranslatedPaper, title: string, terms: readonly string[] = []): Html {
  return html`<span class="tr" lang="${item.lang}">${renderRichHtml(title, { terms })}${renderFlagMark(item.translation, 'title')}</span>`;
}

/** The translated abstract under its heading, marked when flagged, with the reasons. */
function renderTranslatedAbstract(
  item: TranslatedPaper,
  abstract: string,
  terms: readonly string[] = [],
): Html {
  const labels = labelsFor(item.lang);
  return joinHtml(
    html`<div class="tr" lang="${item.lang}"><h4>${labels.translatedAbstract ?? 'Translation'}</h4>`,
    html`<p>${renderRichHtml(abstract, { terms })}${renderFlagMark(item.translation, 'abstract')}</p>`,
    html`${renderFlagReasons(item.translation, 'abstract')}</div>`,
  );
}

function renderAuthors(authors: readonly string[]): string {
  return authors.join(', ');
}

function renderLinks(paper: Paper): Html {
  const code = findCodeUrl(paper);
  const links = [
    html`<a href="${absUrl(paper.arxivId)}">arXiv</a>`,
    html`<a href="${pdfUrl(paper.arxivId)}">PDF</a>`,
    html`<a href="${htmlUrl(paper.arxivId)}">HTML</a>`,
    code === null ? '' : html`<a href="${code}">Code</a>`,
  ];
  return html`<p class="links">${links}</p>`;
}

export interface PaperPageData extends TranslatedPaper {
  /** Every version number seen, ascending. */
  versions: number[];
  /** The digests the paper appeared in, newest first. */
  digests: DigestKey[];
  /** Every upvote observation, oldest first (store's loadUpvoteSeries); [] when never seen on Hugging Face. */
  upvoteSeries: UpvotePoint[];
  /** "More like this": the store's papers closest to this one, closest first; absent or [] shows nothing. */
  similar?: SimilarLink[];
}

/** One paper of the "more like this" list. */
interface SimilarLink {
  arxivId: string;
  title: string;
  /** 0..1, and the words the two papers share most. */
  relevance: Relevance;
}

/** The paper's own page. */
export function renderPaperPage(
  data: PaperPageData,
  frame: { mode: ReadingMode; path: string; rating?: RatingControls; links?: SiteLinks },
): string {
  const { paper } = data;
  const links = frame.links ?? SERVER_LINKS;
  const translation = shownTranslation(data);
  const digests = data.digests.map(
    (d) =>
      html`<li><a href="${links.digestPage(d.profile, d.listingDate, 1, paperAnchor(paper.arxivId))}">${d.profile} · ${d.listingDate}</a></li>`,
  );
  const hasTitleTr = translation?.title != null;
  const hasAbstractTr = translation?.abstract != null;
  const body = joinHtml(
    html`<article class="paper${translation ? ' has-tr' : ''}">`,
    html`<p class="muted"><span class="id">${paper.arxivId}v${paper.version}</span></p>`,
    html`<h1><span${hasTitleTr ? html` class="orig"` : ''} lang="en">${renderRichHtml(paper.title)}</span>`,
    translation?.title != null ? renderTranslatedTitle(data, translation.title) : '',
    html`</h1>`,
    hasTitleTr ? renderFlagReasons(data.translation, 'title') : '',
    translation === null ? '' : renderTldr(data.translation, data.lang),
    renderLinks(paper),
    frame.rating === undefined ? '' : renderRatingForm(paper.arxivId, frame.rating, frame.path, data.lang),
    html`<table class="list">${renderFactRows(data)}</table>`,
    html`<div class="abs"><div${hasAbstractTr ? html` class="orig"` : ''} lang="en"><h4>Abstract</h4>`,
    html`<p>${renderRichHtml(paper.abstract)}</p></div>`,
    translation?.abstract != null ? renderTranslatedAbstract(data, translation.abstract) : '',
    html`</div></article>`,
    translation === null ? html`<p class="notice">No translation of this paper is stored yet.</p>` : '',
    digests.length === 0 ? '' : html`<h2>In digests</h2><ul>${digests}</ul>`,
    renderSimilar(data.similar ?? [], links),
  );
  return renderPage({ title: paper.title, mode: frame.mode, path: frame.path, links }, body);
}

/** "More like this": each paper linked to its page, with its score and shared words. */
function renderSimilar(similar: readonly SimilarLink[], links: SiteLinks): Html | '' {
  if (similar.length === 0) return '';
  const items = similar.map(
    (item) =>
      html`<li><a href="${links.paper(item.arxivId)}">${renderRichHtml(item.title)}</a> <span class="muted">${formatRelevance(item.relevance)}</span></li>`,
  );
  return html`<h2>More like this</h2><ul class="similar">${items}</ul>`;
}

/** The paper page's table: authors, subjects, versions, dates, Hugging Face, comment, journal and DOI when known. */
function renderFactRows(data: PaperPageData): Html[] {
  const { paper } = data;
  const versions = data.versions.length > 0 ? data.versions : [paper.version];
  const versionLinks = versions.map(
    (v, index) => html`${index === 0 ? '' : ' '}<a href="${`${absUrl(paper.arxivId)}v${v}`}">v${v}</a>`,
  );
  const day = (instant: Date): string => instant.toISOString().slice(0, 10);
  const hf = data.hf ?? null;
  const facts: ([string, Html] | null)[] = [
    ['Authors', html`${renderAuthors(paper.authors)}`],
    ['Subjects', html`${formatSubjects(paper.categories)}`],
    ['Versions', html`${versionLinks}`],
    paper.publishedAt ? ['Submitted', html`${day(paper.publishedAt)}`] : null,
    paper.updatedAt ? ['This version', html`${day(paper.updatedAt)}`] : null,
    hf === null
      ? null
      : [
          'Hugging Face',
          html`<span class="hf">${renderHfFacts(hf)}</span>${renderUpvoteSparkline(data.upvoteSeries)}`,
        ],
    paper.comment ? ['Comment', html`${paper.comment}`] : null,
    paper.journalRef ? ['Journal', html`${paper.journalRef}`] : null,
    paper.doi ? ['DOI', html`<a href="${doiUrl(paper.doi)}">${paper.doi}</a>`] : null,
  ];
  return facts
    .filter((fact) => fact !== null)
    .map(([name, value]) => html`<tr><th scope="row">${name}</th><td>${value}</td></tr>`);
}

/** A digest entry as a translated paper. */
export function translatedEntry(entry: DigestEntry, lang: Lang): TranslatedPaper {
  return {
    paper: entry.paper,
    translation: entry.translation,
    lang,
    hf: entry.hf,
    ...(entry.relevance === undefined ? {} : { relevance: entry.relevance }),
  };
}
