// Renders Hugging Face papers as a trending list (`paperwire trending`), in their ranked order, each with its
// title, a short abstract, organisation or author count, date, upvotes and arXiv link; or as a JSON array. Pure.

import {
  absUrl,
  normalizeSpace as oneLine,
  type IsoDate,
  type Lang,
  type Relevance,
  type TrendingItem,
} from '../../model.js';
import { formatRelevance } from '../common.js';

export interface TrendingOptions {
  /** With `en` nothing translated is shown. */
  lang: Lang;
  /** The Daily Papers day shown in the header; dates in its year are shown without the year. Null: no day. */
  date: IsoDate | null;
  style: 'text' | 'json';
}

/** One paper of `--style json` output: an array of these, in the order given (most upvoted first). */
export interface TrendingJsonPaper {
  /** 1-based position in the list. */
  rank: number;
  arxivId: string;
  title: string;
  /** Null for `lang: en` or when there is no translation. */
  translatedTitle: string | null;
  /** The whole abstract, on one line. */
  abstract: string;
  /** The first ~300 characters, cut at a word boundary, ending with '…' when cut. */
  shortAbstract: string;
  translatedAbstract: string | null;
  /** The organisation's full name (or handle), null when the paper has none. */
  organization: string | null;
  authorCount: number;
  /** What the text style shows for who wrote it: the organisation, or `N authors`; null when neither is known. */
  byline: string | null;
  /** ISO 8601 instant of arXiv publication, or null. */
  publishedAt: string | null;
  /** The date as shown (`Jun 17, 2025`), or null. */
  date: string | null;
  upvotes: number;
  /** `https://arxiv.org/abs/<id>`. */
  url: string;
  /** Score 0..1 and reasons, only when ranked by relevance (`--sort relevance`) and scored. */
  relevance?: Relevance;
}

/** Characters of abstract shown in the text style. */
const SHORT_ABSTRACT_CHARS = 300;

/**
 * The papers as a trending list in the order given (the pipeline ranks them, most upvoted first, with rank/'s
 * `rankByUpvotes`), numbered from 1, in the `text` or `json` style (see TrendingJsonPaper).
 */
export function renderTrending(ranked: readonly TrendingItem[], options: TrendingOptions): string {
  if (options.style === 'json') {
    return `${JSON.stringify(
      ranked.map((entry, index) => toJson(entry, index + 1, options)),
      null,
      2,
    )}\n`;
  }
  const count = `${ranked.length} ${ranked.length === 1 ? 'paper' : 'papers'}`;
  const header = options.date
    ? `Hugging Face Daily Papers · ${formatShownDate(new Date(`${options.date}T00:00:00Z`), null)} · ${count}`
    : `Hugging Face papers · ${count}`;
  if (ranked.length === 0) return `${header}\n\nNo papers.\n`;
  const blocks = ranked.map((entry, index) => renderEntry(entry, index + 1, options));
  return `${header}\n\n${blocks.join('\n\n')}\n`;
}

function renderEntry(item: TrendingItem, rank: number, options: TrendingOptions): string {
  const { paper, hf } = item;
  const translated = shownTranslation(item, options.lang);
  const lines = [`${rank}. ${oneLine(paper.title)}`];
  if (translated.title) lines.push(translated.title);
  lines.push(shortAbstract(oneLine(paper.abstract)));
  if (translated.abstract) lines.push(shortAbstract(translated.abstract));
  const when = shownDate(paper.publishedAt, options.date);
  const byline = bylineOf(item);
  lines.push([byline, when, `▲ ${hf.upvotes}`].filter((part) => part !== null).join(' · '));
  if (item.relevance !== undefined) lines.push(`Relevance: ${formatRelevance(item.relevance)}`);
  lines.push(absUrl(paper.arxivId));
  return lines
    .map((line, index) => (index === 0 ? line : `   ${line}`))
    .filter((line) => line.trim() !== '')
    .join('\n');
}

function toJson(item: TrendingItem, rank: number, options: TrendingOptions): TrendingJsonPaper {
  const { paper, hf } = item;
  const translated = shownTranslation(item, options.lang);
  const abstract = oneLine(paper.abstract);
  return {
    rank,
    arxivId: paper.arxivId,
    title: oneLine(paper.title),
    translatedTitle: translated.title,
    abstract,
    shortAbstract: shortAbstract(abstract),
    translatedAbstract: translated.abstract,
    organization: hf.organization,
    authorCount: paper.authors.length,
    byline: bylineOf(item),
    publishedAt: paper.publishedAt?.toISOString() ?? null,
    date: shownDate(paper.publishedAt, options.date),
    upvotes: hf.upvotes,
    url: absUrl(paper.arxivId),
    ...(item.relevance === undefined ? {} : { relevance: item.relevance }),
  };
}

function shownTranslation(item: TrendingItem, lang: Lang): { title: string | null; abstract: string | null } {
  if (lang === 'en') return { title: null, abstract: null };
  const title = item.translation.title === null ? '' : oneLine(item.translation.title);
  const abstract = item.translation.abstract === null ? '' : oneLine(item.translation.abstract);
  return { title: title === '' ? null : title, abstract: abstract === '' ? null : abstract };
}

/** The organisation's full name (else its handle), else `N authors` (`1 author`), else null when no author is listed. */
export function bylineOf({ paper, hf }: Pick<TrendingItem, 'paper' | 'hf'>): string | null {
  if (hf.organization) return hf.organization;
  const count = paper.authors.length;
  if (count === 0) return null;
  return `${count} ${count === 1 ? 'author' : 'authors'}`;
}

function shownDate(publishedAt: Date | null, listingDate: IsoDate | null): string | null {
  return publishedAt ? formatShownDate(publishedAt, listingDate) : null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `Jun 17, 2025` (UTC), as Hugging Face's papers page shows dates; like that page, a date in the same year as
 * `listingDate` drops its year (`Mar 17`).
 */
export function formatShownDate(instant: Date, listingDate: IsoDate | null): string {
  const year = instant.getUTCFullYear();
  const day = `${MONTHS[instant.getUTCMonth()] ?? ''} ${instant.getUTCDate()}`;
  return listingDate !== null && listingDate.startsWith(`${year}-`) ? day : `${day}, ${year}`;
}

/**
 * The first `maxChars` characters of `text`, cut back to the last word boundary (when there is one in its second
 * half, so text without spaces is cut where it stands), with '…' when anything was cut.
 */
export function shortAbstract(text: string, maxChars = SHORT_ABSTRACT_CHARS): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  let cut = chars.slice(0, maxChars).join('');
  const space = cut.lastIndexOf(' ');
  const isAtBoundary = /\s/u.test(chars[maxChars] ?? '');
  if (!isAtBoundary && space >= cut.length / 2) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:–—-]+$/u, '')}…`;
}
