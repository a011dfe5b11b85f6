// The translate stage: every paper's title and abstract (and, with --tldr, a one-line summary) into the digest's
// language, cache first, a few papers at a time, each answer checked by verify.ts, retried once with the failure
// named, and kept marked when it still fails. Providers are tried in fallback order; budgets stop new papers.

import { isPaperwireError } from '../errors.js';
import type { Lang, Paper, PaperTranslation, Problem, TranslationReport } from '../model.js';
import { glossaryInstructions, loadGlossary, type Glossary } from './glossary/glossary.js';
import { runPool } from './pool.js';
import { retryNote } from './prompt.js';
import { ProviderChain, cacheModelOf, oneLineReason } from './provider-chain.js';
import { countChecked, emptyReport } from './report.js';
import { collectJobs, idsOf, unitsOf, type PaperUnit, type TextJob } from './translate-jobs.js';
import type { TextKind, TokenUsage, TranslationCache, Translator } from './translator.js';
import { describeFailures, verifyTldr, verifyTranslation, type CheckFailure } from './verify.js';

export { cacheModelOf } from './provider-chain.js';
export { hashSourceText } from './translate-jobs.js';

export const NO_TRANSLATOR_NOTICE =
  'no translation endpoint configured: set PAPERWIRE_LLM_BASE_URL (and PAPERWIRE_LLM_API_KEY, PAPERWIRE_LLM_MODEL) ' +
  'to translate; showing English';

/** Progress, one event per distinct text; `done` of `total` distinct texts are settled. */
export type TranslateEvent =
  | { type: 'cached'; kind: TextKind; arxivIds: string[]; done: number; total: number }
  | {
      type: 'translated';
      kind: TextKind;
      arxivIds: string[];
      usage: TokenUsage | null;
      elapsedMs: number;
      /** Checks the kept answer still fails (empty: accepted). */
      failures: CheckFailure[];
      done: number;
      total: number;
    }
  | { type: 'failed'; kind: TextKind; arxivIds: string[]; reason: string; done: number; total: number }
  | { type: 'skipped'; kind: TextKind; arxivIds: string[]; reason: string; done: number; total: number };

export interface TranslatePapersOptions {
  /** The provider, or providers in fallback order; null or empty: nothing is translated, one notice says so. */
  translator: Translator | readonly Translator[] | null;
  cache: TranslationCache;
  /** `en` translates nothing. */
  lang: Lang;
  /** Most papers in flight at once (at least 1). */
  concurrency: number;
  /** What answers are checked against and what the requests are told; default: the shipped one for `lang`. */
  glossary?: Glossary;
  /** Also write a one-line TL;DR per paper. */
  tldr?: boolean;
  /** Budgets for this run; null or absent: none. Checked before each paper, so a started paper is finished. */
  maxTokens?: number | null;
  maxPapers?: number | null;
  onEvent?: (event: TranslateEvent) => void;
}

export interface TranslatePapersResult {
  /** One entry per paper, by arxivId; a field is null where it was not translated (not asked for, or failed). */
  translations: Map<string, PaperTranslation>;
  /** One `translation-failed` problem per paper and field that failed. */
  problems: Problem[];
  /** For the reader: no endpoint configured, a provider stopped, a budget reached. */
  notices: string[];
  /** Summed over the replies that reported usage. */
  usage: TokenUsage;
  /** Translator calls made (each may be several HTTP attempts inside http.ts; retries after a check count). */
  requests: number;
  /** Distinct texts served from the cache. */
  cacheHits: number;
  /** Checks, cache, requests, tokens and budget of this run. */
  report: TranslationReport;
}

interface Answer {
  text: string;
  provider: Translator;
  failures: CheckFailure[];
}

/**
 * Translates the title and abstract of each paper into `lang` (and writes a TL;DR when asked). Texts are
 * whitespace-normalised, deduplicated and looked up in `cache` under each provider's model; a cached text is
 * re-checked (cheap) so its mark survives a rerun without a request. Otherwise the text is sent with the
 * glossary lines it needs, checked with verifyTranslation (verifyTldr for summaries), sent once more with the
 * failure named when a check fails, and the better answer is kept and cached, its remaining failures as flags.
 * A provider that fails after http.ts's retries hands the text to the next; a text no provider translated
 * leaves its field null and adds a Problem per paper. Errors that are not paperwire's own propagate.
 */
