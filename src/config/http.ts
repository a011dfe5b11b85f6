// Config for the HTTP client: the `[http]` table with `PAPERWIRE_HTTP_*` variables → overrides applied to every
// policy in src/http.ts (retries, first backoff, the most megabytes of an answer read).

import type { Locate, TomlTable } from './file.js';
import { nonEmpty, positiveInteger, wholeNumber } from './values.js';

export const HTTP_KEYS = ['retries', 'backoff_ms', 'max_response_mb'] as const;

/** Overrides for every HTTP policy in http.ts; null keeps each policy's own. */
export interface HttpOverrides {
  retries: number | null;
  backoffMs: number | null;
  /** The most megabytes of one answer read before giving up (default: 50 for arXiv, 20 others, 4 the LLM). */
  maxResponseMb: number | null;
}

export function loadHttpOverrides(env: NodeJS.ProcessEnv, file: TomlTable, at: Locate): HttpOverrides {
  return {
    retries: wholeNumber(
      env['PAPERWIRE_HTTP_RETRIES'],
      file['retries'],
      at,
      'http.retries',
      'PAPERWIRE_HTTP_RETRIES',
    ),
    backoffMs: wholeNumber(
      env['PAPERWIRE_HTTP_BACKOFF_MS'],
      file['backoff_ms'],
      at,
      'http.backoff_ms',
      'PAPERWIRE_HTTP_BACKOFF_MS',
    ),
    maxResponseMb: maxResponseMb(env, file, at),
  };
}

function maxResponseMb(env: NodeJS.ProcessEnv, file: TomlTable, at: Locate): number | null {
  const fromEnv = nonEmpty(env['PAPERWIRE_HTTP_MAX_RESPONSE_MB']);
  if (fromEnv === undefined && file['max_response_mb'] === undefined) return null;
  return positiveInteger(
    fromEnv,
    file['max_response_mb'],
    at,
    'http.max_response_mb',
    20,
    'PAPERWIRE_HTTP_MAX_RESPONSE_MB',
  );
}
