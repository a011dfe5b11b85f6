// Config for translation: the `[llm]` table (an OpenAI-compatible endpoint and the providers' fallback order)
// and the `[deepl]` table, each overridable from the environment.

import { ConfigError, registerSecret } from '../errors.js';
import type { Locate, TomlTable } from './file.js';
import { nonEmpty, oneOf, optionalString, positiveInteger, stringList } from './values.js';

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

export const PROVIDER_NAMES = ['openai', 'deepl'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

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
  const baseUrlFromEnv = nonEmpty(env['PAPERWIRE_LLM_BASE_URL']);
  const baseUrlFromFile = optionalString(file['base_url'], at, 'llm.base_url');
  const baseUrl = baseUrlFromEnv ?? baseUrlFromFile ?? nonEmpty(env['OPENAI_BASE_URL']) ?? null;
  const apiKey =
    nonEmpty(env['PAPERWIRE_LLM_API_KEY']) ??
    optionalString(file['api_key'], at, 'llm.api_key') ??
    nonEmpty(env['OPENAI_API_KEY']) ??
    null;
  registerSecret(apiKey);
  const model =
    nonEmpty(env['PAPERWIRE_LLM_MODEL']) ?? optionalString(file['model'], at, 'llm.model') ?? defaults.model;
  if (baseUrl !== null && !/^https?:\/\/\S+$/.test(baseUrl)) {
    // Blame the place the value came from: the variable, the file's line, or the fallback variable.
    const where =
      baseUrlFromEnv !== undefined
        ? '$PAPERWIRE_LLM_BASE_URL'
        : baseUrlFromFile !== null
          ? at('llm.base_url')
          : '$OPENAI_BASE_URL';
    throw new ConfigError(where, `"${baseUrl}" is not an http(s) URL`, {
      hint: 'e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1',
    });
  }
  return {
    baseUrl: baseUrl === null ? null : baseUrl.replace(/\/+$/, ''),
    apiKey,
    model,
    concurrency: positiveInteger(
      env['PAPERWIRE_LLM_CONCURRENCY'],
      file['concurrency'],
      at,
      'llm.concurrency',
      defaults.concurrency,
      'PAPERWIRE_LLM_CONCURRENCY',
    ),
    timeoutMs: positiveInteger(undefined, file['timeout_ms'], at, 'llm.timeout_ms', defaults.timeoutMs),
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
  if (!/^https?:\/\/\S+$/.test(baseUrl)) {
    throw new ConfigError(
      fromEnv ? '$PAPERWIRE_DEEPL_BASE_URL' : at('deepl.base_url'),
      `"${baseUrl}" is not an http(s) URL`,
      {
        hint: 'e.g. https://api-free.deepl.com',
      },
    );
  }
  return { apiKey, baseUrl: baseUrl.replace(/\/+$/, '') };
}
