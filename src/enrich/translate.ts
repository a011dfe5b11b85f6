// The translate stage: every paper's title and abstract into the digest's language, cache first, a few at a time.
// One text's failure becomes a Problem on its papers and the others go on; the pipeline calls this once per digest.

import { createHash } from 'node:crypto';
import { HttpError, isPaperwireError, redact } from '../errors.js';
import { normalizeSpace, type Lang, type Paper, type PaperTranslation, type Problem } from '../model.js';
import type { TextKind, TokenUsage, TranslationCache, Translator } from './translator.js';

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
      done: number;
      total: number;
    }
  | { type: 'failed'; kind: TextKind; arxivIds: string[]; reason: string; done: number; total: number };

export interface TranslatePapersOptions {
  /** null: no endpoint configured; nothing is translated and the result carries one notice. */
  translator: Translator | null;
  cache: TranslationCache;
  /** `en` translates nothing. */
  lang: Lang;
  /** Most translator requests in flight at once (at least 1). */
  concurrency: number;
  onEvent?: (event: TranslateEvent) => void;
}

export interface TranslatePapersResult {
  /** One entry per paper, by arxivId; a field is null where it was not translated (not asked for, or failed). */
  translations: Map<string, PaperTranslation>;
  /** One `translation-failed` problem per paper and field that failed. */
  problems: Problem[];
  /** For the reader: no endpoint configured, translation stopped. */
  notices: string[];
  /** Summed over the replies that reported usage. */
  usage: TokenUsage;
  /** Translator calls made (each may be several HTTP attempts inside http.ts). */
  requests: number;
  /** Distinct texts served from the cache. */
  cacheHits: number;
}

/** One distinct text to translate and the paper fields waiting for it. */
interface TextJob {
  text: string;
  sourceHash: string;
  kind: TextKind;
  fields: { arxivId: string; kind: TextKind }[];
}

// Answers that will be the same for every further request (bad key, no such model or URL): stop asking.
const FATAL_STATUSES = new Set([401, 403, 404]);

/** The hex sha256 of a text, the key translations are cached under (with language and model). */
export function hashSourceText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Translates the title and abstract of each paper into `lang`: texts are whitespace-normalised, deduplicated,
 * looked up in `cache` (keyed by sha256 of the text, language and `translator.model`), sent at most
 * `concurrency` at a time, and cached after success, so a rerun sends nothing. A text that fails after
 * http.ts's retries leaves its field null and adds a Problem per paper; other texts go on. Errors that are not
 * paperwire's own (bugs) and cache errors propagate.
 */
export async function translatePapers(
  papers: Paper[],
  options: TranslatePapersOptions,
): Promise<TranslatePapersResult> {
  const translations = new Map<string, PaperTranslation>();
  for (const paper of papers) translations.set(paper.arxivId, { title: null, abstract: null });
  const result: TranslatePapersResult = {
    translations,
    problems: [],
    notices: [],
    usage: { promptTokens: 0, completionTokens: 0 },
    requests: 0,
    cacheHits: 0,
  };
  if (options.lang === 'en' || papers.length === 0) return result;
  const { translator } = options;
  if (translator === null) {
    result.notices.push(NO_TRANSLATOR_NOTICE);
    return result;
  }

  const jobs = collectJobs(papers);
  const total = jobs.length;
  let done = 0;
  const fill = (job: TextJob, text: string): void => {
    for (const field of job.fields) {
      const entry = translations.get(field.arxivId);
      if (entry) entry[field.kind] = text;
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
    options.onEvent?.({ type: 'failed', kind: job.kind, arxivIds: idsOf(job), reason, done, total });
  };

  const pending: TextJob[] = [];
  for (const job of jobs) {
    const cached = options.cache.get(job.sourceHash, options.lang, translator.model);
    if (cached === null) {
      pending.push(job);
      continue;
    }
    fill(job, cached);
    result.cacheHits++;
    done++;
    options.onEvent?.({ type: 'cached', kind: job.kind, arxivIds: idsOf(job), done, total });
  }

  let stopReason: string | null = null;
  const work = async (job: TextJob): Promise<void> => {
    if (stopReason !== null) {
      fail(job, `not sent: ${stopReason}`);
      return;
    }
    const startedMs = Date.now();
    result.requests++;
    try {
      const translated = await translator.translate({ text: job.text, kind: job.kind, lang: options.lang });
      options.cache.set(job.sourceHash, options.lang, translator.model, translated.text);
      fill(job, translated.text);
      if (translated.usage) {
        result.usage.promptTokens += translated.usage.promptTokens;
        result.usage.completionTokens += translated.usage.completionTokens;
      }
      done++;
      const elapsedMs = Date.now() - startedMs;
      options.onEvent?.({
        type: 'translated',
        kind: job.kind,
        arxivIds: idsOf(job),
        usage: translated.usage,
        elapsedMs,
        done,
        total,
      });
    } catch (error) {
      if (!isPaperwireError(error)) throw error;
      const reason = oneLineReason(error);
      if (
        stopReason === null &&
        error instanceof HttpError &&
        error.status !== null &&
        FATAL_STATUSES.has(error.status)
      ) {
        stopReason = `the endpoint answered HTTP ${error.status}`;
        result.notices.push(`translation stopped: ${reason}; showing English for what was not translated`);
      }
      fail(job, reason);
    }
  };
  await runPool(pending, Math.max(1, Math.floor(options.concurrency)), work);
  return result;
}

/** Distinct non-empty texts, in paper order (titles and abstracts interleaved), each with the fields it fills. */
function collectJobs(papers: Paper[]): TextJob[] {
  const byHash = new Map<string, TextJob>();
  for (const paper of papers) {
    for (const kind of ['title', 'abstract'] as const) {
      const text = normalizeSpace(paper[kind]);
      if (text === '') continue;
      const sourceHash = hashSourceText(text);
      const job = byHash.get(sourceHash);
      if (job) job.fields.push({ arxivId: paper.arxivId, kind });
      else byHash.set(sourceHash, { text, sourceHash, kind, fields: [{ arxivId: paper.arxivId, kind }] });
    }
  }
  return [...byHash.values()];
}

/**
 * Runs `work` over `items` with at most `size` running at once. When one call throws, no new item starts, the
 * running ones finish, and the first error is thrown.
 */
async function runPool<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}

function idsOf(job: TextJob): string[] {
  return [...new Set(job.fields.map((field) => field.arxivId))];
}

function oneLineReason(error: Error): string {
  return redact(error.message).replace(/\s+/g, ' ').trim();
}
