// What every command runs on: the config, the SQLite store and the HTTP client, and the concrete sources and
// translators built from them. The composition root's construction site.

import { loadConfig, type Config } from '../config.js';
import { DeeplTranslator } from '../enrich/deepl/index.js';
import { OpenAiCompatibleTranslator } from '../enrich/openai-compatible/index.js';
import type { Translator } from '../enrich/translator.js';
import { ConfigError } from '../errors.js';
import { DEFAULT_POLICIES, HttpClient, MEGABYTE, type HttpPolicy, type PolicyName } from '../http.js';
import type { IsoDate } from '../model.js';
import type { PipelineDeps } from '../pipeline/digest.js';
import { digestPath } from '../render/urls.js';
import { ArxivApiSource } from '../sources/arxiv-api/index.js';
import { ArxivRssSource } from '../sources/arxiv-rss/index.js';
import { HfDailySource } from '../sources/hf-daily/index.js';
import { openSqliteStore, translationCacheOf } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import type { CliIo } from './io.js';
import { ProgressReporter } from './progress.js';

export interface Runtime {
  config: Config;
  store: Store;
  client: HttpClient;
  /** The command's stderr: informational lines, warnings, the progress line; finished by the command. */
  progress: ProgressReporter;
}

/**
 * Loads the config (`--config`, `--home`), opens the store and builds the HTTP client, its retries and answers
 * reported to the progress line (`--quiet` drops it); the caller finishes the progress and closes the store.
 */
export function openRuntime(
  values: { config?: string | undefined; home?: string | undefined; quiet?: boolean | undefined },
  io: CliIo,
): Runtime {
  const flags: { config?: string; home?: string } = {};
  if (values.config !== undefined) flags.config = values.config;
  if (values.home !== undefined) flags.home = values.home;
  const config = loadConfig({ cwd: io.cwd, env: io.env, flags });
  const store = openSqliteStore(config.dbPath);
  const everyPolicy: Partial<HttpPolicy> = {};
  if (config.http.retries !== null) everyPolicy.retries = config.http.retries;
  if (config.http.backoffMs !== null) everyPolicy.backoffMs = config.http.backoffMs;
  if (config.http.maxResponseMb !== null) everyPolicy.maxResponseBytes = config.http.maxResponseMb * MEGABYTE;
  const policies = Object.fromEntries(
    (Object.keys(DEFAULT_POLICIES) as PolicyName[]).map((name) => [name, { ...everyPolicy }]),
  ) as Record<PolicyName, Partial<HttpPolicy>>;
  policies.llm = { ...policies.llm, timeoutMs: config.llm.timeoutMs };
  const progress = new ProgressReporter(io, { isQuiet: values.quiet ?? false });
  const client = new HttpClient({
    policies,
    onRetry: (event) => progress.retried(event),
    onResponse: (event) => progress.fetched(event),
  });
  return { config, store, client, progress };
}

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
  };
}

/** Where the web UI shows a profile's digest of a listing date, for e-mails to link to; null with no public URL. */
export function digestWebUrl(config: Config, profile: string, listingDate: IsoDate): string | null {
  return config.web.publicUrl === null ? null : config.web.publicUrl + digestPath(profile, listingDate);
}
