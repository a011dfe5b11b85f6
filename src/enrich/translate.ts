// The translate stage: every paper's title and abstract (and, with --tldr, a one-line summary) into the digest's
// language, cache first, a few papers at a time, each answer checked by verify.ts, retried once with the failure
// named, and kept marked when it still fails. Providers are tried in fallback order; budgets leave the rest English.

import type { Lang, Paper, PaperTranslation, Problem, TranslationReport } from '../model.js';
import { loadGlossary, type Glossary } from './glossary/glossary.js';
import { runPool } from './pool.js';
import { emptyReport } from './report.js';
import { collectJobs } from './translate-jobs.js';
import { TranslationRun } from './translate-run.js';
import type { TextKind, TokenUsage, TranslationCache, Translator } from './translator.js';
import type { CheckFailure } from './verify.js';

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
  /**
   * Budgets for this run; null or absent: none. `maxPapers` is checked before each paper (a started paper is
   * finished); `maxTokens` is a hard cap checked before each request (budget.ts), which is sent with `max_tokens`.
   */
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

/**
 * Translates the title and abstract of each paper into `lang` (and writes a TL;DR when asked). Texts are
 * whitespace-normalised, deduplicated and looked up in `cache` under each provider's model; a cached text is
 * re-checked (cheap) so its mark survives a rerun without a request. Otherwise the text is read once
 * (prepareSource), sent with the glossary lines for the terms it holds, checked against that reading
 * (checkTranslation; verifyTldr for summaries), sent once more with the failure named when a check fails, and the better answer is kept and cached, its remaining failures as flags.
 * A provider that fails after http.ts's retries hands the text to the next; a text no provider translated
 * leaves its field null and adds a Problem per paper. Errors that are not paperwire's own propagate.
 * The steps are TranslationRun's (translate-run.ts).
 */
export async function translatePapers(
  papers: Paper[],
  options: TranslatePapersOptions,
): Promise<TranslatePapersResult> {
  const withTldr = options.tldr ?? false;
  const result = emptyResult(papers, withTldr);
  if (options.lang === 'en' || papers.length === 0) return result;
  const providers = providersOf(options.translator);
  if (providers.length === 0) {
    result.notices.push(NO_TRANSLATOR_NOTICE);
    return result;
  }
  const glossary = options.glossary ?? loadGlossary(options.lang);
  const run = new TranslationRun(collectJobs(papers, withTldr), providers, glossary, options, result);
  run.serveFromCache();
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  await runPool(run.unitsToSend(papers), concurrency, (unit) => run.translateUnit(unit));
  run.finish();
  return result;
}

/** Every paper with no field translated yet, and nothing counted. */
function emptyResult(papers: Paper[], withTldr: boolean): TranslatePapersResult {
  const translations = new Map<string, PaperTranslation>();
  for (const paper of papers) {
    const entry: PaperTranslation = { title: null, abstract: null, flags: [] };
    if (withTldr) entry.tldr = null;
    translations.set(paper.arxivId, entry);
  }
  return {
    translations,
    problems: [],
    notices: [],
    usage: { promptTokens: 0, completionTokens: 0 },
    requests: 0,
    cacheHits: 0,
    report: emptyReport(),
  };
}

function providersOf(translator: TranslatePapersOptions['translator']): readonly Translator[] {
  if (translator === null) return [];
  return Array.isArray(translator) ? (translator as readonly Translator[]) : [translator as Translator];
}
