// The rating controls of the web UI: the up / down / save / clear form under a paper (a plain POST that works
// without script) and the page that confirms a signed rating link from an e-mail. Pure.
import { RATINGS, type Lang, type Paper, type RatingKind } from '../../model.js';
import { labelsFor } from '../labels.js';
import { renderPage, type ReadingMode } from './layout.js';
import { html, type Html } from './markup.js';
import { paperPath, RATINGS_PATH } from './urls.js';

/** What a page needs to show rating buttons: each paper's current rating and this server's form token. */
export interface RatingControls {
  /** Current ratings by versionless id; a paper not in it is unrated. */
  current: ReadonlyMap<string, RatingKind>;
  /** The server's CSRF token, sent back with each form (never the serve token). */
  csrfToken: string;
}

const RATING_LABELS = labelsFor('en').rateButtons;

/**
 * One paper's rating form in `lang`'s words: a button per rating (the current one pressed), Clear when rated, and
 * the current rating in words. It posts to `/ratings`, which answers 303 back to `back` (a path on this site).
 */
export function renderRatingForm(arxivId: string, controls: RatingControls, back: string, lang: Lang): Html {
  const labels = labelsFor(lang);
  const current = controls.current.get(arxivId) ?? null;
  const buttons = RATINGS.map(
    (kind) =>
      html`<button type="submit" name="kind" value="${kind}" aria-pressed="${String(kind === current)}">${labels.rateButtons[kind]}</button>`,
  );
  const state =
    current === null
      ? html``
      : html`<button type="submit" name="kind" value="clear">${labels.clearRating}</button><span class="muted">${labels.ratedAs[current]}</span>`;
  return html`<form class="rate" method="post" action="${RATINGS_PATH}"><input type="hidden" name="id" value="${arxivId}"><input type="hidden" name="csrf" value="${controls.csrfToken}"><input type="hidden" name="back" value="${back}">${buttons}${state}</form>`;
}

export interface RatingConfirmData {
  paper: Paper;
  kind: RatingKind;
  /** The signed link's own path and query: the form posts back to it. */
  action: string;
}

/**
 * The page a signed e-mail link opens: the paper and one button that rates it. Opening the link changes nothing,
 * so a mail scanner that fetches every link rates nothing.
 */
export function renderRatingConfirmPage(
  data: RatingConfirmData,
  frame: { mode: ReadingMode; path: string },
): string {
  const { paper, kind } = data;
  const body = html`<h1>Rate this paper ${RATING_LABELS[kind]}?</h1><article class="paper"><h3><a href="${paperPath(paper.arxivId)}"><span class="id">${paper.arxivId}</span><span lang="en">${paper.title}</span></a></h3><p class="meta">${paper.authors.join(', ')}</p></article><form class="rate" method="post" action="${data.action}"><button type="submit">${RATING_LABELS[kind]}: rate it</button></form>`;
  return renderPage({ title: `Rate ${paper.arxivId}`, mode: frame.mode, path: frame.path }, body);
}
