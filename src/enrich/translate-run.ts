// One run of the translate stage: what translatePapers shares between its steps (the translations being filled,
// the result, progress) and the steps themselves: answers from the cache, one paper's texts under the budgets
// (papers before each paper, tokens before each request), one text asked, checked and retried once.

import { isPaperwireError } from '../errors.js';
import { translationFailedProblem, type Lang, type Paper } from '../model.js';
import { glossaryInstructions, type Glossary } from './glossary/glossary.js';
import { retryNote } from './prompt.js';
import { TokenBudget } from './budget.js';
import { ProviderChain, cacheModelOf, oneLineReason } from './provider-chain.js';
import { countChecked } from './report.js';
import { idsOf, unitsOf, type PaperUnit, type TextJob } from './translate-jobs.js';
import type { TranslateEvent, TranslatePapersOptions, TranslatePapersResult } from './translate.js';
import type { Translator } from './translator.js';
import {
  checkTranslation,
  describeFailures,
  flagsOf,
  prepareSource,
  verifyTldr,
  type CheckFailure,
  type PreparedSource,
} from './verify.js';

/**
 * The longest text sent for translation: five times arXiv's limit on an abstract (1,920 characters, arXiv's
 * submission form), so a real title or abstract always passes and a feed's garbled entry of a megabyte is never
 * paid for.
 */
const MAX_SOURCE_CHARS = 5 * 1920;

/** An event as a step reports it; the run adds how many texts are settled (`done`) of `total`. */
type WithoutProgress<E> = E extends unknown ? Omit<E, 'done' | 'total'> : never;

interface Answer {
  text: string;
  provider: Translator;
  failures: CheckFailure[];
}

export class TranslationRun {
  private readonly lang: Lang;
  private readonly chain: ProviderChain;
  private readonly budget: TokenBudget;
  /** Jobs the cache could not answer. */
  private readonly pending = new Set<TextJob>();
  /** Papers with a text left English by a budget. */
  private readonly skipped = new Set<string>();
  private budgetHit: string | null = null;
  private papersStarted = 0;
  private done = 0;

  constructor(
    private readonly jobs: readonly TextJob[],
    providers: readonly Translator[],
    private readonly glossary: Glossary,
    private readonly options: TranslatePapersOptions,
    private readonly result: TranslatePapersResult,
  ) {
    this.lang = options.lang;
    this.budget = new TokenBudget(options.maxTokens ?? null, result.usage);
    this.chain = new ProviderChain(providers, options.lang, options.cache, result, this.budget);
  }

  /** Fills every text the cache holds, re-checked so a rerun sends nothing and shows the same marks. */
  serveFromCache(): void {
    const { report } = this.result;
    for (const job of this.jobs) {
      const cached = this.chain.lookup(job);
      if (cached === null) {
        this.pending.add(job);
        continue;
      }
      const failures = this.check(job, cached);
      this.fill(job, cached, failures);
      this.result.cacheHits++;
      report.fromCache++;
      if (failures.length > 0) report.cachedMarked++;
      this.settle({ type: 'cached', kind: job.kind, arxivIds: idsOf(job) });
    }
  }

  /** The papers with a text still to send, each with the texts it is the first to need. */
  unitsToSend(papers: Paper[]): PaperUnit[] {
    return unitsOf(papers, [...this.jobs]).filter((unit) => unit.jobs.some((job) => this.pending.has(job)));
  }

  /** Sends one paper's texts, unless a budget is spent: then they stay English and are reported skipped. */
  async translateUnit(unit: PaperUnit): Promise<void> {
    const reason = this.chain.stopReason === null ? this.budgetReason() : null;
    if (reason !== null) {
      for (const job of unit.jobs.filter((job) => this.pending.has(job))) this.skip(job, unit, reason);
      return;
    }
    this.papersStarted++;
    for (const job of unit.jobs) if (this.pending.has(job)) await this.translateJob(job, unit);
  }

  /** Totals the report and says when a budget left papers untranslated. */
  finish(): void {
    const { report, usage, notices } = this.result;
    report.promptTokens = usage.promptTokens;
    report.completionTokens = usage.completionTokens;
    if (this.budgetHit === null) return;
    const count = this.skipped.size;
    report.skippedByBudget = count;
    notices.push(
      `translation budget reached (${this.budgetHit}): ${count} ${count === 1 ? 'paper' : 'papers'} ` +
        'left untranslated, shown in English',
    );
  }

  private budgetReason(): string | null {
    const { maxPapers, maxTokens } = this.options;
    if (maxPapers != null && this.papersStarted >= maxPapers) return `max-papers ${maxPapers}`;
    if (maxTokens != null && this.budget.spent >= maxTokens) return `max-tokens ${maxTokens}`;
    return null;
  }

