// Config for the HTTP client: the `[http]` table with `PAPERWIRE_HTTP_*` variables → overrides applied to every
// policy in src/http.ts.

import type { Locate, TomlTable } from './file.js';
import { wholeNumber } from './values.js';

export const HTTP_KEYS = ['retries', 'backoff_ms'] as const;

/** Overrides for every HTTP policy in http.ts (retries and first backoff); null keeps each policy's own. */
export interface HttpOverrides {
  retries: number | null;
  backoffMs: number | null;
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
  };
}
