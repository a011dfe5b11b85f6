// Digest pages as HTML: the home page (each profile's latest digest), a profile's list of dates, and one digest
// with its sections, papers in both languages, notices and problems. Pure: times and the clock come as arguments.
import { formatAudit, type Digest, type DigestAudit, type DigestRef, type IsoDate } from '../../model.js';
import { formatProblem } from '../text/classic.js';
import { renderTimes } from '../common.js';
import { DIGEST_PAGE_SIZE, pageOfSection, selectDigestPage, type DigestPageSlice } from './digest-pages.js';
import { renderPage, type ReadingMode } from './layout.js';
import { html, joinHtml, type Html } from './markup.js';
import { renderPaperBlock, renderRichHtml, translatedEntry } from './paper.js';
import type { RatingControls } from './rating.js';
import { labelsFor } from '../labels.js';
import { paperAnchor, SERVER_LINKS, type SiteLinks } from './urls.js';

export interface PageContext {
  mode: ReadingMode;
  /** This page's path and query. */
  path: string;
  /** Where links lead: the server's paths (the default) or a static site's files. */
  links?: SiteLinks;
}

function renderFeedLinks(profile: string, links: SiteLinks): Html {
  const feeds = links.feeds(profile);
  return html`<a href="${feeds.rss}">RSS</a><a href="${feeds.atom}">Atom</a>`;
}