  /** A text a budget leaves English: no request, no problem; the notice counts its paper. */
  private skip(job: TextJob, unit: PaperUnit, reason: string): void {
    this.budgetHit ??= reason;
    this.skipped.add(unit.arxivId);
    this.settle({ type: 'skipped', kind: job.kind, arxivIds: idsOf(job), reason });
  }

  /** Asks for one text with the glossary lines it needs; a failed check is asked once more, naming it. */
  private async translateJob(job: TextJob, unit: PaperUnit): Promise<void> {
    if (this.chain.stopReason !== null) {
      this.fail(job, `not sent: ${this.chain.stopReason}`);
      return;
    }
    if (job.text.length > MAX_SOURCE_CHARS) {
      const length = job.text.length;
      this.fail(
        job,
        `not sent: ${length} characters, more than ${MAX_SOURCE_CHARS} (five times arXiv's abstract limit)`,
      );
      return;
    }
    const startedMs = Date.now();
    const before = { ...this.result.usage };
    // The source is read once: for the prompt's glossary lines, then to check the answer and the retry's.
    const source = job.kind === 'tldr' ? null : prepareSource(job.text, this.glossary);
    const glossaryLines = source === null ? '' : glossaryInstructions(source.terms);
    const notes = glossaryLines === '' ? [] : [glossaryLines];
    let first: Answer | 'budget';
    try {
      first = await this.askChecked(job, notes, source);
    } catch (error) {
      if (!isPaperwireError(error)) throw error;
      this.fail(job, oneLineReason(error));
      return;
    }
    if (first === 'budget') {
      this.skip(job, unit, `max-tokens ${this.options.maxTokens ?? 0}`);
      return;
    }
    let kept = first;
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the awaited askChecked can stop the chain
    if (first.failures.length > 0 && this.chain.stopReason === null) {
      try {
        const retryNotes = [...notes, retryNote(describeFailures(first.failures))];
        const second = await this.askChecked(job, retryNotes, source);
        // No room left in the token budget for the retry: the first answer is kept, marked.
        if (second !== 'budget' && second.failures.length <= first.failures.length) kept = second;
      } catch (error) {
        // The retry could not be had: the first answer is kept, marked.
        if (!isPaperwireError(error)) throw error;
      }
    }
    countChecked(this.result.report, first.failures, kept.failures);
    this.options.cache.set(job.sourceHash, this.lang, cacheModelOf(kept.provider, job.kind), kept.text);
    this.fill(job, kept.text, kept.failures);
    const usage = {
      promptTokens: this.result.usage.promptTokens - before.promptTokens,
      completionTokens: this.result.usage.completionTokens - before.completionTokens,
    };
    this.settle({
      type: 'translated',
      kind: job.kind,
      arxivIds: idsOf(job),
      usage: usage.promptTokens + usage.completionTokens > 0 ? usage : null,
      elapsedMs: Date.now() - startedMs,
      failures: kept.failures,
    });
  }

  private async askChecked(
    job: TextJob,
    notes: string[],
    source: PreparedSource | null,
  ): Promise<Answer | 'budget'> {
    const answer = await this.chain.ask(job, notes);
    if (answer === 'budget') return answer;
    return { ...answer, failures: this.check(job, answer.text, source) };
  }

  /** The failures of `text` for `job`, whose source may be prepared already (a TL;DR's never is). */
  private check(job: TextJob, text: string, source: PreparedSource | null = null): CheckFailure[] {
    const { lang, glossary } = this;
    if (job.kind === 'tldr') return verifyTldr({ source: job.text, tldr: text, lang, glossary }).failures;
    return checkTranslation(source ?? prepareSource(job.text, glossary), text, lang, job.kind).failures;
  }

  /** Puts the text (and its remaining failures, as flags) in every paper field waiting for it. */
  private fill(job: TextJob, text: string, failures: readonly CheckFailure[]): void {
    for (const field of job.fields) {
      const entry = this.result.translations.get(field.arxivId);
      if (!entry) continue;
      entry[field.kind] = text;
      entry.flags?.push(...flagsOf(field.kind, failures));
    }
  }

  /** A text no provider translated: its fields stay null, and each paper gets a problem. */
  private fail(job: TextJob, reason: string): void {
    for (const field of job.fields) {
      this.result.problems.push(translationFailedProblem(field.arxivId, field.kind, reason));
    }
    this.settle({ type: 'failed', kind: job.kind, arxivIds: idsOf(job), reason });
  }

  private settle(event: WithoutProgress<TranslateEvent>): void {
    this.done++;
    this.options.onEvent?.({ ...event, done: this.done, total: this.jobs.length });
  }
}
