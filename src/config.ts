// Config: paperwire.toml + environment + flags → one validated Config. Every default lives here.
// Flags win over the environment, the environment over the file; errors name the file and line.

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { TomlError, parse as parseToml } from 'smol-toml';
import { ConfigError, registerSecret } from './errors.js';
import { LANGS, SORTS, STYLES, type Lang, type Profile } from './model.js';
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
  /** Papers translated at once. */
  concurrency: number;
  timeoutMs: number;
  /**
   * Providers in fallback order (`[llm] providers`): a text one fails is asked of the next. Default: every
   * configured one, the OpenAI-compatible endpoint first, then DeepL.
   */
  providers: ProviderName[];
}

export const PROVIDER_NAMES = ['openai', 'deepl'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** DeepL (`[deepl]`, `PAPERWIRE_DEEPL_API_KEY`, `PAPERWIRE_DEEPL_BASE_URL`); null when no key is set. */
export interface DeeplConfig {
  apiKey: string;
  /** `https://api-free.deepl.com` for a free key (ending `:fx`), else `https://api.deepl.com`, unless set. */
  baseUrl: string;
}

/**
 * One user glossary entry (`[glossary.zh]`), shaped like enrich's UserGlossaryEntry: accepted renderings, the
 * preferred first (none: keep the term as is), and renderings that are wrong.
 */
export interface GlossaryConfigEntry {
  term: string;
  translations: string[];
  forbidden?: string[];
}

/** Overrides for every HTTP policy in http.ts (retries and first backoff); null keeps each policy's own. */
export interface HttpOverrides {
  retries: number | null;
  backoffMs: number | null;
}

/** SMTP settings, shaped like deliver/smtp.ts's SmtpSettings plus the sender; null when no host is set. */
export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  startTls: 'required' | 'opportunistic' | 'never';
  user: string | null;
  password: string | null;
  from: string;
  timeoutMs: number;
}

export interface ScheduleConfig {
  /** Minutes after 20:00 US Eastern before `run` fetches, so the feeds have been rebuilt. */
  delayMinutes: number;
  /** How many listing dates back `run` catches up after downtime. */
  catchUpDays: number;
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
  smtp: SmtpConfig | null;
  schedule: ScheduleConfig;
  deepl: DeeplConfig | null;
  /** User glossary entries per target language; they replace shipped entries of the same term. */
  glossary: Partial<Record<Lang, GlossaryConfigEntry[]>>;
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
  email: [],
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

  checkKeys(
    file.data,
    ['default_profile', 'llm', 'deepl', 'glossary', 'endpoints', 'http', 'smtp', 'schedule', 'profiles'],
    at,
    '',
  );
  const smtpTable = table(file.data['smtp'], at, 'smtp');
  checkKeys(
    smtpTable,
    ['host', 'port', 'secure', 'starttls', 'user', 'password', 'from', 'timeout_ms'],
    at,
    'smtp',
  );
  const scheduleTable = table(file.data['schedule'], at, 'schedule');
  checkKeys(scheduleTable, ['delay_minutes', 'catch_up_days'], at, 'schedule');
  const httpTable = table(file.data['http'], at, 'http');
  checkKeys(httpTable, ['retries', 'backoff_ms'], at, 'http');
  const llmTable = table(file.data['llm'], at, 'llm');
  checkKeys(llmTable, ['base_url', 'api_key', 'model', 'concurrency', 'timeout_ms', 'providers'], at, 'llm');
  const deeplTable = table(file.data['deepl'], at, 'deepl');
  checkKeys(deeplTable, ['api_key', 'base_url'], at, 'deepl');
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