/** `3 h ago`, `2 d ago`: how old a digest is, from the clock the caller passes. */
function formatAge(then: Date, now: Date): string {
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

/**
 * `/`: each profile's latest digest, its sections and how many papers each holds. With `now`, each digest's age
 * (`3 h ago`); without (a static site, whose bytes must not depend on the clock), its generation time.
 */
export function renderHomePage(
  profiles: readonly HomeProfile[],
  context: PageContext & { now?: Date },
): string {
  const links = context.links ?? SERVER_LINKS;
  const blocks = profiles.map(({ profile, latest, digestCount }) => {
    const heading = html`<h2>${profile}</h2>`;
    if (latest === null) {
      return html`${heading}<p class="muted">No digest saved yet: run <code>paperwire digest --profile ${profile}</code>.</p>`;
    }
    const labels = labelsFor(latest.lang);
    const sections = latest.sections.map(
      (section, index) =>
        html`<li><a href="${links.digestPage(profile, latest.listingDate, pageOfSection(latest, index), `k-${index}`)}">${section.keyword} (${section.entries.length})</a></li>`,
    );
    const generated =
      context.now === undefined
        ? formatUtcMinute(latest.generatedAt)
        : formatAge(latest.generatedAt, context.now);
    return joinHtml(
      heading,
      html`<p><a href="${links.digestPage(profile, latest.listingDate)}"><strong>${latest.listingDate}</strong></a> · `,
      html`${labels.paperCount(latest.paperCount)} · <span class="muted">generated ${generated}</span></p>`,
      html`<ul class="toc">${sections}</ul>`,
      html`<p class="links"><a href="${links.digestList(profile)}">All ${digestCount} ${digestCount === 1 ? 'date' : 'dates'}</a>${renderFeedLinks(profile, links)}</p>`,
    );
  });
  const body = html`<h1>Latest digests</h1>${
    blocks.length === 0
      ? html`<p class="notice">No digest is saved yet. Run <code>paperwire digest</code>, then reload.</p>`
      : blocks
  }`;
  return renderPage({ title: 'Latest digests', ...context }, body);
}

/** `/digests/:profile`: every saved date of one profile, newest first. */
export function renderDigestListPage(
  profile: string,
  refs: readonly DigestRef[],
  context: PageContext,
): string {
  const links = context.links ?? SERVER_LINKS;
  const rows = refs.map(
    (ref) =>
      html`<tr><td><a href="${links.digestPage(profile, ref.listingDate)}">${ref.listingDate}</a></td><td class="muted">generated ${formatUtcMinute(ref.generatedAt)}</td></tr>`,
  );
  const body = joinHtml(
    html`<h1>${profile}: every digest</h1><p class="links">${renderFeedLinks(profile, links)}</p>`,
    rows.length === 0
      ? html`<p class="notice">No digest saved for this profile.</p>`
      : html`<table class="list">${rows}</table>`,
  );
  return renderPage({ title: `${profile} digests`, ...context, feeds: feedHeads(profile, links) }, body);
}

/** `2026-01-30 02:15 UTC`. */
function formatUtcMinute(instant: Date): string {
  return `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function feedHeads(
  profile: string,
  links: SiteLinks,
): { title: string; href: string; type: 'rss' | 'atom' }[] {
  const feeds = links.feeds(profile);
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
  /** Rating buttons under each paper; absent: none. */
  rating?: RatingControls;
  /** Papers an earlier digest of the profile showed, with the date first shown: marked seen; absent: none. */
  seen?: ReadonlyMap<string, IsoDate>;
}

/**
 * `/digests/:profile/:date[?page=N]`: one page of the digest's entries (all of a digest up to `DIGEST_PAGE_SIZE`);
 * a paper listed under several keywords is shown in full once, and its later entries link back to it.
 */
export function renderDigestPage(digest: Digest, context: DigestPageContext): string {
  const links = context.links ?? SERVER_LINKS;
  const labels = labelsFor(digest.lang);
  const times = renderTimes(digest, labels);
  const pageSize = context.pageSize ?? DIGEST_PAGE_SIZE;
  const slice = selectDigestPage(digest, context.page ?? 1, pageSize);
  const linkTo = (page: number, anchor: string): string =>
    page === slice.page ? `#${anchor}` : links.digestPage(digest.profile, digest.listingDate, page, anchor);
  const toc = digest.sections.map(
    (section, index) =>
      html`<li><a href="${linkTo(pageOfSection(digest, index, pageSize), `k-${index}`)}">${section.keyword} (${section.entries.length})</a></li>`,
  );
  const sections = slice.sections.map((section) => {
    const papers = section.entries.map(({ entry, shownOnPage }) => {
      const id = entry.paper.arxivId;
      if (shownOnPage !== null) {
        return html`<p class="meta">${id} · <a href="${linkTo(shownOnPage, paperAnchor(id))}">${renderRichHtml(entry.paper.title)}</a> (shown above)</p>`;
      }
      const rating = context.rating;
      const seenOn = context.seen?.get(id);
      return renderPaperBlock(translatedEntry(entry, digest.lang), {
        links,
        ...(rating === undefined
          ? {}
          : { rating: { controls: rating, back: `${context.path}#${paperAnchor(id)}` } }),
        ...(seenOn === undefined ? {} : { seenOn }),
      });
    });
    const empty = section.entryCount === 0 ? html`<p class="muted">${labels.noResult}</p>` : '';
    return joinHtml(
      html`<section><h2 id="k-${section.index}">${labels.keyword}: ${section.keyword} `,
      html`<span class="muted">(${section.entryCount})</span></h2>${empty}${papers}</section>`,
    );
  });
  const pages = renderPageNav(digest, slice, links);
  const notices =
    digest.notices.length === 0
      ? ''
      : html`<h2>${labels.notices}</h2><ul>${digest.notices.map((notice) => html`<li>${notice}</li>`)}</ul>`;
  const problems =
    digest.problems.length === 0
      ? ''
      : html`<h2>${labels.problems}</h2><ul>${digest.problems.map((problem) => html`<li>${formatProblem(problem)}</li>`)}</ul>`;
  const pager = joinHtml(
    html`<nav class="pager">`,
    context.previous === null
      ? html`<span></span>`
      : html`<a rel="prev" href="${links.digestPage(digest.profile, context.previous)}">← ${context.previous}</a>`,
    html`<a href="${links.digestList(digest.profile)}">all dates</a>`,
    context.next === null
      ? html`<span></span>`
      : html`<a rel="next" href="${links.digestPage(digest.profile, context.next)}">${context.next} →</a>`,
    html`</nav>`,
  );
  const body = joinHtml(
    html`<h1>${labels.digestTitle} · ${digest.listingDate} <span class="muted">${digest.profile}</span></h1>`,
    html`<p class="muted">${times.generated}<br>${times.announced}</p>`,
    html`<p><strong>${labels.paperCount(digest.paperCount)}</strong></p>`,
    digest.audit === undefined ? '' : renderAudit(digest.audit),
    html`<ul class="toc">${toc}</ul><p class="links">${renderFeedLinks(digest.profile, links)}`,
    html`<a href="${links.digestJson(digest.profile, digest.listingDate)}">JSON</a></p>`,
    pages,
    sections,
    pages,
    notices,
    problems,
    pager,
  );
  return renderPage(
    { title: `${digest.profile} ${digest.listingDate}`, ...context, feeds: feedHeads(digest.profile, links) },
    body,
  );
}

/** The listing's audit under the count: what arXiv announced, what matched, from where, and whether it is whole. */
function renderAudit(audit: DigestAudit): Html {
  const completeness =
    audit.isComplete === null ? 'completeness not recorded' : audit.isComplete ? 'complete' : 'partial';
  const fetched = `${audit.fetchedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return html`<p class="${audit.isComplete === false ? 'notice' : 'muted'} audit">arXiv ${formatAudit(audit)}<br>from ${audit.source}, fetched ${fetched}, ${completeness}</p>`;
}

/** `← page 1 · entries 201–400 of 18,000 · page 3 →`, when the digest has more than one page; else nothing. */
function renderPageNav(digest: Digest, slice: DigestPageSlice, links: SiteLinks): Html {
  if (slice.pageCount === 1) return html``;
  const link = (page: number, kind: string, text: string): Html =>
    page < 1 || page > slice.pageCount
      ? html`<span></span>`
      : html`<a class="${kind}" href="${links.digestPage(digest.profile, digest.listingDate, page)}">${text}</a>`;
  const count = (n: number): string => n.toLocaleString('en-US');
  return joinHtml(
    html`<nav class="pager pages">`,
    link(slice.page - 1, 'prev', `← page ${slice.page - 1}`),
    html`<span>page ${slice.page} of ${slice.pageCount} · entries ${count(slice.first + 1)}–${count(slice.end)} of ${count(slice.entryCount)}</span>`,
    link(slice.page + 1, 'next', `page ${slice.page + 1} →`),
    html`</nav>`,
  );
}
