// Digest pages as HTML: the home page (each profile's latest digest), a profile's list of dates, and one digest
// with its sections, papers in both languages, notices and problems. Pure: times and the clock come as arguments.
import { formatAudit, type Digest, type DigestAudit, type IsoDate } from '../model.js';
import { formatProblem } from './classic.js';
import { renderTimes } from './common.js';
import { DIGEST_PAGE_SIZE, pageOfSection, selectDigestPage, type DigestPageSlice } from './digest-pages.js';
import { escapeHtml } from './html-escape.js';
import { raw } from './html-markup.js';
import { renderPage, type ReadingMode } from './html-layout.js';
import { renderPaperBlock, translatedEntry } from './html-paper.js';
import { renderRichText } from './html-math.js';
import { labelsFor } from './labels.js';

/** A saved digest without its document. */
export interface DigestRef {
  profile: string;
  listingDate: IsoDate;
  generatedAt: Date;
}

export interface PageContext {
  mode: ReadingMode;
  /** This page's path and query. */
  path: string;
}

export function digestPath(profile: string, listingDate?: string): string {
  const base = `/digests/${encodeURIComponent(profile)}`;
  return listingDate === undefined ? base : `${base}/${listingDate}`;
}

export function feedPaths(profile: string): { rss: string; atom: string } {
  const base = `/feeds/${encodeURIComponent(profile)}`;
  return { rss: `${base}.xml`, atom: `${base}.atom` };
}

function feedLinks(profile: string): string {
  const feeds = feedPaths(profile);
  return `<a href="${escapeHtml(feeds.rss)}">RSS</a><a href="${escapeHtml(feeds.atom)}">Atom</a>`;
}

