// The translate stage's providers in fallback order for one run: cache lookups under each provider's model, each
// text asked of the first usable provider, and a provider answering a fatal status stopped for the rest of the run.

import { HttpError, TranslateError, isPaperwireError, redact } from '../errors.js';
import type { Lang } from '../model.js';
import type { TextJob } from './translate-jobs.js';
import type { TextKind, TokenUsage, TranslationCache, Translator } from './translator.js';

// Answers that will be the same for every further request (bad key, no such model or URL): stop asking.
const FATAL_STATUSES = new Set([401, 403, 404]);

/** What asking adds to a run's result: calls made, tokens used, notices for the reader. */
export interface AskTally {
  requests: number;
  usage: TokenUsage;
  notices: string[];
  report: { requests: number };
}

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

export class ProviderChain {
  private readonly disabled = new Set<Translator>();
  private stopped: string | null = null;

  constructor(
    private readonly providers: readonly Translator[],
    private readonly lang: Lang,
    private readonly cache: TranslationCache,
    private readonly tally: AskTally,
  ) {}

  /** Why nothing more is sent once every provider is stopped; null while one is usable. */
  get stopReason(): string | null {
    return this.stopped;
  }

  /** The cached answer for a job under the first provider's model that has one, or null. */
  lookup(job: TextJob): string | null {
    for (const provider of this.providers) {
      const cached = this.cache.get(job.sourceHash, this.lang, cacheModelOf(provider, job.kind));
      if (cached !== null) return cached;
    }
    return null;
  }

  /** Asks each usable provider in turn; returns the first answer or throws the last provider's error. */
  async ask(job: TextJob, notes: string[]): Promise<{ text: string; provider: Translator }> {
    let lastError: Error | null = null;
    for (const provider of this.providers) {
      if (this.disabled.has(provider) || (provider.kinds && !provider.kinds.includes(job.kind))) continue;
      this.tally.requests++;
      this.tally.report.requests++;
      try {
        const answer = await provider.translate({ text: job.text, kind: job.kind, lang: this.lang, notes });
        if (answer.usage) {
          this.tally.usage.promptTokens += answer.usage.promptTokens;
          this.tally.usage.completionTokens += answer.usage.completionTokens;
        }
        return { text: answer.text, provider };
      } catch (error) {
        if (!isPaperwireError(error)) throw error;
        lastError = error;
        if (error instanceof HttpError && error.status !== null && FATAL_STATUSES.has(error.status)) {
          this.disable(provider, error);
        }
      }
    }
    throw lastError ?? new TranslateError(`no configured provider can write a ${job.kind}`);
  }

  private disable(provider: Translator, error: HttpError): void {
    if (this.disabled.has(provider)) return;
    this.disabled.add(provider);
    const reason = oneLineReason(error);
    const next = this.providers.find((other) => !this.disabled.has(other));
    if (next) this.tally.notices.push(`${provider.model} stopped: ${reason}; using ${next.model} instead`);
    else {
      this.stopped = `the endpoint answered HTTP ${error.status ?? ''}`.trim();
      this.tally.notices.push(`translation stopped: ${reason}; showing English for what was not translated`);
    }
  }
}
