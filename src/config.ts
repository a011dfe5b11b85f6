// Config: paperwire.toml + environment + flags → one validated Config. Every default lives here.
// Flags win over the environment, the environment over the file; errors name the file and line.

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { TomlError, parse as parseToml } from 'smol-toml';
import { ConfigError, registerSecret } from './errors.js';
import { LANGS, SORTS, STYLES, type Profile } from './model.js';
import { isKnownArchive, isKnownCategory, suggestCategory } from './taxonomy.js';

export const DEFAULT_ENDPOINTS = {
  arxivRss: 'https://rss.arxiv.org/rss',
  arxivApi: 'https://export.arxiv.org/api/query',
  arxivOai: 'https://oaipmh.arxiv.org/oai',
  hfApi: 'https://huggingface.co/api',
};

export type Endpoints = typeof DEFAULT_ENDPOINTS;

export interface LlmConfig {
  /** An OpenAI-compatible base URL (`https://api.openai.com/v1`); null means no translation. */
  baseUrl: string | null;
  apiKey: string | null;
  model: string;
  /** Translation requests in flight at once. */
  concurrency: number;
  timeoutMs: number;
}

/** Overrides for every HTTP policy in http.ts (retries and first backoff); null keeps each policy's own. */
export interface HttpOverrides {
  retries: number | null;
  backoffMs: number | null;
}

export interface Config {
  /** Where the database, cache and config live. */
  home: string;
  dbPath: string;
  /** The config file read, or null when there was none. */
  configPath: string | null;
  endpoints: Endpoints;
  llm: LlmConfig;
  http: HttpOverrides;
  profiles: Map<string, Profile>;
  defaultProfile: string;
}

/** Values given on the command line; each wins over the environment and the file. */
export interface ConfigFlags {
  config?: string;
  home?: string;
}

export interface LoadConfigOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags: ConfigFlags;
  platform?: NodeJS.Platform;
}

export const DEFAULT_PROFILE: Omit<Profile, 'name'> = {
  keywords: ['reinforcement learning'],
  categories: ['cs'],
  lang: 'zh',
  style: 'classic',
  sort: 'listing',
  includeCross: false,
  includeReplaced: false,
  out: null,
};

const DEFAULT_LLM_MODEL = 'gpt-4o-mini';

/** The platform's user data folder for paperwire (XDG on Linux, Application Support on macOS, APPDATA on Windows). */
export function defaultHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'paperwire');
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'paperwire');
  return join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'paperwire');
}

/** Reads and validates the config; throws `ConfigError` naming the file and line, or the variable. */
export function loadConfig(options: LoadConfigOptions): Config {
  const { cwd, env, flags } = options;
  const home = resolve(
    cwd,
    flags.home ?? nonEmpty(env['PAPERWIRE_HOME']) ?? defaultHome(env, options.platform),
  );
  const configPath = findConfigFile(cwd, home, flags.config);
  const file = configPath ? readConfigFile(configPath) : { data: {}, text: '' };
  const at = locator(configPath ?? 'paperwire.toml', file.text);

  checkKeys(file.data, ['default_profile', 'llm', 'endpoints', 'http', 'profiles'], at, '');
  const httpTable = table(file.data['http'], at, 'http');
  checkKeys(httpTable, ['retries', 'backoff_ms'], at, 'http');
  const llmTable = table(file.data['llm'], at, 'llm');
  checkKeys(llmTable, ['base_url', 'api_key', 'model', 'concurrency', 'timeout_ms'], at, 'llm');
  const endpointsTable = table(file.data['endpoints'], at, 'endpoints');
  checkKeys(endpointsTable, ['arxiv_rss', 'arxiv_api', 'arxiv_oai', 'hf_api'], at, 'endpoints');

  const endpoints: Endpoints = {
    arxivRss: url(
      env,
      'PAPERWIRE_ARXIV_RSS_URL',
      endpointsTable,
      'arxiv_rss',
      at,
      DEFAULT_ENDPOINTS.arxivRss,
    ),
    arxivApi: url(
      env,
      'PAPERWIRE_ARXIV_API_URL',
      endpointsTable,
      'arxiv_api',
      at,
      DEFAULT_ENDPOINTS.arxivApi,
    ),
    arxivOai: url(
      env,
      'PAPERWIRE_ARXIV_OAI_URL',
      endpointsTable,
      'arxiv_oai',
      at,
      DEFAULT_ENDPOINTS.arxivOai,
    ),
    hfApi: url(env, 'PAPERWIRE_HF_API_URL', endpointsTable, 'hf_api', at, DEFAULT_ENDPOINTS.hfApi),
  };

  const llm = loadLlm(env, llmTable, at);
  const http: HttpOverrides = {
    retries: wholeNumber(
      env['PAPERWIRE_HTTP_RETRIES'],
      httpTable['retries'],
      at,
      'http.retries',
      'PAPERWIRE_HTTP_RETRIES',
    ),
    backoffMs: wholeNumber(
      env['PAPERWIRE_HTTP_BACKOFF_MS'],
      httpTable['backoff_ms'],
      at,
      'http.backoff_ms',
      'PAPERWIRE_HTTP_BACKOFF_MS',
    ),
  };
  const profiles = loadProfiles(file.data['profiles'], at);
  const defaultProfile = optionalString(file.data['default_profile'], at, 'default_profile') ?? 'default';
  if (!profiles.has(defaultProfile)) {
    if (file.data['default_profile'] !== undefined) {
      throw new ConfigError(
        at('default_profile'),
        `"default_profile" names "${defaultProfile}", which is not a profile`,
        {
          hint: `define [profiles.${defaultProfile}] or choose one of: ${[...profiles.keys()].join(', ') || '(none)'}`,
        },
      );
    }
    profiles.set(defaultProfile, { name: defaultProfile, ...DEFAULT_PROFILE });
  }
  return {
    home,
    dbPath: join(home, 'paperwire.sqlite'),
    configPath,
    endpoints,
    llm,
    http,
    profiles,
    defaultProfile,
  };
}

