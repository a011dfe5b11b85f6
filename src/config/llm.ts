// Config for translation: the `[llm]` table (an OpenAI-compatible endpoint and the providers' fallback order)
// and the `[deepl]` table, each overridable from the environment.

import { ConfigError, registerSecret } from '../errors.js';
import type { Locate, TomlTable } from './file.js';
import {
  checkTimeoutMs,
  httpUrl,
  nonEmpty,
  oneOf,
  optionalString,
  positiveInteger,
  stringList,
} from './values.js';

export const LLM_KEYS = ['base_url', 'api_key', 'model', 'concurrency', 'timeout_ms', 'providers'] as const;
export const DEEPL_KEYS = ['api_key', 'base_url'] as const;

export interface LlmConfig {
  /** An OpenAI-compatible base URL (`https://api.openai.com/v1`); null means no translation. */
  baseUrl: string | null;
  apiKey: string | null;
  model: string;
  /** Papers translated at once. */
  concurrency: number;
  timeoutMs: number;
  /**
   * Providers in fallback order (`[llm] providers`): a text one fails is asked of the next. Default: every
   * configured one, the OpenAI-compatible endpoint first, then DeepL.
   */
  providers: ProviderName[];
}

/** What `[llm]` falls back to when neither the file nor the environment sets it (config.ts holds the values). */
export type LlmDefaults = Pick<LlmConfig, 'model' | 'concurrency' | 'timeoutMs'>;

const PROVIDER_NAMES = ['openai', 'deepl'] as const;

/**
 * The most translation requests in flight. A local server answers a handful at once (Ollama's OLLAMA_NUM_PARALLEL
 * is 1 to 4) and queues the rest into their timeouts; a hosted API's per-minute limit answers a burst with 429s.
 * 64 is well past where either gains; `concurrency = 1e9` asked for a billion at once.
 */
const CONCURRENCY_BOUND = {
  max: 64,
  why: 'more requests at once only queue into timeouts or draw 429s; the default is 4',
};
type ProviderName = (typeof PROVIDER_NAMES)[number];

/** DeepL (`[deepl]`, `PAPERWIRE_DEEPL_API_KEY`, `PAPERWIRE_DEEPL_BASE_URL`); null when no key is set. */
export interface DeeplConfig {
  apiKey: string;
  /** `https://api-free.deepl.com` for a free key (ending `:fx`), else `https://api.deepl.com`, unless set. */
  baseUrl: string;
}

/** `[llm]` with `PAPERWIRE_LLM_*` (then `OPENAI_*`) variables; registers the API key as a secret. */
export function loadLlm(
  env: NodeJS.ProcessEnv,
  file: TomlTable,
  at: Locate,
  hasDeepl: boolean,
  defaults: LlmDefaults,
): LlmConfig {
  const baseUrlFrom = firstSet([
    [nonEmpty(env['PAPERWIRE_LLM_BASE_URL']), '$PAPERWIRE_LLM_BASE_URL'],
    [optionalString(file['base_url'], at, 'llm.base_url'), at('llm.base_url')],
    [nonEmpty(env['OPENAI_BASE_URL']), '$OPENAI_BASE_URL'],
  ]);
  const apiKey =
    nonEmpty(env['PAPERWIRE_LLM_API_KEY']) ??
    optionalString(file['api_key'], at, 'llm.api_key') ??
    nonEmpty(env['OPENAI_API_KEY']) ??
    null;
  registerSecret(apiKey);
  const model =
    nonEmpty(env['PAPERWIRE_LLM_MODEL']) ?? optionalString(file['model'], at, 'llm.model') ?? defaults.model;
  // user:password in the URL becomes Basic authentication (a reverse proxy's login, http.ts); an API key is sent
  // as Bearer in the same Authorization header, so the two cannot both be sent.
  const baseUrl =
    baseUrlFrom === null
      ? null
      : httpUrl(baseUrlFrom.value, baseUrlFrom.where, {
          ...(apiKey === null
            ? {}
            : {
                refuseCredentials: {
                  why: 'and an API key is set: only one of them can be sent as Authorization',
                  hint: 'remove user:password from the URL (the key is sent as Bearer), or unset the API key',
                },
              }),
        });
  return {
    baseUrl,
    apiKey,
    model,
    concurrency: positiveInteger(
      env['PAPERWIRE_LLM_CONCURRENCY'],
      file['concurrency'],
      at,
      'llm.concurrency',
      defaults.concurrency,
      'PAPERWIRE_LLM_CONCURRENCY',
      CONCURRENCY_BOUND,
    ),
    timeoutMs: checkTimeoutMs(
      positiveInteger(undefined, file['timeout_ms'], at, 'llm.timeout_ms', defaults.timeoutMs),
      at('llm.timeout_ms'),
      'llm.timeout_ms',
    ),
    providers: loadProviders(file['providers'], at, baseUrl !== null, hasDeepl),
  };
}

function loadProviders(value: unknown, at: Locate, hasOpenai: boolean, hasDeepl: boolean): ProviderName[] {
  const listed = stringList(value, at, 'llm.providers');
  if (listed === null)
    return [...(hasOpenai ? ['openai' as const] : []), ...(hasDeepl ? ['deepl' as const] : [])];
  const providers = listed.map((name) => oneOf(name, PROVIDER_NAMES, at, 'llm.providers') as ProviderName);
  if (new Set(providers).size !== providers.length) {
    throw new ConfigError(at('llm.providers'), '"llm.providers" names a provider twice');
  }
  return providers;
}

/** `[deepl]` with `PAPERWIRE_DEEPL_*` variables; null when no key is set, which is then registered as a secret. */
export function loadDeepl(env: NodeJS.ProcessEnv, file: TomlTable, at: Locate): DeeplConfig | null {
  const apiKey =
    nonEmpty(env['PAPERWIRE_DEEPL_API_KEY']) ?? optionalString(file['api_key'], at, 'deepl.api_key');
  if (apiKey === null) return null;
  registerSecret(apiKey);
  const fromEnv = nonEmpty(env['PAPERWIRE_DEEPL_BASE_URL']);
  // DeepL: free-plan keys end in ":fx" and are served by api-free.deepl.com; pro keys by api.deepl.com.
  const baseUrl =
    fromEnv ??
    optionalString(file['base_url'], at, 'deepl.base_url') ??
    (apiKey.endsWith(':fx') ? 'https://api-free.deepl.com' : 'https://api.deepl.com');
  const where = fromEnv ? '$PAPERWIRE_DEEPL_BASE_URL' : at('deepl.base_url');
  return {
    apiKey,
    baseUrl: httpUrl(baseUrl, where, {
      refuseCredentials: {
        why: 'but DeepL is authenticated by its key alone',
        hint: 'remove user:password from the DeepL URL, e.g. https://api-free.deepl.com',
      },
    }),
  };
}

/** The first value that is set, with where it came from (`$VARIABLE` or `file:line`); null when none is. */
function firstSet(
  candidates: [string | null | undefined, string][],
): { value: string; where: string } | null {
  for (const [value, where] of candidates) if (value !== null && value !== undefined) return { value, where };
  return null;
}
