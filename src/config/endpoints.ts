// Config for where papers come from: the `[endpoints]` table with `PAPERWIRE_*_URL` variables → Endpoints,
// each an http(s) URL without a trailing slash.

import type { Locate, TomlTable } from './file.js';
import { httpUrl, nonEmpty, optionalString } from './values.js';

export const ENDPOINTS_KEYS = ['arxiv_rss', 'arxiv_api', 'arxiv_oai', 'hf_api'] as const;

/** The base URLs of the sources (config.ts holds the defaults). */
export interface Endpoints {
  arxivRss: string;
  arxivApi: string;
  arxivOai: string;
  hfApi: string;
}

/** Reads `[endpoints]`; a variable wins over the file, the file over `defaults`. */
export function loadEndpoints(
  env: NodeJS.ProcessEnv,
  file: TomlTable,
  at: Locate,
  defaults: Endpoints,
): Endpoints {
  return {
    arxivRss: url(env, 'PAPERWIRE_ARXIV_RSS_URL', file, 'arxiv_rss', at, defaults.arxivRss),
    arxivApi: url(env, 'PAPERWIRE_ARXIV_API_URL', file, 'arxiv_api', at, defaults.arxivApi),
    arxivOai: url(env, 'PAPERWIRE_ARXIV_OAI_URL', file, 'arxiv_oai', at, defaults.arxivOai),
    hfApi: url(env, 'PAPERWIRE_HF_API_URL', file, 'hf_api', at, defaults.hfApi),
  };
}

function url(
  env: NodeJS.ProcessEnv,
  variable: string,
  file: TomlTable,
  key: string,
  at: Locate,
  fallback: string,
): string {
  const fromEnv = nonEmpty(env[variable]);
  const value = fromEnv ?? optionalString(file[key], at, `endpoints.${key}`) ?? fallback;
  return httpUrl(value, fromEnv ? `$${variable}` : at(`endpoints.${key}`));
}