/** `3 h ago`, `2 d ago`: how old a digest is, from the clock the caller passes. */
export function formatAge(then: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - then.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} d ago`;
}

export interface HomeProfile {
  profile: string;
  /** The newest digest saved for this profile, or null when none is. */
  latest: Digest | null;
  digestCount: number;
}

/** `/`: each profile's latest digest, its sections and how many papers each holds. */
export function renderHomePage(
  profiles: readonly HomeProfile[],
  context: PageContext & { now: Date },
): string {
  const blocks = profiles.map(({ profile, latest, digestCount }) => {
    const heading = `<h2>${escapeHtml(profile)}</h2>`;
    if (latest === null) {
      return `${heading}<p class="muted">No digest saved yet: run <code>paperwire digest --profile ${escapeHtml(profile)}</code>.</p>`;
    }
    const labels = labelsFor(latest.lang);
    const sections = latest.sections
      .map(
        (section, index) =>
          `<li><a href="${escapeHtml(digestPagePath(profile, latest.listingDate, pageOfSection(latest, index), `k-${index}`))}">` +
          `${escapeHtml(section.keyword)} (${section.entries.length})</a></li>`,
      )
      .join('');
    return (
      heading +
      `<p><a href="${escapeHtml(digestPath(profile, latest.listingDate))}"><strong>${escapeHtml(latest.listingDate)}</strong></a> · ` +
      `${escapeHtml(labels.paperCount(latest.paperCount))} · <span class="muted">generated ${formatAge(latest.generatedAt, context.now)}</span></p>` +
      `<ul class="toc">${sections}</ul>` +
      `<p class="links"><a href="${escapeHtml(digestPath(profile))}">All ${digestCount} ${digestCount === 1 ? 'date' : 'dates'}</a>${feedLinks(profile)}</p>`
    );
  });
  const body =
    '<h1>Latest digests</h1>' +
    (blocks.length === 0
      ? '<p class="notice">No digest is saved yet. Run <code>paperwire digest</code>, then reload.</p>'
      : blocks.join(''));
  return renderPage({ title: 'Latest digests', ...context }, raw(body));
}

/** `/digests/:profile`: every saved date of one profile, newest first. */
export function renderDigestListPage(
  profile: string,
  refs: readonly DigestRef[],
  context: PageContext,
): string {
  const rows = refs
    .map(
      (ref) =>
        `<tr><td><a href="${escapeHtml(digestPath(profile, ref.listingDate))}">${escapeHtml(ref.listingDate)}</a></td>` +
        `<td class="muted">generated ${escapeHtml(ref.generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC</td></tr>`,
    )
    .join('');
  const body =
    `<h1>${escapeHtml(profile)}: every digest</h1><p class="links">${feedLinks(profile)}</p>` +
    (rows === ''
      ? '<p class="notice">No digest saved for this profile.</p>'
      : `<table class="list">${rows}</table>`);
  return renderPage({ title: `${profile} digests`, ...context, feeds: feedHeads(profile) }, raw(body));
}

function feedHeads(profile: string): { title: string; href: string; type: 'rss' | 'atom' }[] {
  const feeds = feedPaths(profile);
  return [
    { title: `${profile} (RSS)`, href: feeds.rss, type: 'rss' },
    { title: `${profile} (Atom)`, href: feeds.atom, type: 'atom' },
  ];
}

export interface DigestPageContext extends PageContext {
  /** The neighbouring saved dates of the same profile, for the pager. */
  previous: IsoDate | null;
  next: IsoDate | null;
  /** Which page of the digest's entries to show (1-based; default 1), `DIGEST_PAGE_SIZE` entries each. */
  page?: number;
  pageSize?: number;
}

/** The link to a digest's page `page` (the first page is the digest's own path), with an optional `#anchor`. */
export function digestPagePath(profile: string, listingDate: string, page: number, anchor = ''): string {
  return `${digestPath(profile, listingDate)}${page > 1 ? `?page=${page}` : ''}${anchor === '' ? '' : `#${anchor}`}`;
}

/**
 * `/digests/:profile/:date[?page=N]`: one page of the digest's entries (all of a digest up to `DIGEST_PAGE_SIZE`);
 * a paper listed under several keywords is shown in full once, and its later entries link back to it.
 */
export function renderDigestPage(digest: Digest, context: DigestPageContext): string {
  const labels = labelsFor(digest.lang);
  const times = renderTimes(digest, labels);
  const pageSize = context.pageSize ?? DIGEST_PAGE_SIZE;
  const slice = selectDigestPage(digest, context.page ?? 1, pageSize);
  const linkTo = (page: number, anchor: string): string =>
    page === slice.page ? `#${anchor}` : digestPagePath(digest.profile, digest.listingDate, page, anchor);
  const toc = digest.sections
    .map(
      (section, index) =>
        `<li><a href="${escapeHtml(linkTo(pageOfSection(digest, index, pageSize), `k-${index}`))}">` +
        `${escapeHtml(section.keyword)} (${section.entries.length})</a></li>`,
    )
    .join('');
  const sections = slice.sections.map((section) => {
    const papers = section.entries.map(({ entry, shownOnPage }) => {
      const id = entry.paper.arxivId;
      if (shownOnPage !== null) {
        return (
          `<p class="meta">${escapeHtml(id)} · <a href="${escapeHtml(linkTo(shownOnPage, `p-${id}`))}">${renderRichText(entry.paper.title)}</a> ` +
          '(shown above)</p>'
        );
      }
      return renderPaperBlock(translatedEntry(entry, digest.lang));
    });
    const empty = section.entryCount === 0 ? `<p class="muted">${escapeHtml(labels.noResult)}</p>` : '';
    return (
      `<section><h2 id="k-${section.index}">${escapeHtml(labels.keyword)}: ${escapeHtml(section.keyword)} ` +
      `<span class="muted">(${section.entryCount})</span></h2>${empty}${papers.join('')}</section>`
    );
  });
  const pages = renderPageNav(digest, slice);
  const trailer = [
    ...(digest.notices.length > 0
      ? [
          `<h2>${escapeHtml(labels.notices)}</h2><ul>${digest.notices.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`,
        ]
      : []),
    ...(digest.problems.length > 0
      ? [
          `<h2>${escapeHtml(labels.problems)}</h2><ul>` +
            digest.problems.map((p) => `<li>${escapeHtml(formatProblem(p))}</li>`).join('') +
            '</ul>',
        ]
      : []),
  ].join('');
  const pager =
    '<nav class="pager">' +
    (context.previous === null
      ? '<span></span>'
      : `<a rel="prev" href="${escapeHtml(digestPath(digest.profile, context.previous))}">← ${escapeHtml(context.previous)}</a>`) +
    `<a href="${escapeHtml(digestPath(digest.profile))}">all dates</a>` +
    (context.next === null
      ? '<span></span>'
      : `<a rel="next" href="${escapeHtml(digestPath(digest.profile, context.next))}">${escapeHtml(context.next)} →</a>`) +
    '</nav>';
  const body =
    `<h1>${escapeHtml(labels.digestTitle)} · ${escapeHtml(digest.listingDate)} <span class="muted">${escapeHtml(digest.profile)}</span></h1>` +
    `<p class="muted">${escapeHtml(times.generated)}<br>${escapeHtml(times.announced)}</p>` +
    `<p><strong>${escapeHtml(labels.paperCount(digest.paperCount))}</strong></p>` +
    (digest.audit === undefined ? '' : renderAudit(digest.audit)) +
    `<ul class="toc">${toc}</ul><p class="links">${feedLinks(digest.profile)}` +
    `<a href="${escapeHtml(`/api/digests/${encodeURIComponent(digest.profile)}/${digest.listingDate}`)}">JSON</a></p>` +
    pages +
    sections.join('') +
    pages +
    trailer +
    pager;
  return renderPage(
    { title: `${digest.profile} ${digest.listingDate}`, ...context, feeds: feedHeads(digest.profile) },
    raw(body),
  );
}

/** The listing's audit under the count: what arXiv announced, what matched, from where, and whether it is whole. */
function renderAudit(audit: DigestAudit): string {
  const completeness =
    audit.isComplete === null ? 'completeness not recorded' : audit.isComplete ? 'complete' : 'partial';
  const fetched = `${audit.fetchedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return (
    `<p class="${audit.isComplete === false ? 'notice' : 'muted'} audit">arXiv ${escapeHtml(formatAudit(audit))}` +
    `<br>from ${escapeHtml(audit.source)}, fetched ${escapeHtml(fetched)}, ${completeness}</p>`
  );
}

/** `← page 1 · entries 201–400 of 18,000 · page 3 →`, when the digest has more than one page; else nothing. */
function renderPageNav(digest: Digest, slice: DigestPageSlice): string {
  if (slice.pageCount === 1) return '';
  const link = (page: number, kind: string, text: string): string =>
    page < 1 || page > slice.pageCount
      ? '<span></span>'
      : `<a class="${kind}" href="${escapeHtml(digestPagePath(digest.profile, digest.listingDate, page))}">${escapeHtml(text)}</a>`;
  const count = (n: number): string => n.toLocaleString('en-US');
  return (
    '<nav class="pager pages">' +
    link(slice.page - 1, 'prev', `← page ${slice.page - 1}`) +
    `<span>page ${slice.page} of ${slice.pageCount} · entries ${count(slice.first + 1)}–${count(slice.end)} of ${count(slice.entryCount)}</span>` +
    link(slice.page + 1, 'next', `page ${slice.page + 1} →`) +
    '</nav>'
  );
}