  const deepl = loadDeepl(env, deeplTable, at);
  const llm = loadLlm(env, llmTable, at, deepl !== null);
  const glossary = loadGlossaryEntries(file.data['glossary'], at);
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
  // Without `default_profile`, the first profile in the file is the default; with no profile at all, a built-in one.
  const defaultProfile =
    optionalString(file.data['default_profile'], at, 'default_profile') ??
    profiles.keys().next().value ??
    'default';
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
  const smtp = loadSmtp(env, smtpTable, at);
  const schedule: ScheduleConfig = {
    delayMinutes:
      wholeNumber(undefined, scheduleTable['delay_minutes'], at, 'schedule.delay_minutes', '') ?? 30,
    catchUpDays:
      wholeNumber(undefined, scheduleTable['catch_up_days'], at, 'schedule.catch_up_days', '') ?? 3,
  };
  return {
    home,
    dbPath: join(home, 'paperwire.sqlite'),
    configPath,
    smtp,
    schedule,
    deepl,
    glossary,
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

function loadLlm(env: NodeJS.ProcessEnv, file: TomlTable, at: Locate, hasDeepl: boolean): LlmConfig {
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

function loadDeepl(env: NodeJS.ProcessEnv, file: TomlTable, at: Locate): DeeplConfig | null {
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

/**
 * `[glossary.<lang>]` tables: `"term" = "rendering"`, `"term" = ["preferred", "also accepted"]` (an empty list
 * keeps the term as is), or `"term" = { translations = [...], forbidden = [...] }`.
 */
function loadGlossaryEntries(value: unknown, at: Locate): Partial<Record<Lang, GlossaryConfigEntry[]>> {
  const glossary: Partial<Record<Lang, GlossaryConfigEntry[]>> = {};
  const targets = LANGS.filter((lang) => lang !== 'en');
  for (const [lang, raw] of Object.entries(table(value, at, 'glossary'))) {
    const key = `glossary.${lang}`;
    if (!(targets as readonly string[]).includes(lang)) {
      throw new ConfigError(at(key), `unknown glossary language "${lang}"`, {
        hint: `allowed: ${targets.join(', ')}`,
      });
    }
    const entries: GlossaryConfigEntry[] = [];
    for (const [term, rendering] of Object.entries(table(raw, at, key))) {
      entries.push(glossaryEntry(term, rendering, at, key));
    }
    glossary[lang as Lang] = entries;
  }
  return glossary;
}

function glossaryEntry(term: string, value: unknown, at: Locate, key: string): GlossaryConfigEntry {
  const isStrings = (list: unknown): list is string[] =>
    Array.isArray(list) && list.every((item) => typeof item === 'string' && item.trim() !== '');
  if (typeof value === 'string' && value.trim() !== '') return { term, translations: [value] };
  if (isStrings(value)) return { term, translations: [...value] };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const data = value as TomlTable;
    checkKeys(data, ['translations', 'forbidden'], at, key);
    const translations = data['translations'] ?? [];
    const forbidden = data['forbidden'] ?? [];
    if (isStrings(translations) && isStrings(forbidden)) {
      return forbidden.length > 0 ? { term, translations, forbidden } : { term, translations };
    }
  }
  throw new ConfigError(
    at(key),
    `glossary entry "${term}" must be a rendering, a list of renderings, or a table`,
    {
      hint: `e.g. "${term}" = "策略梯度", ["策略梯度"], or { translations = ["策略梯度"], forbidden = ["政策梯度"] }`,
    },
  );
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

function loadSmtp(env: NodeJS.ProcessEnv, file: TomlTable, at: Locate): SmtpConfig | null {
  const host = nonEmpty(env['PAPERWIRE_SMTP_HOST']) ?? optionalString(file['host'], at, 'smtp.host');
  if (host === null) return null;
  const password =
    nonEmpty(env['PAPERWIRE_SMTP_PASSWORD']) ?? optionalString(file['password'], at, 'smtp.password');
  registerSecret(password);
  const secureText = nonEmpty(env['PAPERWIRE_SMTP_SECURE']);
  if (secureText !== undefined && secureText !== 'true' && secureText !== 'false') {
    throw new ConfigError('$PAPERWIRE_SMTP_SECURE', 'must be true or false');
  }
  const explicitPort = wholeNumber(
    env['PAPERWIRE_SMTP_PORT'],
    file['port'],
    at,
    'smtp.port',
    'PAPERWIRE_SMTP_PORT',
  );
  const secure =
    secureText !== undefined
      ? secureText === 'true'
      : (bool(file['secure'], at, 'smtp.secure') ?? explicitPort === 465);
  const startTls =
    oneOf(
      nonEmpty(env['PAPERWIRE_SMTP_STARTTLS']) ?? file['starttls'],
      ['required', 'opportunistic', 'never'] as const,
      at,
      'smtp.starttls',
    ) ?? 'required';
  const user = nonEmpty(env['PAPERWIRE_SMTP_USER']) ?? optionalString(file['user'], at, 'smtp.user');
  const from = nonEmpty(env['PAPERWIRE_SMTP_FROM']) ?? optionalString(file['from'], at, 'smtp.from');
  if (from === null) {
    throw new ConfigError(at('smtp.host'), 'an SMTP host is set but no sender', {
      hint: 'set [smtp] from = "paperwire <you@example.org>" or PAPERWIRE_SMTP_FROM',
    });
  }
  if (user !== null && password === null) {
    throw new ConfigError(at('smtp.user'), `an SMTP user is set but no password`, {
      hint: 'set PAPERWIRE_SMTP_PASSWORD (better than writing it in the file)',
    });
  }
  return {
    host,
    port: explicitPort ?? (secure ? 465 : 587),
    secure,
    startTls,
    user,
    password,
    from,
    timeoutMs: wholeNumber(undefined, file['timeout_ms'], at, 'smtp.timeout_ms', '') ?? 30_000,
  };
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
  'email',
  'tldr',
  'max_tokens',
  'max_papers',
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
      email: validateAddresses(stringList(data['email'], at, `${key}.email`) ?? [], at(`${key}.email`)),
      tldr: bool(data['tldr'], at, `${key}.tldr`) ?? false,
      maxTokens: optionalPositive(data['max_tokens'], at, `${key}.max_tokens`),
      maxPapers: optionalPositive(data['max_papers'], at, `${key}.max_papers`),
    });
  }
  return profiles;
}

function optionalPositive(value: unknown, at: Locate, key: string): number | null {
  if (value === undefined) return null;
  return positiveInteger(undefined, value, at, key, 1);
}

/** A budget flag (`--max-tokens`, `--max-papers`): a positive whole number, or null when not given. */
export function parseBudget(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) {
    throw new ConfigError(flag, `"${value}" must be a positive whole number`, { hint: `e.g. ${flag} 100` });
  }
  return number;
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

/** Checks every entry looks like one e-mail address (no spaces or line breaks that could forge headers). */
export function validateAddresses(addresses: string[], where: string): string[] {
  for (const address of addresses) {
    if (!/^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/.test(address)) {
      throw new ConfigError(where, `"${address}" is not an e-mail address`, {
        hint: 'write it like reader@example.org',
      });
    }
  }
  return addresses;
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