function findConfigFile(cwd: string, home: string, explicit: string | undefined): string | null {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path))
      throw new ConfigError('--config', `no file at ${path}`, { hint: 'check the path' });
    return path;
  }
  for (const candidate of [join(cwd, 'paperwire.toml'), join(home, 'paperwire.toml')]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

type TomlTable = Record<string, unknown>;

function readConfigFile(path: string): { data: TomlTable; text: string } {
  const text = readFileSync(path, 'utf8');
  try {
    return { data: parseToml(text) as TomlTable, text };
  } catch (error) {
    if (error instanceof TomlError) {
      const what = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'invalid TOML';
      throw new ConfigError(`${path}:${error.line}`, `not valid TOML: ${what}`, {
        cause: error,
        hint: 'see https://toml.io for the syntax',
      });
    }
    throw error;
  }
}

/** Finds `file:line` for a dotted key such as `profiles.rl.lang`, by scanning table headers and assignments. */
type Locate = (dottedKey: string) => string;

function locator(path: string, text: string): Locate {
  const lines = text.split(/\r?\n/);
  return (dottedKey) => {
    const parts = dottedKey.split('.');
    const key = parts.pop() ?? '';
    const section = parts.join('.');
    let current = '';
    for (let index = 0; index < lines.length; index++) {
      const line = (lines[index] ?? '').trim();
      const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
      if (header) {
        current = (header[1] ?? '').replace(/["'\s]/g, '');
        if (`${current}` === dottedKey) return `${path}:${index + 1}`;
        continue;
      }
      const assignment = /^["']?([A-Za-z0-9_.-]+)["']?\s*=/.exec(line);
      if (!assignment) continue;
      const full = current ? `${current}.${assignment[1]}` : (assignment[1] ?? '');
      if (full === dottedKey || (current === section && assignment[1] === key)) return `${path}:${index + 1}`;
    }
    return path;
  };
}

function checkKeys(data: TomlTable, allowed: readonly string[], at: Locate, prefix: string): void {
  for (const key of Object.keys(data)) {
    if (allowed.includes(key)) continue;
    const dotted = prefix ? `${prefix}.${key}` : key;
    throw new ConfigError(at(dotted), `unknown key "${dotted}"`, {
      hint: `allowed${prefix ? ` in [${prefix}]` : ''}: ${allowed.join(', ')}`,
    });
  }
}

function table(value: unknown, at: Locate, key: string): TomlTable {
  if (value === undefined) return {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as TomlTable;
  throw new ConfigError(at(key), `"${key}" must be a table ([${key}])`);
}

function optionalString(value: unknown, at: Locate, key: string): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string') throw new ConfigError(at(key), `"${key}" must be a string`);
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
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
  if (!/^https?:\/\/[^\s]+$/.test(value)) {
    const where = fromEnv ? `$${variable}` : at(`endpoints.${key}`);
    throw new ConfigError(where, `"${value}" is not an http(s) URL`, {
      hint: 'write it like https://host/path',
    });
  }
  return value.replace(/\/+$/, '');
}

function loadLlm(env: NodeJS.ProcessEnv, file: TomlTable, at: Locate): LlmConfig {
  const baseUrl =
    nonEmpty(env['PAPERWIRE_LLM_BASE_URL']) ??
    optionalString(file['base_url'], at, 'llm.base_url') ??
    nonEmpty(env['OPENAI_BASE_URL']) ??
    null;
  const apiKey =
    nonEmpty(env['PAPERWIRE_LLM_API_KEY']) ??
    optionalString(file['api_key'], at, 'llm.api_key') ??
    nonEmpty(env['OPENAI_API_KEY']) ??
    null;
  registerSecret(apiKey);
  const model =
    nonEmpty(env['PAPERWIRE_LLM_MODEL']) ??
    optionalString(file['model'], at, 'llm.model') ??
    DEFAULT_LLM_MODEL;
  if (baseUrl !== null && !/^https?:\/\/\S+$/.test(baseUrl)) {
    throw new ConfigError(at('llm.base_url'), `"${baseUrl}" is not an http(s) URL`, {
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
      4,
    ),
    timeoutMs: positiveInteger(undefined, file['timeout_ms'], at, 'llm.timeout_ms', 120_000),
  };
}

function positiveInteger(
  fromEnv: string | undefined,
  fromFile: unknown,
  at: Locate,
  key: string,
  fallback: number,
): number {
  const envValue = nonEmpty(fromEnv);
  const value = envValue !== undefined ? Number(envValue) : fromFile;
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (typeof value === 'bigint' && value > 0n) return Number(value);
  throw new ConfigError(at(key), `"${key}" must be a positive whole number`, {
    hint: `for example ${fallback}`,
  });
}

function wholeNumber(
  fromEnv: string | undefined,
  fromFile: unknown,
  at: Locate,
  key: string,
  variable: string,
) {
  const envValue = nonEmpty(fromEnv);
  const value = envValue !== undefined ? Number(envValue) : fromFile;
  if (value === undefined) return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'bigint' && value >= 0n) return Number(value);
  const where = envValue !== undefined ? `$${variable}` : at(key);
  throw new ConfigError(where, `"${key}" must be a whole number, 0 or more`, {
    hint: `got ${String(value)}`,
  });
}

const PROFILE_KEYS = [
  'keywords',
  'categories',
  'lang',
  'style',
  'sort',
  'include_cross',
  'include_replaced',
  'out',
] as const;

function loadProfiles(value: unknown, at: Locate): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  const all = table(value, at, 'profiles');
  for (const [name, raw] of Object.entries(all)) {
    const key = `profiles.${name}`;
    if (!/^[A-Za-z0-9_-]+$/.test(name)) {
      throw new ConfigError(at(key), `profile name "${name}" may use only letters, digits, "-" and "_"`);
    }
    const data = table(raw, at, key);
    checkKeys(data, PROFILE_KEYS, at, key);
    profiles.set(name, {
      name,
      keywords: stringList(data['keywords'], at, `${key}.keywords`) ?? DEFAULT_PROFILE.keywords,
      categories: validateCategories(
        stringList(data['categories'], at, `${key}.categories`) ?? DEFAULT_PROFILE.categories,
        at(`${key}.categories`),
      ),
      lang: oneOf(data['lang'], LANGS, at, `${key}.lang`) ?? DEFAULT_PROFILE.lang,
      style: oneOf(data['style'], STYLES, at, `${key}.style`) ?? DEFAULT_PROFILE.style,
      sort: oneOf(data['sort'], SORTS, at, `${key}.sort`) ?? DEFAULT_PROFILE.sort,
      includeCross: bool(data['include_cross'], at, `${key}.include_cross`) ?? false,
      includeReplaced: bool(data['include_replaced'], at, `${key}.include_replaced`) ?? false,
      out: optionalString(data['out'], at, `${key}.out`),
    });
  }
  return profiles;
}

function stringList(value: unknown, at: Locate, key: string): string[] | null {
  if (value === undefined) return null;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim() !== '')) {
    if (value.length === 0) throw new ConfigError(at(key), `"${key}" must not be empty`);
    return value as string[];
  }
  throw new ConfigError(at(key), `"${key}" must be a list of non-empty strings`, { hint: 'e.g. ["a", "b"]' });
}

/** Validates one value against its allowed list; the error lists them. */
export function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  at: Locate | string,
  key: string,
): T | null {
  if (value === undefined) return null;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const where = typeof at === 'string' ? at : at(key);
  throw new ConfigError(where, `"${key.split('.').pop() ?? key}" must be one of ${allowed.join(', ')}`, {
    hint: `got ${JSON.stringify(value)}`,
  });
}

function bool(value: unknown, at: Locate, key: string): boolean | null {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value;
  throw new ConfigError(at(key), `"${key}" must be true or false`);
}

/** Checks every entry is a known arXiv archive (`cs`) or category (`cs.LG`); the error suggests the closest. */
export function validateCategories(categories: string[], where: string): string[] {
  for (const category of categories) {
    if (isKnownArchive(category) || isKnownCategory(category)) continue;
    const suggestion = suggestCategory(category);
    throw new ConfigError(where, `unknown arXiv category "${category}"`, {
      hint:
        suggestion.length > 0
          ? `did you mean ${suggestion.join(' or ')}?`
          : 'see https://arxiv.org/category_taxonomy',
    });
  }
  return categories;
}
