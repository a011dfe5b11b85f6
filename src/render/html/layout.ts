// The frame of every HTML page: head with the inline stylesheet and script, the top bar with search and the
// reading-language switch, and the reading mode applied on <html> so the first paint is already right. Pure.
import { PAGE_CSS, PAGE_SCRIPT } from './assets.js';
import { HOME_PATH, readingModePath, SEARCH_PATH } from './urls.js';
import { html, joinHtml, raw, toHtmlString, type Html } from './markup.js';

/** Which language a reader sees: the original English, the translation, or both. */
export type ReadingMode = 'original' | 'translation' | 'both';
const READING_MODES: readonly ReadingMode[] = ['original', 'translation', 'both'];
const DEFAULT_READING_MODE: ReadingMode = 'both';

const MODE_LABELS: Readonly<Record<ReadingMode, string>> = {
  original: 'Original',
  translation: 'Translation',
  both: 'Both',
};

/** The reading mode a stored value names (cookie, query), or the default for anything else. */
export function parseReadingMode(value: string | null | undefined): ReadingMode {
  return (READING_MODES as readonly (string | null | undefined)[]).includes(value)
    ? (value as ReadingMode)
    : DEFAULT_READING_MODE;
}

export interface PageFrame {
  /** The document title, plain text. */
  title: string;
  mode: ReadingMode;
  /** This page's path and query, where the no-script language links come back to. */
  path: string;
  /** What the search box shows. */
  query?: string;
  /** Extra `<link>` elements' data for the head (feeds), plain text. */
  feeds?: { title: string; href: string; type: 'rss' | 'atom' }[];
}

/** A whole HTML document around `body`. */
export function renderPage(frame: PageFrame, body: Html): string {
  const feeds = (frame.feeds ?? []).map(
    (feed) =>
      html`<link rel="alternate" type="application/${feed.type}+xml" title="${feed.title}" href="${feed.href}">`,
  );
  return toHtmlString(
    joinHtml(
      html`<!doctype html><html lang="en" data-read="${frame.mode}"><head><meta charset="utf-8">`,
      html`<meta name="viewport" content="width=device-width,initial-scale=1">`,
      html`<title>${frame.title} · paperwire</title>${feeds}<style>${raw(PAGE_CSS)}</style></head><body>`,
      html`<header class="top"><div class="bar"><a class="brand" href="${HOME_PATH}">paperwire</a>`,
      html`<form class="find" action="${SEARCH_PATH}" method="get" role="search">`,
      html`<input type="search" name="q" value="${frame.query ?? ''}" placeholder="Search titles and abstracts, English or 中文" aria-label="Search">`,
      html`<button type="submit">Search</button></form>`,
      html`${renderModeSwitch(frame.mode, frame.path)}</div></header>`,
      html`<main>${body}</main><script>${raw(PAGE_SCRIPT)}</script></body></html>`,
    ),
  );
}

function renderModeSwitch(mode: ReadingMode, path: string): Html {
  const links = READING_MODES.map(
    (each) =>
      html`<a href="${readingModePath(each, path)}" data-mode="${each}" aria-current="${String(each === mode)}">${MODE_LABELS[each]}</a>`,
  );
  return html`<nav class="read" aria-label="Reading language">${links}</nav>`;
}
