// The frame of every HTML page: head with the inline stylesheet and script, the top bar with search and the
// reading-language switch, and the reading mode applied on <html> so the first paint is already right. Pure.
import { PAGE_CSS, PAGE_SCRIPT, STATIC_PAGE_SCRIPT } from './assets.js';
import { SERVER_LINKS, type SiteLinks } from './urls.js';
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
  /** Where links lead: the server's paths (the default) or a static site's files. */
  links?: SiteLinks;
}

/** A whole HTML document around `body`. */
export function renderPage(frame: PageFrame, body: Html): string {
  const links = frame.links ?? SERVER_LINKS;
  // A static page has no server to remember the reading mode: its own script keeps it, and runs in <head> so the
  // remembered mode is on <html> before the first paint.
  const isStatic = links.kind === 'static';
  const feeds = (frame.feeds ?? []).map(
    (feed) =>
      html`<link rel="alternate" type="application/${feed.type}+xml" title="${feed.title}" href="${feed.href}">`,
  );
  return toHtmlString(
    joinHtml(
      html`<!doctype html><html lang="en" data-read="${frame.mode}"><head><meta charset="utf-8">`,
      html`<meta name="viewport" content="width=device-width,initial-scale=1">`,
      html`<title>${frame.title} · paperwire</title>${feeds}<style>${raw(PAGE_CSS)}</style>`,
      // No favicon file: say so, or every static host answers the browser's /favicon.ico with a 404.
      isStatic ? html`<link rel="icon" href="data:,"><script>${raw(STATIC_PAGE_SCRIPT)}</script>` : '',
      html`</head><body>`,
      html`<header class="top"><div class="bar"><a class="brand" href="${links.home}">paperwire</a>`,
      html`<form class="find" action="${links.search}" method="get" role="search">`,
      html`<input type="search" name="q" value="${frame.query ?? ''}" placeholder="Search titles and abstracts, English or 中文" aria-label="Search">`,
      html`<button type="submit">Search</button></form>`,
      html`${renderModeSwitch(frame.mode, frame.path, links)}</div></header>`,
      html`<main>${body}</main>`,
      isStatic ? '' : html`<script>${raw(PAGE_SCRIPT)}</script>`,
      html`</body></html>`,
    ),
  );
}

function renderModeSwitch(mode: ReadingMode, path: string, links: SiteLinks): Html {
  const switches = READING_MODES.map(
    (each) =>
      html`<a href="${links.readingMode(each, path)}" data-mode="${each}" aria-current="${String(each === mode)}">${MODE_LABELS[each]}</a>`,
  );
  return html`<nav class="read" aria-label="Reading language">${switches}</nav>`;
}
