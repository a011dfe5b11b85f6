// What enrichment adds to a paper, as HTML for the web pages: the ⚠ mark on a translated field that failed a check
// twice with its reasons in plain sight (a phone has no hover), the TL;DR, the Hugging Face facts line and the
// upvote sparkline. Every text is escaped; the markup is constants. Pure.
import type { HfInfo, PaperTranslation, TranslatedField, TranslationFlag, UpvotePoint } from '../../model.js';
import { formatHfFacts } from '../common.js';
import { html, joinHtml, type Html } from './markup.js';
import { FLAG_MARK } from '../marks.js';

/** The field names a reason names, in English like the digests' field labels. */
const FIELD_NAMES: Readonly<Record<TranslatedField, string>> = {
  title: 'Title',
  abstract: 'Abstract',
  tldr: 'TL;DR',
};

/** The flags of one translated field. */
function fieldFlags(translation: PaperTranslation, field: TranslatedField): TranslationFlag[] {
  return (translation.flags ?? []).filter((flag) => flag.field === field);
}

function reasonOf(flag: TranslationFlag): string {
  return `${FIELD_NAMES[flag.field]} · ${flag.check}: ${flag.detail}`;
}

/**
 * ` ⚠` after a flagged field, with the reasons as its tooltip and accessible name; '' when the field passed. The
 * reasons are also shown as text by renderFlagReasons, which is what a phone reader sees.
 */
export function renderFlagMark(translation: PaperTranslation, field: TranslatedField): Html {
  const flags = fieldFlags(translation, field);
  if (flags.length === 0) return html``;
  const reasons = `Translation check failed: ${flags.map(reasonOf).join(' ')}`;
  return html` <span class="flag" role="img" title="${reasons}" aria-label="${reasons}">${FLAG_MARK}</span>`;
}

/** The reasons a field's translation is marked, one visible line each, hidden with the translation; '' when none. */
export function renderFlagReasons(translation: PaperTranslation, field: TranslatedField): Html {
  const flags = fieldFlags(translation, field);
  if (flags.length === 0) return html``;
  const items = flags.map(
    (flag) => html`<li><span aria-hidden="true">${FLAG_MARK}</span> ${reasonOf(flag)}</li>`,
  );
  return html`<ul class="tr flags" lang="en" aria-label="Translation checks that failed">${items}</ul>`;
}

/** The one-line summary in the translation's language, marked when flagged; '' when there is none. */
export function renderTldr(translation: PaperTranslation, lang: string): Html {
  if (typeof translation.tldr !== 'string') return html``;
  return joinHtml(
    html`<p class="tr tldr" lang="${lang}"><strong lang="en">TL;DR</strong> `,
    html`${translation.tldr}${renderFlagMark(translation, 'tldr')}</p>`,
    renderFlagReasons(translation, 'tldr'),
  );
}

const WEB_URL = /^https?:\/\/[^\s"'<>]+$/i;

/**
 * `▲ 46 · Qwen · github.com/x/y ★ 1.2k` as HTML (formatHfFacts' text), the repository linked when it is an http(s)
 * URL. The upvotes are wrapped in `<span class="up">`.
 */
export function renderHfFacts(hf: HfInfo): Html {
  const text = formatHfFacts(hf);
  const upvotes = `▲ ${hf.upvotes}`;
  const rest = text.slice(upvotes.length);
  const head = html`<span class="up">${upvotes}</span>`;
  if (hf.githubRepo === null || !WEB_URL.test(hf.githubRepo)) return html`${head}${rest}`;
  // The code part is the last ` · `-separated part; its repository is what comes before ` ★ `.
  const cut = rest.lastIndexOf(' · ') + 3;
  const code = rest.slice(cut);
  const starsAt = code.indexOf(' ★ ');
  const repo = starsAt === -1 ? code : code.slice(0, starsAt);
  const stars = starsAt === -1 ? '' : code.slice(starsAt);
  return html`${head}${rest.slice(0, cut)}<a href="${hf.githubRepo}">${repo}</a>${stars}`;
}

const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 24;

/**
 * Upvotes over time as a tiny inline SVG line (presentation attributes only: the CSP allows no inline style) and
 * the first and last observation as text; '' with fewer than two observations.
 */
export function renderUpvoteSparkline(series: readonly UpvotePoint[]): Html {
  const first = series[0];
  const last = series[series.length - 1];
  if (series.length < 2 || first === undefined || last === undefined) return html``;
  const start = first.seenAt.getTime();
  const span = Math.max(1, last.seenAt.getTime() - start);
  const top = Math.max(1, ...series.map((point) => point.upvotes));
  const points = series
    .map((point) => {
      const x = ((point.seenAt.getTime() - start) / span) * (SPARK_WIDTH - 2) + 1;
      const y = SPARK_HEIGHT - 1 - (point.upvotes / top) * (SPARK_HEIGHT - 2);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
  const day = (instant: Date): string => instant.toISOString().slice(0, 10);
  const label = series.map((point) => `${point.upvotes} on ${day(point.seenAt)}`).join(', ');
  return joinHtml(
    html`<span class="spark"><svg viewBox="0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}" width="${SPARK_WIDTH}" height="${SPARK_HEIGHT}" `,
    html`role="img" aria-label="${`Upvotes: ${label}`}"><polyline fill="none" stroke="currentColor" `,
    html`stroke-width="1.5" stroke-linejoin="round" points="${points}"/></svg>`,
    html`<span class="muted">▲ ${first.upvotes} (${day(first.seenAt)}) → ▲ ${last.upvotes} (${day(last.seenAt)}), `,
    html`${series.length} observations</span></span>`,
  );
}
