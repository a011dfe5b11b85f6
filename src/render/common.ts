// Pieces every renderer shares: the header's times (US Eastern and UTC+8), line-safe text, the
// translated text with its English fallback, and a digest's distinct papers in order. Pure.
import type { Digest, DigestEntry, HfInfo, Lang } from '../model.js';
import { normalizeSpace, stripControls } from '../model.js';
import type { Labels } from './labels.js';

// arXiv announces at 20:00 US Eastern (EST or EDT); the digest's readers read it in UTC+8.
const EASTERN = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

const UTC8_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `2026-01-29 16:43:27` (or without seconds) for an instant seen in UTC+8. */
export function formatUtc8(instant: Date, options: { seconds: boolean }): string {
  const shifted = new Date(instant.getTime() + UTC8_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, options.seconds ? 19 : 16)}`;
}

/** `2026-01-29 20:00 EST` for an instant seen in US Eastern time, with the zone arXiv was in. */
export function formatEastern(instant: Date): string {
  const parts = new Map(EASTERN.formatToParts(instant).map((part) => [part.type, part.value]));
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.get(type) ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${get('timeZoneName')}`;
}

/** When generated and when announced: `生成时间: … (UTC+8); Arxiv 发布时间: … EST (… UTC+8)`. */
export function renderTimes(digest: Digest, labels: Labels): { generated: string; announced: string } {
  return {
    generated: `${labels.generatedAt}: ${formatUtc8(digest.generatedAt, { seconds: true })} (UTC+8)`,
    announced: `${labels.announcedAt}: ${formatEastern(digest.announcedAt)} (${formatUtc8(digest.announcedAt, { seconds: false })} UTC+8)`,
  };
}

/**
 * Feed text on one line: line breaks and runs of spaces become one space, and terminal control characters go.
 * Sources clean text on the way in; this also covers translations and what an older version stored.
 */
export function oneLine(text: string): string {
  return normalizeSpace(stripControls(text));
}

/**
 * The translated title and abstract to show, or null for English. A missing translation shows the
 * English text, so that every paper block keeps the same lines.
 */
export function shownTranslation(entry: DigestEntry, lang: Lang): { title: string; abstract: string } | null {
  if (lang === 'en') return null;
  return {
    title: entry.translation.title ?? entry.paper.title,
    abstract: entry.translation.abstract ?? entry.paper.abstract,
  };
}

/** Every distinct paper of a digest, in the order it first appears. */
export function distinctEntries(digest: Digest): DigestEntry[] {
  const seen = new Map<string, DigestEntry>();
  for (const section of digest.sections) {
    for (const entry of section.entries)
      if (!seen.has(entry.paper.arxivId)) seen.set(entry.paper.arxivId, entry);
  }
  return [...seen.values()];
}

/**
 * What Hugging Face says about a paper on one line: `▲ 46 · Qwen · github.com/x/y ★ 1.2k`. The organisation,
 * repository and stars are left out when unknown.
 */
export function formatHfFacts(hf: HfInfo): string {
  const repo =
    hf.githubRepo === null ? null : hf.githubRepo.replace(/^https?:\/\/(www\.)?/, '').replace(/\/+$/, '');
  const stars = hf.githubStars === null ? null : `★ ${formatCount(hf.githubStars)}`;
  const code = [repo, stars].filter((part) => part !== null).join(' ');
  return [`▲ ${hf.upvotes}`, hf.organization === null ? null : oneLine(hf.organization), code || null]
    .filter((part) => part !== null)
    .join(' · ');
}

/** `950`, `1.2k`, `12k`, `3.4M`: a count as GitHub shows stars. */
export function formatCount(count: number): string {
  const scaled = (value: number, unit: string): string =>
    `${value < 10 ? (Math.floor(value * 10) / 10).toFixed(1).replace(/\.0$/, '') : Math.floor(value)}${unit}`;
  if (count >= 1_000_000) return scaled(count / 1_000_000, 'M');
  if (count >= 1000) return scaled(count / 1000, 'k');
  return String(count);
}
