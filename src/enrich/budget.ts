// The translate stage's token budget (`--max-tokens`) as a hard cap: each request's tokens are estimated before
// it is sent, reserved while it is in flight, and settled with what the provider reported.

import type { Lang } from '../model.js';
import { buildInstructions } from './prompt.js';
import type { TextKind, TokenUsage } from './translator.js';

/** What one request may cost: its prompt, and the most completion tokens it is allowed (sent as `max_tokens`). */
export interface TokenReservation {
  promptTokens: number;
  maxOutputTokens: number;
}

// Tokenisers spend about 4 bytes of English a token and 1 token for a CJK character (3 bytes in UTF-8):
// a byte count over 3 is above both, so an estimate errs towards stopping early, never towards overspending.
const BYTES_PER_TOKEN = 3;
// Role markers and separators a chat template adds around each of the two messages.
const MESSAGE_OVERHEAD_TOKENS = 8;
// A short title's translation may run longer than twice its few tokens (a name kept, a particle added).
const SHORT_TEXT_SLACK_TOKENS = 64;
// A one-line summary, in any language, is well under this.
const TLDR_OUTPUT_TOKENS = 150;

/** A request's prompt tokens, estimated high: the fixed instructions, the notes and the text. */
export function estimatePromptTokens(
  text: string,
  kind: TextKind,
  lang: Lang,
  notes: readonly string[],
): number {
  const prompt = [buildInstructions(lang, kind), ...notes, text].join('\n');
  return Math.ceil(Buffer.byteLength(prompt, 'utf8') / BYTES_PER_TOKEN) + 2 * MESSAGE_OVERHEAD_TOKENS;
}

/**
 * The completion tokens a translation of `text` is allowed: twice what it is expected to need (a translation is
 * about as long as its source; in CJK about a token a character, fewer characters than the English), so a
 * sound answer is never cut off, while a runaway one is.
 */
export function allowedOutputTokens(text: string, kind: TextKind): number {
  if (kind === 'tldr') return TLDR_OUTPUT_TOKENS;
  return 2 * Math.ceil(Buffer.byteLength(text, 'utf8') / BYTES_PER_TOKEN) + SHORT_TEXT_SLACK_TOKENS;
}

/**
 * The run's token budget. `spent` is read from the run's usage tally (what providers reported) plus the estimate
 * of every reply that reported none; a request is sent only when its reservation fits in what is left beside
 * the requests in flight, so the reported total cannot pass the budget.
 */
export class TokenBudget {
  private reserved = 0;
  private unreported = 0;

  constructor(
    readonly maxTokens: number | null,
    private readonly usage: TokenUsage,
  ) {}

  get spent(): number {
    return this.usage.promptTokens + this.usage.completionTokens + this.unreported;
  }

  /** Reserves one request; null when it could pass the budget, and then it must not be sent. */
  reserve(text: string, kind: TextKind, lang: Lang, notes: readonly string[]): TokenReservation | null {
    const promptTokens = estimatePromptTokens(text, kind, lang, notes);
    const maxOutputTokens = allowedOutputTokens(text, kind);
    if (this.maxTokens === null) return { promptTokens, maxOutputTokens };
    if (this.spent + this.reserved + promptTokens + maxOutputTokens > this.maxTokens) return null;
    this.reserved += promptTokens + maxOutputTokens;
    return { promptTokens, maxOutputTokens };
  }

  /**
   * Releases a reservation once its request is over. `billed` says an answer came back (usable or not): when its
   * usage was not reported, the reservation itself is counted as spent.
   */
  settle(reservation: TokenReservation, billed: boolean, reported: TokenUsage | null): void {
    if (this.maxTokens === null) return;
    this.reserved -= reservation.promptTokens + reservation.maxOutputTokens;
    if (billed && reported === null)
      this.unreported += reservation.promptTokens + reservation.maxOutputTokens;
  }
}
