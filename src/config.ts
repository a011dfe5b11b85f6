// Config: paperwire.toml + environment + flags → one validated Config. Every default lives here, each table's
// loader in config/. Flags win over the environment, the environment over the file; errors name file and line.

import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { ChatTarget, Lang, Profile, UserGlossaryEntry } from './model.js';
import { findConfigFile, locator, readConfigFile } from './config/file.js';
import { ENDPOINTS_KEYS, loadEndpoints, type Endpoints } from './config/endpoints.js';
import { loadGlossaryEntries } from './config/glossary.js';
import { HTTP_KEYS, loadHttpOverrides, type HttpOverrides } from './config/http.js';
import {
  DEEPL_KEYS,
  LLM_KEYS,
  loadDeepl,
  loadLlm,
  type DeeplConfig,
  type LlmConfig,
  type LlmDefaults,
} from './config/llm.js';
import { checkNotifyNames, loadNotify } from './config/notify.js';
import { loadDefaultProfile, loadProfiles } from './config/profiles.js';
import { SCHEDULE_KEYS, loadSchedule, type ScheduleConfig } from './config/schedule.js';
import { SMTP_KEYS, loadSmtp, type SmtpConfig, type SmtpDefaults } from './config/smtp.js';
import { checkKeys, checkedTable, nonEmpty } from './config/values.js';
import { UsageError } from './errors.js';
import { WEB_KEYS, loadWeb, type WebConfig } from './config/web.js';
import { RELEVANCE_KEYS, loadRelevance, type RelevanceConfig } from './config/relevance.js';

export type { SmtpConfig } from './config/smtp.js';
export {
  baseUrlFault,
  checkOutTemplate,
  checkPathText,
  oneOf,
  parseBudget,
  parseMinScore,
  validateAddresses,
  validateCategories,
  valueError,
} from './config/values.js';

const DEFAULT_ENDPOINTS: Endpoints = {
  arxivRss: 'https://rss.arxiv.org/rss',
  arxivApi: 'https://export.arxiv.org/api/query',
  arxivOai: 'https://oaipmh.arxiv.org/oai',
  hfApi: 'https://huggingface.co/api',
};

const DEFAULT_PROFILE: Omit<Profile, 'name'> = {
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

const DEFAULT_LLM: LlmDefaults = { model: 'gpt-4o-mini', concurrency: 4, timeoutMs: 120_000 };

const DEFAULT_SMTP: SmtpDefaults = { startTls: 'required', timeoutMs: 30_000 };

const DEFAULT_SCHEDULE: ScheduleConfig = { delayMinutes: 30, catchUpDays: 3 };

const TOP_KEYS = [
  'default_profile',
  'llm',
  'deepl',
  'glossary',
  'endpoints',
  'http',
  'smtp',
  'schedule',
  'web',
  'relevance',
  'notify',
  'profiles',
] as const;

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
  web: WebConfig;
  /** Optional embeddings for the relevance model (`[relevance]`). */
  relevance: RelevanceConfig;
  deepl: DeeplConfig | null;
  /** User glossary entries per target language; they replace shipped entries of the same term. */
  glossary: Partial<Record<Lang, UserGlossaryEntry[]>>;
  profiles: Map<string, Profile>;
  defaultProfile: string;
  /** Chat targets by name (`[notify.<name>]`); a profile's `notify` lists the ones `run` sends it to. */
  notify: Map<string, ChatTarget>;
}

/** Values given on the command line; each wins over the environment and the file. */
interface ConfigFlags {
  config?: string;
  home?: string;
}

export interface LoadConfigOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags: ConfigFlags;
  platform?: NodeJS.Platform;
}