export async function translatePapers(
  papers: Paper[],
  options: TranslatePapersOptions,
): Promise<TranslatePapersResult> {
  const translations = new Map<string, PaperTranslation>();
  for (const paper of papers) {
    const entry: PaperTranslation = { title: null, abstract: null, flags: [] };
    if (options.tldr) entry.tldr = null;
    translations.set(paper.arxivId, entry);
  }
  const report = emptyReport();
  const result: TranslatePapersResult = {
    translations,
    problems: [],
    notices: [],
    usage: { promptTokens: 0, completionTokens: 0 },
    requests: 0,
    cacheHits: 0,
    report,
  };
  if (options.lang === 'en' || papers.length === 0) return result;
  const providers = providersOf(options.translator);
  if (providers.length === 0) {
    result.notices.push(NO_TRANSLATOR_NOTICE);
    return result;
  }
  const { lang, cache } = options;
  const glossary = options.glossary ?? loadGlossary(lang);

  const jobs = collectJobs(papers, options.tldr ?? false);
  const total = jobs.length;
  let done = 0;
  const emit = (event: TranslateEvent): void => options.onEvent?.(event);
  const check = (job: TextJob, text: string): CheckFailure[] =>
    job.kind === 'tldr'
      ? verifyTldr({ source: job.text, tldr: text, lang, glossary }).failures
      : verifyTranslation({ source: job.text, translation: text, lang, kind: job.kind, glossary }).failures;
  const fill = (job: TextJob, text: string, failures: readonly CheckFailure[]): void => {
    for (const field of job.fields) {
      const entry = translations.get(field.arxivId);
      if (!entry) continue;
      entry[field.kind] = text;
      for (const failure of failures)
        entry.flags?.push({ field: field.kind, check: failure.check, detail: failure.detail });
    }
  };
  const fail = (job: TextJob, reason: string): void => {
    for (const field of job.fields) {
      result.problems.push({
        where: `paper ${field.arxivId}`,
        what: `${field.kind} translation failed: ${reason}`,
        rule: 'translation-failed',
      });
    }
    done++;
    emit({ type: 'failed', kind: job.kind, arxivIds: idsOf(job), reason, done, total });
  };

  // The cache first: a rerun sends nothing and shows the same marks.
  const chain = new ProviderChain(providers, lang, cache, result);
  const pending = new Set<TextJob>();
  for (const job of jobs) {
    const cached = chain.lookup(job);
    if (cached === null) {
      pending.add(job);
      continue;
    }
    const failures = check(job, cached);
    fill(job, cached, failures);
    result.cacheHits++;
    report.fromCache++;
    if (failures.length > 0) report.cachedMarked++;
    done++;
    emit({ type: 'cached', kind: job.kind, arxivIds: idsOf(job), done, total });
  }

  const translateJob = async (job: TextJob): Promise<void> => {
    if (chain.stopReason !== null) {
      fail(job, `not sent: ${chain.stopReason}`);
      return;
    }
    const startedMs = Date.now();
    const before = { ...result.usage };
    const glossaryLines = job.kind === 'tldr' ? '' : glossaryInstructions(glossary, job.text);
    const notes = glossaryLines === '' ? [] : [glossaryLines];
    let first: Answer;
    try {
      const answer = await chain.ask(job, notes);
      first = { ...answer, failures: check(job, answer.text) };
    } catch (error) {
      if (!isPaperwireError(error)) throw error;
      fail(job, oneLineReason(error));
      return;
    }
    let kept = first;
    if (first.failures.length > 0 && chain.stopReason === null) {
      try {
        const answer = await chain.ask(job, [...notes, retryNote(describeFailures(first.failures))]);
        const second = { ...answer, failures: check(job, answer.text) };
        if (second.failures.length <= first.failures.length) kept = second;
      } catch (error) {
        // The retry could not be had: the first answer is kept, marked.
        if (!isPaperwireError(error)) throw error;
      }
    }
    countChecked(report, first.failures, kept.failures);
    cache.set(job.sourceHash, lang, cacheModelOf(kept.provider, job.kind), kept.text);
    fill(job, kept.text, kept.failures);
    done++;
    const usage = {
      promptTokens: result.usage.promptTokens - before.promptTokens,
      completionTokens: result.usage.completionTokens - before.completionTokens,
    };
    emit({
      type: 'translated',
      kind: job.kind,
      arxivIds: idsOf(job),
      usage: usage.promptTokens + usage.completionTokens > 0 ? usage : null,
      elapsedMs: Date.now() - startedMs,
      failures: kept.failures,
      done,
      total,
    });
  };

  const units = unitsOf(papers, jobs).filter((unit) => unit.jobs.some((job) => pending.has(job)));
  let started = 0;
  const skipped: PaperUnit[] = [];
  const budgetReason = (): string | null => {
    if (options.maxPapers != null && started >= options.maxPapers) return `max-papers ${options.maxPapers}`;
    const spent = result.usage.promptTokens + result.usage.completionTokens;
    if (options.maxTokens != null && spent >= options.maxTokens) return `max-tokens ${options.maxTokens}`;
    return null;
  };
  let budgetHit: string | null = null;
  const work = async (unit: PaperUnit): Promise<void> => {
    const reason = chain.stopReason === null ? budgetReason() : null;
    if (reason !== null) {
      budgetHit ??= reason;
      skipped.push(unit);
      for (const job of unit.jobs.filter((job) => pending.has(job))) {
        done++;
        emit({ type: 'skipped', kind: job.kind, arxivIds: idsOf(job), reason, done, total });
      }
      return;
    }
    started++;
    for (const job of unit.jobs) if (pending.has(job)) await translateJob(job);
  };
  await runPool(units, Math.max(1, Math.floor(options.concurrency)), work);
  result.report.promptTokens = result.usage.promptTokens;
  result.report.completionTokens = result.usage.completionTokens;
  if (budgetHit !== null) {
    report.skippedByBudget = skipped.length;
    const count = skipped.length;
    result.notices.push(
      `translation budget reached (${budgetHit as string}): ${count} ${count === 1 ? 'paper' : 'papers'} ` +
        'left untranslated, shown in English',
    );
  }
  return result;
}

function providersOf(translator: TranslatePapersOptions['translator']): readonly Translator[] {
  if (translator === null) return [];
  return Array.isArray(translator) ? translator : [translator as Translator];
}
