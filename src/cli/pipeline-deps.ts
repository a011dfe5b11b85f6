// The concrete sources and translators a command that fetches or translates builds on its Runtime, and what
// `digest` and `run` hand the pipeline. Apart from runtime.ts so that `search` and `serve` load no XML parser.

import { setTimeout as sleepTimer } from 'node:timers/promises';
import type { Config } from '../config.js';
import { DeeplTranslator } from '../enrich/deepl/index.js';
import { OpenAiEmbedder } from '../enrich/embeddings/index.js';
import { OpenAiCompatibleTranslator } from '../enrich/openai-compatible/index.js';
import type { Translator } from '../enrich/translator.js';
import { ConfigError } from '../errors.js';
import type { IsoDate, RatingKind } from '../model.js';
import type { PipelineDeps } from '../pipeline/digest.js';
import { loadRatingKey, signRating } from '../rating-links.js';
import { digestPath, ratePath, siteUrlOf } from '../render/html/urls.js';
import { ArxivApiSource } from '../sources/arxiv-api/index.js';
import { ArxivRssSource } from '../sources/arxiv-rss/index.js';
import { HfDailySource } from '../sources/hf-daily/index.js';
import { DELIVER_JOB, translationCacheOf, waitForHomeLock } from '../store/sqlite/index.js';
import type { Runtime } from './runtime.js';

/** The configured providers in fallback order (`[llm] providers`); a listed one that is not configured is an error. */
export function buildTranslators(runtime: Runtime): Translator[] {
  const { llm, deepl, configPath } = runtime.config;
  return llm.providers.map((name) => {
    if (name === 'deepl') {
      if (deepl === null) {
        throw new ConfigError(
          configPath ?? '[llm] providers',
          '"deepl" is listed as a provider but has no key',
          {
            hint: 'set PAPERWIRE_DEEPL_API_KEY or [deepl] api_key',
          },
        );
      }
      return new DeeplTranslator({ client: runtime.client, baseUrl: deepl.baseUrl, apiKey: deepl.apiKey });
    }
    if (llm.baseUrl === null) {
      throw new ConfigError(
        configPath ?? '[llm] providers',
        '"openai" is listed as a provider but has no base URL',
        {
          hint: 'set PAPERWIRE_LLM_BASE_URL or [llm] base_url',
        },
      );
    }
    return new OpenAiCompatibleTranslator({
      client: runtime.client,
      baseUrl: llm.baseUrl,
      apiKey: llm.apiKey,
      model: llm.model,
    });
  });
}

/** arXiv's RSS (today) and API (past dates), and Hugging Face Daily Papers, at the configured endpoints. */
export function buildSources(runtime: Runtime) {
  const { endpoints } = runtime.config;
  return {
    rss: new ArxivRssSource({ client: runtime.client, baseUrl: endpoints.arxivRss }),
    api: new ArxivApiSource({ client: runtime.client, baseUrl: endpoints.arxivApi }),
    hf: new HfDailySource({ client: runtime.client, baseUrl: endpoints.hfApi }),
  };
}

/** The configured embeddings (`[relevance] embeddings_url`), or null: the local relevance model alone. */
export function buildEmbedder(runtime: Runtime): OpenAiEmbedder | null {
  const { embeddingsUrl, embeddingsModel, embeddingsApiKey } = runtime.config.relevance;
  if (embeddingsUrl === null || embeddingsModel === null) return null;
  return new OpenAiEmbedder({
    client: runtime.client,
    baseUrl: embeddingsUrl,
    model: embeddingsModel,
    apiKey: embeddingsApiKey,
  });
}

/** Everything a digest needs besides its request, as `digest` and `run` both pass it to the pipeline. */
export function buildPipelineDeps(runtime: Runtime): PipelineDeps {
  return {
    store: runtime.store,
    ...buildSources(runtime),
    translator: buildTranslators(runtime),
    cache: translationCacheOf(runtime.store),
    glossary: runtime.config.glossary,
    concurrency: runtime.config.llm.concurrency,
    log: (line) => runtime.progress.info(line),
    progress: (event) => runtime.progress.advanced(event),
    embedder: buildEmbedder(runtime),
  };
}

/** Where the web UI shows a profile's digest of a listing date, for e-mails to link to; null with no public URL. */
export function digestWebUrl(config: Config, profile: string, listingDate: IsoDate): string | null {
  return config.web.publicUrl === null ? null : config.web.publicUrl + digestPath(profile, listingDate);
}

/**
 * The signed rating link of a paper and rating on the public URL, for e-mails, issued `now` (it rates for
 * RATING_LINK_DAYS); null with no public URL. Reads the home's rating key (made on first use), so call it only when
 * an e-mail is rendered.
 */
export function ratingUrlOf(
  config: Config,
  now: () => Date,
): ((arxivId: string, kind: RatingKind) => string) | null {
  const { publicUrl } = config.web;
  if (publicUrl === null) return null;
  const key = loadRatingKey(config.home);
  return (arxivId, kind) => {
    const issuedAt = Math.floor(now().getTime() / 1000);
    return siteUrlOf(publicUrl, ratePath(arxivId, kind, signRating(key, arxivId, kind, issuedAt), issuedAt));
  };
}

/** How long a digest waits for another process delivering from the same home before it gives up. */
const DELIVER_WAIT_MS = 15 * 60_000;
const DELIVER_POLL_MS = 250;

/**
 * publish.ts's `holdDeliveries` on the home's `deliver` lock: waits (saying so once) while another process, a
 * `digest` or `run`, delivers from this home, so that one target is never sent a digest twice.
 */
export function deliveryHolder(runtime: Runtime): () => Promise<() => void> {
  return async () => {
    const lock = await waitForHomeLock(runtime.config.home, DELIVER_JOB, {
      timeoutMs: DELIVER_WAIT_MS,
      pollMs: DELIVER_POLL_MS,
      sleep: (ms) => sleepTimer(ms),
      now: () => Date.now(),
      onWait: (holder) =>
        runtime.progress.info(`waiting for another paperwire process (${holder}) delivering from this home`),
    });
    return () => lock.release();
  };
}