/** The platform's user data folder for paperwire (XDG on Linux, Application Support on macOS, APPDATA on Windows). */
export function defaultHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'paperwire');
  if (platform === 'win32') {
    return join(nonEmpty(env['APPDATA']) ?? join(homedir(), 'AppData', 'Roaming'), 'paperwire');
  }
  // XDG Base Directory spec: a relative (or empty) XDG_DATA_HOME is invalid and ignored. Taken, it put the store
  // under whatever folder the command ran in (`XDG_DATA_HOME= paperwire ...` made ./paperwire/paperwire.sqlite).
  const xdgDataHome = nonEmpty(env['XDG_DATA_HOME']);
  return join(
    xdgDataHome !== undefined && isAbsolute(xdgDataHome) ? xdgDataHome : join(homedir(), '.local', 'share'),
    'paperwire',
  );
}

/** Reads and validates the config; throws `ConfigError` naming the file and line, or the variable. */
export function loadConfig(options: LoadConfigOptions): Config {
  const { cwd, env, flags } = options;
  // `--home "$DIR"` with DIR unset: resolved, "" was the current folder, a new empty store beside the reader's.
  for (const [flag, value] of [
    ['--home', flags.home],
    ['--config', flags.config],
  ] as const) {
    if (value?.trim() === '') {
      throw new UsageError(`${flag} is empty`, {
        hint: `name a ${flag === '--home' ? 'folder' : 'file'}, or leave ${flag} out`,
      });
    }
  }
  const home = resolve(
    cwd,
    flags.home ?? nonEmpty(env['PAPERWIRE_HOME']) ?? defaultHome(env, options.platform),
  );
  const configPath = findConfigFile(cwd, home, flags.config);
  const file = configPath ? readConfigFile(configPath) : { data: {}, text: '' };
  const at = locator(configPath ?? 'paperwire.toml', file.text);

  // Every key is checked before any value, so a misspelt key is reported first.
  checkKeys(file.data, TOP_KEYS, at, '');
  const smtpTable = checkedTable(file.data, 'smtp', SMTP_KEYS, at);
  const scheduleTable = checkedTable(file.data, 'schedule', SCHEDULE_KEYS, at);
  const httpTable = checkedTable(file.data, 'http', HTTP_KEYS, at);
  const llmTable = checkedTable(file.data, 'llm', LLM_KEYS, at);
  const deeplTable = checkedTable(file.data, 'deepl', DEEPL_KEYS, at);
  const endpointsTable = checkedTable(file.data, 'endpoints', ENDPOINTS_KEYS, at);
  const webTable = checkedTable(file.data, 'web', WEB_KEYS, at);
  const relevanceTable = checkedTable(file.data, 'relevance', RELEVANCE_KEYS, at);

  const endpoints = loadEndpoints(env, endpointsTable, at, DEFAULT_ENDPOINTS);
  const deepl = loadDeepl(env, deeplTable, at);
  const llm = loadLlm(env, llmTable, at, deepl !== null, DEFAULT_LLM);
  const glossary = loadGlossaryEntries(file.data['glossary'], at);
  const http = loadHttpOverrides(env, httpTable, at);
  const profiles = loadProfiles(file.data['profiles'], at, DEFAULT_PROFILE);
  const defaultProfile = loadDefaultProfile(file.data['default_profile'], profiles, at, DEFAULT_PROFILE);
  const smtp = loadSmtp(env, smtpTable, at, DEFAULT_SMTP);
  const schedule = loadSchedule(scheduleTable, at, DEFAULT_SCHEDULE);
  const web = loadWeb(env, webTable, at);
  const relevance = loadRelevance(env, relevanceTable, at);
  const notify = loadNotify(env, file.data['notify'], at);
  for (const profile of profiles.values()) {
    checkNotifyNames(profile.notify ?? [], notify, at(`profiles.${profile.name}.notify`));
  }
  return {
    home,
    dbPath: join(home, 'paperwire.sqlite'),
    configPath,
    smtp,
    schedule,
    web,
    relevance,
    deepl,
    glossary,
    endpoints,
    llm,
    http,
    profiles,
    defaultProfile,
    notify,
  };
}
