// Pieces every renderer shares: the header's times (US Eastern and UTC+8), line-safe text, the
// translated text with its English fallback, and a digest's distinct papers in order. Pure.
import type { Digest, DigestEntry, HfInfo, Lang, Paper, Relevance } from '../model.js';
import { hasCleanText, normalizeSpace, stripControls } from '../model.js';
import { formatEastern, formatUtc8 } from '../time-zones.js';
import type { Labels } from './labels.js';

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

/** A paper's title or abstract as `oneLine` gives it: as it is when its source cleaned it (`hasCleanText`). */
export function paperLine(paper: Paper, field: 'title' | 'abstract'): string {
  return hasCleanText(paper, field) ? paper[field] : oneLine(paper[field]);
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

/**
 * A paper's relevance on one line: `0.82 · close to 'GPO: …' in your library; words: locomotion, sim-to-real`.
 * The score has two decimals; reasons follow, strongest first, separated by semicolons.
 */
export function formatRelevance(relevance: Relevance): string {
  const reasons = relevance.reasons.map(oneLine).join('; ');
  return reasons === '' ? relevance.score.toFixed(2) : `${relevance.score.toFixed(2)} · ${reasons}`;
}

/** `950`, `1.2k`, `12k`, `3.4M`: a count as GitHub shows stars. */
export function formatCount(count: number): string {
  const scaled = (value: number, unit: string): string =>
    `${value < 10 ? (Math.floor(value * 10) / 10).toFixed(1).replace(/\.0$/, '') : Math.floor(value)}${unit}`;
  if (count >= 1_000_000) return scaled(count / 1_000_000, 'M');
  if (count >= 1000) return scaled(count / 1000, 'k');
  return String(count);
}
