// The translate stage's providers in fallback order for one run: cache lookups under each provider's model, each
// text asked of the first usable provider within the token budget, answers out of all proportion to their source
// or holding a configured secret refused, and a provider stopped for the rest of the run on a fatal answer or a
// run of failures of one kind.

import {
  HttpError,
  QuotaSpentError,
  TimeoutError,
  TranslateError,
  addsSecret,
  isPaperwireError,
  redact,
} from '../errors.js';
import { stripControls, type Lang, type Problem } from '../model.js';
import type { TokenBudget } from './budget.js';
import type { TextJob } from './translate-jobs.js';
import type { TextKind, TokenUsage, TranslationCache, Translator } from './translator.js';

// Answers that will be the same for every further request (bad key, no such model or URL): stop asking.
const FATAL_STATUSES = new Set([401, 403, 404]);
// Failures of one kind in a row (each already retried by http.ts) after which a provider is not asked again.
const MAX_FAILURES_IN_A_ROW = 3;
// An answer longer than this many times its source, plus the slack, is not a translation (a model looping).
const MAX_ANSWER_RATIO = 8;
const ANSWER_SLACK_CHARS = 200;

/** What asking adds to a run's result: calls made, tokens used, notices for the reader. */
export interface AskTally {
  requests: number;
  usage: TokenUsage;
  notices: string[];
  /** Gets one `translation-stopped` problem when every provider is stopped. */
  problems: Problem[];
  report: { requests: number };
}

/** What asking gave: the answer and its provider, or `budget` when the request could pass the token budget. */
export type Asked = { text: string; provider: Translator } | 'budget';

/**
 * The model key a provider's answers of `kind` are cached under: the provider's model for translations, with
 * `#tldr` for summaries (a summary's source differs from any title or abstract, but the suffix keeps them apart
 * whatever the text).
 */
export function cacheModelOf(translator: Translator, kind: TextKind): string {
  return kind === 'tldr' ? `${translator.model}#tldr` : translator.model;
}

/** An error's message on one line, secrets redacted: what problems and notices quote. */
export function oneLineReason(error: Error): string {
  return redact(error.message).replace(/\s+/g, ' ').trim();
}

/** The most characters an answer to `source` may have; a longer one is refused, never cached. */
function maxAnswerLength(source: string): number {
  return MAX_ANSWER_RATIO * source.length + ANSWER_SLACK_CHARS;
}

export class ProviderChain {
  private readonly disabled = new Set<Translator>();
  /** Per provider, the kind of its last failures and how many in a row (a success clears it). */
  private readonly failures = new Map<Translator, { kind: string; count: number }>();
  private stopped: string | null = null;

  constructor(
    private readonly providers: readonly Translator[],
    private readonly lang: Lang,
    private readonly cache: TranslationCache,
    private readonly tally: AskTally,
    private readonly budget: TokenBudget,
  ) {}

  /** Why nothing more is sent once every provider is stopped; null while one is usable. */
  get stopReason(): string | null {
    return this.stopped;
  }

  /**
   * The cached answer for a job under the first provider's model that has one, without control characters, or null.
   * An answer out of all proportion to its source (cached before answers were bounded) is passed over, so the text
   * is asked again.
   */
  lookup(job: TextJob): string | null {
    for (const provider of this.providers) {
      const cached = this.cache.get(job.sourceHash, this.lang, cacheModelOf(provider, job.kind));
      // Stored by an older version, it may hold control characters that version let through, or a secret.
      if (cached !== null && cached.length <= maxAnswerLength(job.text) && !addsSecret(cached, job.text)) {
        return stripControls(cached);
      }
    }
    return null;
  }

