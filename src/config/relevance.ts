// Config for the relevance model's optional embeddings: the `[relevance]` table with `PAPERWIRE_EMBEDDINGS_*`
// variables → RelevanceConfig. Without an embeddings URL the local model ranks alone (docs/relevance.md).

import { ConfigError, registerSecret } from '../errors.js';
import type { Locate, TomlTable } from './file.js';
import { httpUrl, nonEmpty, optionalString } from './values.js';

export const RELEVANCE_KEYS = ['embeddings_url', 'embeddings_model'] as const;

export interface RelevanceConfig {
  /** An OpenAI-compatible API base (`http://localhost:11434/v1`); `/embeddings` is appended. Null: no embeddings. */
  embeddingsUrl: string | null;
  /** The embedding model's name, sent with each request and keying the store's vector cache. */
  embeddingsModel: string | null;
  /** Sent as Bearer; from `PAPERWIRE_EMBEDDINGS_API_KEY` only (never the file), registered as a secret. */
  embeddingsApiKey: string | null;
}

/** Reads `[relevance]`; each variable wins over the file. An embeddings URL needs a model. */
export function loadRelevance(env: NodeJS.ProcessEnv, file: TomlTable, at: Locate): RelevanceConfig {
  const apiKey = nonEmpty(env['PAPERWIRE_EMBEDDINGS_API_KEY']) ?? null;
  registerSecret(apiKey);
  const urlFromEnv = nonEmpty(env['PAPERWIRE_EMBEDDINGS_URL']);
  const url = urlFromEnv ?? optionalString(file['embeddings_url'], at, 'relevance.embeddings_url');
  const urlWhere = urlFromEnv !== undefined ? '$PAPERWIRE_EMBEDDINGS_URL' : at('relevance.embeddings_url');
  const model =
    nonEmpty(env['PAPERWIRE_EMBEDDINGS_MODEL']) ??
    optionalString(file['embeddings_model'], at, 'relevance.embeddings_model');
  if (url === null) return { embeddingsUrl: null, embeddingsModel: model, embeddingsApiKey: apiKey };
  if (model === null) {
    throw new ConfigError(urlWhere, 'an embeddings URL is set but no embeddings model', {
      hint: 'set [relevance] embeddings_model (or PAPERWIRE_EMBEDDINGS_MODEL), e.g. "nomic-embed-text"',
    });
  }
  const embeddingsUrl = httpUrl(url, urlWhere, {
    ...(apiKey === null
      ? {}
      : {
          refuseCredentials: {
            why: 'and PAPERWIRE_EMBEDDINGS_API_KEY is set: only one of them can be sent as Authorization',
            hint: 'remove user:password from the URL, or unset the key',
          },
        }),
  });
  return {
    embeddingsUrl: embeddingsUrl.replace(/\/+$/, ''),
    embeddingsModel: model,
    embeddingsApiKey: apiKey,
  };
}