  /**
   * Asks each usable provider in turn; returns the first answer without control characters (stripControls),
   * `budget` when not even the first request fits in the token budget (nothing is sent), or throws the last
   * provider's error.
   */
  async ask(job: TextJob, notes: string[]): Promise<Asked> {
    let lastError: Error | null = null;
    for (const provider of this.providers) {
      if (this.disabled.has(provider) || (provider.kinds && !provider.kinds.includes(job.kind))) continue;
      const reservation = this.budget.reserve(job.text, job.kind, this.lang, notes);
      if (reservation === null) {
        if (lastError === null) return 'budget';
        break;
      }
      this.tally.requests++;
      this.tally.report.requests++;
      // What the budget is told: an answer that came back, usable or not, was paid for; a failed request was not.
      let outcome: { billed: boolean; usage: TokenUsage | null } = { billed: false, usage: null };
      try {
        const answer = await provider.translate({
          text: job.text,
          kind: job.kind,
          lang: this.lang,
          notes,
          ...(this.budget.maxTokens === null ? {} : { maxOutputTokens: reservation.maxOutputTokens }),
        });
        outcome = { billed: true, usage: answer.usage };
        this.count(answer.usage);
        checkAnswerLength(answer.text, job, provider);
        checkAnswerSecrets(answer.text, job, provider);
        this.failures.delete(provider);
        // A model's text is text from outside: no escape sequence or bidi override reaches a terminal or a page.
        return { text: stripControls(answer.text), provider };
      } catch (error) {
        if (!isPaperwireError(error)) throw error;
        if (!(error instanceof HttpError || error instanceof TimeoutError)) outcome.billed = true;
        lastError = error;
        this.noteFailure(provider, error);
      } finally {
        this.budget.settle(reservation, outcome.billed, outcome.usage);
      }
    }
    throw lastError ?? new TranslateError(`no configured provider can write a ${job.kind}`);
  }

  private count(usage: TokenUsage | null): void {
    if (!usage) return;
    this.tally.usage.promptTokens += usage.promptTokens;
    this.tally.usage.completionTokens += usage.completionTokens;
  }

  /**
   * Stops a provider at once on a fatal answer (bad key, no such URL, quota spent), or after
   * MAX_FAILURES_IN_A_ROW service failures of one kind (the same status, unreachable, timed out); an unusable
   * reply to one text says nothing about the next, so it does not count.
   */
  private noteFailure(provider: Translator, error: Error): void {
    const kind = serviceFailureKind(error);
    if (kind === null) return;
    if (error instanceof HttpError && error.status !== null && isFatal(error)) {
      this.disable(provider, error, null);
      return;
    }
    const last = this.failures.get(provider);
    const count = last?.kind === kind ? last.count + 1 : 1;
    this.failures.set(provider, { kind, count });
    if (count >= MAX_FAILURES_IN_A_ROW) this.disable(provider, error, count);
  }

  private disable(provider: Translator, error: Error, inARow: number | null): void {
    if (this.disabled.has(provider)) return;
    this.disabled.add(provider);
    const reason = oneLineReason(error) + (inARow === null ? '' : ` (${inARow} texts in a row)`);
    const next = this.providers.find((other) => !this.disabled.has(other));
    if (next) {
      this.tally.notices.push(`${provider.model} stopped: ${reason}; using ${next.model} instead`);
      return;
    }
    const kind = serviceFailureKind(error) ?? 'failing';
    this.stopped = kind.startsWith('HTTP') ? `the endpoint answered ${kind}` : `the endpoint is ${kind}`;
    this.tally.notices.push(`translation stopped: ${reason}; showing English for what was not translated`);
    this.tally.problems.push({
      where: provider.model,
      what: `translation stopped for this run (${this.stopped}): what it did not translate shows English and is asked again next run`,
      rule: 'translation-stopped',
    });
  }
}

/** Refuses an answer out of all proportion to its source (a model repeating itself): it is never kept or cached. */
function checkAnswerLength(text: string, job: TextJob, provider: Translator): void {
  const limit = maxAnswerLength(job.text);
  if (text.length <= limit) return;
  throw new TranslateError(
    `the answer from ${provider.model} has ${text.length} characters for a ${job.text.length}-character ` +
      `${job.kind} (more than ${MAX_ANSWER_RATIO}× + ${ANSWER_SLACK_CHARS}); not kept`,
  );
}

/**
 * Refuses an answer that holds a configured secret (an API key, a token, a password) its source does not: a model
 * or gateway that echoes the request's key, or was talked into it, never puts it in a digest, page or feed.
 */
function checkAnswerSecrets(text: string, job: TextJob, provider: Translator): void {
  if (!addsSecret(text, job.text)) return;
  throw new TranslateError(
    `the answer from ${provider.model} holds a configured secret (an API key, token or password) that the ` +
      `${job.kind} does not; not kept`,
  );
}

/** The kind of a failure of the service itself (`HTTP 429`, `unreachable`, `timing out`); null for a bad reply. */
function serviceFailureKind(error: Error): string | null {
  if (error instanceof TimeoutError) return 'timing out';
  if (!(error instanceof HttpError)) return null;
  return error.status === null ? 'unreachable' : `HTTP ${error.status}`;
}

/** A spent quota (http.ts tells it from a rate limit, and does not retry it) will not lift during this run either. */
function isFatal(error: HttpError): boolean {
  return error instanceof QuotaSpentError || (error.status !== null && FATAL_STATUSES.has(error.status));
}
