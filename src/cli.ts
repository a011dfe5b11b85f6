// The command line: argv → command → exit code (0 done, 1 failed, 2 usage). A composition root: the only
// place, with server/ and schedule.ts, that builds concrete sources, stores and translators.

import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  loadConfig,
  oneOf,
  parseBudget,
  validateAddresses,
  validateCategories,
  type Config,
} from './config.js';
import { writeDigestFile } from './deliver/file.js';
import { sendEmail } from './deliver/smtp.js';
import { renderEmail } from './render/email.js';
import { createProfileRunner, createScheduler, sleepFor } from './schedule.js';
import { runDemo } from './demo.js';
import { DeeplTranslator } from './enrich/deepl/index.js';
import { OpenAiCompatibleTranslator } from './enrich/openai-compatible/index.js';
import { formatReportChecks } from './enrich/report.js';
import type { Translator } from './enrich/translator.js';
import { ConfigError, UsageError, formatError, isPaperwireError, registerSecret } from './errors.js';
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from './server/index.js';
import { DEFAULT_POLICIES, HttpClient, type HttpPolicy, type PolicyName } from './http.js';
import {
  LANGS,
  SORTS,
  STYLES,
  addDays,
  isoDateOf,
  parseIsoDate,
  type IsoDate,
  type Profile,
} from './model.js';
import { buildDigest } from './pipeline/digest.js';
import { loadHfDay } from './pipeline/hugging-face.js';
import { loadListing } from './pipeline/listing.js';
import { buildTrending, type TrendingItem } from './pipeline/trending.js';
import { renderDigest } from './render/index.js';
import { renderJson } from './render/json.js';
import { renderTrending, type TrendingEntry } from './render/trending.js';
import { ArxivApiSource } from './sources/arxiv-api/index.js';
import { ArxivRssSource } from './sources/arxiv-rss/index.js';
import { HfDailySource } from './sources/hf-daily/index.js';
import { openSqliteStore, translationCacheOf } from './store/sqlite/index.js';
import type { Store } from './store/store.js';

export const VERSION = '0.1.0';

/** Where a command writes and what it reads from the world; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (line: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now: () => Date;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
};

const HELP = `paperwire ${VERSION}: a daily research-paper wire

Usage:
  paperwire digest   [--keyword K]... [--category C]... [--date YYYY-MM-DD] [--lang ${LANGS.join('|')}]
                     [--style ${STYLES.join('|')}] [--sort ${SORTS.join('|')}] [--out FILE] [--profile NAME]
                     [--include-cross] [--include-replaced] [--refresh] [--email ADDRESS]...
                     [--tldr] [--max-tokens N] [--max-papers N]
  paperwire fetch    [--date YYYY-MM-DD] [--source arxiv|hf|all] [--category C]...
  paperwire search   QUERY [--limit N] [--json]
  paperwire trending [--date YYYY-MM-DD] [--query Q] [--limit N] [--lang ${LANGS.join('|')}] [--json] [--refresh]
  paperwire serve    [--host 127.0.0.1] [--port 8787]   the web UI, JSON API and feeds, until stopped
                     (another host than loopback needs a token: set PAPERWIRE_SERVE_TOKEN, 16+ characters)
  paperwire run      every profile after each arXiv announcement, until stopped (SIGTERM)
  paperwire demo     the digest, offline, on a bundled recorded day

Common options:
  --config FILE      the config file (default: ./paperwire.toml, then $PAPERWIRE_HOME/paperwire.toml)
  --home DIR         where the database lives (default: $PAPERWIRE_HOME or the user data folder)
  --debug            print stack traces on errors
  --help, --version

Keywords are queries: a plain phrase, or "exact phrase", AND, OR, NOT, ( ), ti: abs: au: cat:
(see docs/query-language.md). Translation needs an OpenAI-compatible endpoint: PAPERWIRE_LLM_BASE_URL,
PAPERWIRE_LLM_API_KEY, PAPERWIRE_LLM_MODEL (or OPENAI_BASE_URL, OPENAI_API_KEY), or DeepL:
PAPERWIRE_DEEPL_API_KEY. Every translation is checked (docs/verification.md); one that fails twice is
marked ⚠. --tldr adds a one-line summary per paper; --max-tokens and --max-papers cap a run's cost.
`;

const COMMON = {
  config: { type: 'string' },
  home: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const DIGEST_OPTIONS = {
  ...COMMON,
  keyword: { type: 'string', multiple: true, short: 'k' },
  category: { type: 'string', multiple: true, short: 'c' },
  date: { type: 'string' },
  lang: { type: 'string' },
  style: { type: 'string' },
  sort: { type: 'string' },
  out: { type: 'string', short: 'o' },
  profile: { type: 'string', short: 'p' },
  'include-cross': { type: 'boolean' },
  'include-replaced': { type: 'boolean' },
  refresh: { type: 'boolean' },
  email: { type: 'string', multiple: true },
  tldr: { type: 'boolean' },
  'max-tokens': { type: 'string' },
  'max-papers': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const RUN_OPTIONS = { ...COMMON } as const satisfies ParseArgsConfig['options'];

const SERVE_OPTIONS = {
  ...COMMON,
  host: { type: 'string' },
  port: { type: 'string' },
  token: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const FETCH_OPTIONS = {
  ...COMMON,
  date: { type: 'string' },
  source: { type: 'string' },
  category: { type: 'string', multiple: true, short: 'c' },
  refresh: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

const SEARCH_OPTIONS = {
  ...COMMON,
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

const TRENDING_OPTIONS = {
  ...COMMON,
  date: { type: 'string' },
  query: { type: 'string', short: 'q' },
  limit: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  refresh: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

const PLANNED = new Set(['import', 'harvest']);

/** Runs one command line and returns its exit code. Prints errors as one line (stack with --debug). */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    return await dispatch(argv, io);
  } catch (error) {
    io.stderr(formatError(error));
    if (debug && error instanceof Error && error.stack) io.stderr(error.stack);
    if (isPaperwireError(error) && error.code === 'E_USAGE') return 2;
    return 1;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  switch (command) {
    case 'digest':
      return runDigestCommand(rest, io);
    case 'fetch':
      return runFetchCommand(rest, io);
    case 'search':
      return runSearchCommand(rest, io);
    case 'trending':
      return runTrendingCommand(rest, io);
    case 'serve':
      return runServeCommand(rest, io);
    case 'run':
      return runScheduleCommand(rest, io);
    case 'demo':
      return runDemo({ stderr: io.stderr, runCli: (args, env) => main(args, { ...io, env }) }, rest);
    default:
      if (PLANNED.has(command))
        throw new UsageError(`"${command}" is not available in paperwire ${VERSION} yet`);
      throw new UsageError(`unknown command "${command}"`, {
        hint: 'commands: digest, fetch, search, trending, serve, run, demo; run `paperwire --help`',
      });
  }
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  positionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '') : String(error);
    throw new UsageError(message.replace(/^Unknown option/, 'unknown option'), { cause: error });
  }
}

function parseDate(value: string | undefined): IsoDate | null {
  if (value === undefined) return null;
  const date = parseIsoDate(value);
  if (date === null) {
    throw new UsageError(`--date "${value}" is not a real date`, {
      hint: 'write it as YYYY-MM-DD, e.g. 2026-01-30',
    });
  }
  return date;
}

/** The profile a digest runs with: the named (or default) profile, then flags on top. */
function profileFor(
  config: Config,
  values: ReturnType<typeof parse<typeof DIGEST_OPTIONS>>['values'],
): Profile {
  const name = values.profile ?? config.defaultProfile;
  const base = config.profiles.get(name);
  if (!base) {
    throw new UsageError(
      `--profile "${name}" is not in ${config.configPath ?? 'the config (no paperwire.toml found)'}`,
      {
        hint: `profiles: ${[...config.profiles.keys()].join(', ')}`,
      },
    );
  }
  return {
    ...base,
    keywords: values.keyword && values.keyword.length > 0 ? values.keyword : base.keywords,
    categories: values.category ? validateCategories(values.category, '--category') : base.categories,
    lang: oneOf(values.lang, LANGS, '--lang', 'lang') ?? base.lang,
    style: oneOf(values.style, STYLES, '--style', 'style') ?? base.style,
    sort: oneOf(values.sort, SORTS, '--sort', 'sort') ?? base.sort,
    includeCross: values['include-cross'] ?? base.includeCross,
    includeReplaced: values['include-replaced'] ?? base.includeReplaced,
    out: values.out ?? base.out,
    tldr: values.tldr ?? base.tldr ?? false,
    maxTokens: parseBudget(values['max-tokens'], '--max-tokens') ?? base.maxTokens ?? null,
    maxPapers: parseBudget(values['max-papers'], '--max-papers') ?? base.maxPapers ?? null,
  };
}

interface Runtime {
  config: Config;
  store: Store;
  client: HttpClient;
}

function openRuntime(values: { config?: string | undefined; home?: string | undefined }, io: CliIo): Runtime {
  const flags: { config?: string; home?: string } = {};
  if (values.config !== undefined) flags.config = values.config;
  if (values.home !== undefined) flags.home = values.home;
  const config = loadConfig({ cwd: io.cwd, env: io.env, flags });
  const store = openSqliteStore(config.dbPath);
  const everyPolicy: Partial<HttpPolicy> = {};
  if (config.http.retries !== null) everyPolicy.retries = config.http.retries;
  if (config.http.backoffMs !== null) everyPolicy.backoffMs = config.http.backoffMs;
  const policies = Object.fromEntries(
    (Object.keys(DEFAULT_POLICIES) as PolicyName[]).map((name) => [name, { ...everyPolicy }]),
  ) as Record<PolicyName, Partial<HttpPolicy>>;
  policies.llm = { ...policies.llm, timeoutMs: config.llm.timeoutMs };
  const client = new HttpClient({
    policies,
    onRetry: (event) =>
      io.stderr(
        `retry ${event.attempt} of ${event.url} in ${Math.round(event.delayMs / 100) / 10} s (${event.reason})`,
      ),
  });
  return { config, store, client };
}

/** The configured providers in fallback order (`[llm] providers`); a listed one that is not configured is an error. */
function buildTranslators(runtime: Runtime): Translator[] {
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

function buildSources(runtime: Runtime) {
  const { endpoints } = runtime.config;
  return {
    rss: new ArxivRssSource({ client: runtime.client, baseUrl: endpoints.arxivRss }),
    api: new ArxivApiSource({ client: runtime.client, baseUrl: endpoints.arxivApi }),
    hf: new HfDailySource({ client: runtime.client, baseUrl: endpoints.hfApi }),
  };
}

async function runDigestCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, DIGEST_OPTIONS);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const listingDate = parseDate(values.date);
  const runtime = openRuntime(values, io);
  try {
    const profile = profileFor(runtime.config, values);
    const run = await buildDigest(
      { profile, listingDate, now: io.now(), refresh: values.refresh ?? false },
      {
        store: runtime.store,
        ...buildSources(runtime),
        translator: buildTranslators(runtime),
        cache: translationCacheOf(runtime.store),
        glossary: runtime.config.glossary,
        concurrency: runtime.config.llm.concurrency,
        log: io.stderr,
      },
    );
    const { digest } = run;
    runtime.store.saveDigest({
      profile: digest.profile,
      listingDate: digest.listingDate,
      generatedAt: digest.generatedAt,
      json: renderJson(digest),
    });
    const text = renderDigest(digest, profile.style, { lang: profile.lang });
    if (profile.out) {
      const path = resolve(io.cwd, profile.out.replaceAll('{date}', digest.listingDate));
      await writeDigestFile(path, text);
      io.stderr(`wrote ${path}`);
    } else {
      io.stdout(text);
    }
    const recipients = validateAddresses(values.email ?? [], '--email');
    if (recipients.length > 0) {
      const smtp = runtime.config.smtp;
      if (smtp === null) {
        throw new ConfigError('--email', 'no SMTP server is configured', {
          hint: 'set [smtp] host and from in paperwire.toml, or PAPERWIRE_SMTP_HOST and PAPERWIRE_SMTP_FROM',
        });
      }
      const email = renderEmail(digest, { lang: profile.lang, webUrl: null });
      for (const address of recipients) {
        const sent = await sendEmail({ from: smtp.from, to: [address], ...email }, smtp);
        io.stderr(`sent to ${address} (${sent.messageId})`);
      }
    }
    io.stderr(
      `digest ${digest.listingDate} (${profile.name}): ${digest.paperCount} papers in ${digest.sections.length} sections; ` +
        `translations: ${run.translationRequests} requests, ${run.translationCacheHits} from cache` +
        (run.usage.promptTokens + run.usage.completionTokens > 0
          ? `, ${run.usage.promptTokens} + ${run.usage.completionTokens} tokens`
          : ''),
    );
    const report = digest.translationReport;
    if (report && report.checked + report.fromCache > 0) {
      io.stderr(
        `checks: ${report.checked} checked (${report.passed} passed, ${report.passedOnRetry} on retry, ` +
          `${report.marked} marked ⚠), ${report.fromCache} from cache (${report.cachedMarked} marked); ` +
          formatReportChecks(report),
      );
    }
    for (const notice of digest.notices) io.stderr(`notice: ${notice}`);
    const failed = digest.problems.filter((problem) => problem.rule === 'translation-failed');
    if (failed.length > 0) {
      io.stderr(`${failed.length} translations failed and show the English:`);
      for (const problem of failed) io.stderr(`  ${problem.where}: ${problem.what}`);
    }
    const other = digest.problems.filter((problem) => problem.rule !== 'translation-failed');
    for (const problem of other) io.stderr(`problem: ${problem.where}: ${problem.what}`);
    return 0;
  } finally {
    runtime.store.close();
  }
}

/** The long-running scheduler: every profile after each announcement, until SIGTERM or SIGINT. */
/** The web UI until SIGINT or SIGTERM. */
async function runServeCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, SERVE_OPTIONS);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port "${values.port}" must be a whole number from 0 to 65535`);
  }
  // A token on the command line is visible to other users in `ps`; the environment is preferred.
  const token = values.token || io.env['PAPERWIRE_SERVE_TOKEN'] || null;
  registerSecret(token);
  const runtime = openRuntime(values, io);
  try {
    const server = await startServer({
      store: runtime.store,
      profiles: [...runtime.config.profiles.keys()],
      host: values.host ?? DEFAULT_HOST,
      port,
      token,
      now: io.now,
      log: io.stderr,
    });
    io.stderr(`serving ${server.url} (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    io.stderr('server stopped');
    return 0;
  } finally {
    runtime.store.close();
  }
}

async function runScheduleCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, RUN_OPTIONS);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const runtime = openRuntime(values, io);
  const { config, store } = runtime;
  const controller = new AbortController();
  const stop = (): void => {
    io.stderr('stopping: finishing the current profile, then exiting');
    controller.abort();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    const runProfile = createProfileRunner({
      pipeline: {
        store,
        ...buildSources(runtime),
        translator: buildTranslators(runtime),
        cache: translationCacheOf(store),
        glossary: config.glossary,
        concurrency: config.llm.concurrency,
        log: io.stderr,
      },
      profiles: config.profiles,
      recipientsOf: (profile) => profile.email,
      mail: config.smtp ? { settings: config.smtp, from: config.smtp.from } : null,
      webUrlOf: () => null,
      resolvePath: (path) => resolve(io.cwd, path),
      now: io.now,
      log: io.stderr,
    });
    const profiles = [...config.profiles.keys()];
    io.stderr(`run: ${profiles.length} profiles (${profiles.join(', ')}); stop with Ctrl-C or SIGTERM`);
    await createScheduler({
      now: io.now,
      sleep: sleepFor,
      runProfile,
      store,
      profiles,
      delayMs: config.schedule.delayMinutes * 60_000,
      catchUpDays: config.schedule.catchUpDays,
      log: io.stderr,
    }).run(controller.signal);
    return 0;
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    store.close();
  }
}

async function runFetchCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, FETCH_OPTIONS);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const source = oneOf(values.source ?? 'arxiv', ['arxiv', 'hf', 'all'] as const, '--source', 'source');
  const listingDate = parseDate(values.date);
  const runtime = openRuntime(values, io);
  try {
    const sources = buildSources(runtime);
    const refresh = values.refresh ?? true;
    // --source hf: one Daily Papers day (default today, UTC); all: the arXiv listing and the two days a digest reads.
    let hfDays = [listingDate ?? isoDateOf(io.now())];
    if (source !== 'hf') {
      const categories = values.category
        ? validateCategories(values.category, '--category')
        : (runtime.config.profiles.get(runtime.config.defaultProfile)?.categories ?? ['cs']);
      const listing = await loadListing(
        { listingDate, categories, now: io.now(), refresh },
        { store: runtime.store, ...sources, log: io.stderr },
      );
      for (const problem of listing.problems) io.stderr(`problem: ${problem.where}: ${problem.what}`);
      io.stdout(`${listing.listingDate}: ${listing.papers.length} papers stored\n`);
      hfDays = [addDays(listing.listingDate, -1), listing.listingDate];
    }
    if (source === 'arxiv') return 0;
    for (const day of hfDays) {
      const loaded = await loadHfDay(
        day,
        { now: io.now(), refresh },
        { ...sources, store: runtime.store, log: io.stderr },
      );
      // A day without a listing is said once, on stdout.
      if (loaded.isListed)
        for (const problem of loaded.problems) io.stderr(`problem: ${problem.where}: ${problem.what}`);
      io.stdout(
        loaded.isListed
          ? `${day}: ${loaded.arxivIds.length} Hugging Face papers stored\n`
          : `${day}: Hugging Face has no Daily Papers listing\n`,
      );
    }
    return 0;
  } finally {
    runtime.store.close();
  }
}

async function runSearchCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, SEARCH_OPTIONS, true);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const query = positionals.join(' ').trim();
  if (query === '')
    throw new UsageError('search needs a QUERY', { hint: 'e.g. paperwire search "GRPO entropy"' });
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit <= 0) {
    throw new UsageError(`--limit "${values.limit}" must be a positive whole number`);
  }
  const runtime = openRuntime(values, io);
  try {
    const hits = runtime.store.searchPapers(query, { limit });
    if (values.json) {
      io.stdout(
        `${JSON.stringify(
          hits.map((hit) => ({ ...hit.paper, score: hit.score })),
          null,
          2,
        )}\n`,
      );
    } else if (hits.length === 0) {
      io.stdout(`no paper in the store matches "${query}"\n`);
    } else {
      for (const hit of hits) {
        io.stdout(
          `${hit.paper.arxivId}  ${hit.paper.title}\n    https://arxiv.org/abs/${hit.paper.arxivId}\n`,
        );
      }
    }
    return 0;
  } finally {
    runtime.store.close();
  }
}

/** `--limit N`: a whole number ≥ 1, or `fallback` when not given. */
function parseLimit(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit <= 0) {
    throw new UsageError(`--limit "${value}" must be a positive whole number`);
  }
  return limit;
}

/** Hugging Face's trending papers of one day (or a search), most upvoted first, as text or JSON. */
async function runTrendingCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, TRENDING_OPTIONS);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const query = values.query === undefined ? null : values.query.trim();
  if (query === '')
    throw new UsageError('--query is empty', { hint: 'e.g. --query "reinforcement learning"' });
  const date = parseDate(values.date) ?? isoDateOf(io.now());
  const limit = parseLimit(values.limit, 50);
  const lang = oneOf(values.lang, LANGS, '--lang', 'lang') ?? 'en';
  const runtime = openRuntime(values, io);
  try {
    const run = await buildTrending(
      { date, query, limit, lang, now: io.now(), refresh: values.refresh ?? false },
      {
        store: runtime.store,
        hf: buildSources(runtime).hf,
        translator: buildTranslators(runtime),
        cache: translationCacheOf(runtime.store),
        concurrency: runtime.config.llm.concurrency,
        log: io.stderr,
      },
    );
    const entries = run.items.map(trendingEntryOf);
    io.stdout(
      renderTrending(entries, {
        lang,
        date: query === null ? date : null,
        style: values.json ? 'json' : 'text',
      }),
    );
    for (const notice of run.notices) io.stderr(`notice: ${notice}`);
    for (const problem of run.problems) io.stderr(`problem: ${problem.where}: ${problem.what}`);
    return 0;
  } finally {
    runtime.store.close();
  }
}

/** What the trending renderer reads, from the stored paper (arXiv's metadata when arXiv has it) and its facts. */
function trendingEntryOf(item: TrendingItem): TrendingEntry {
  const { paper, hf, translation } = item;
  return {
    hf: {
      arxivId: paper.arxivId,
      title: paper.title,
      abstract: paper.abstract,
      authors: paper.authors,
      publishedAt: paper.publishedAt,
      submittedOnDailyAt: null,
      upvotes: hf.upvotes,
      organization: hf.organization === null ? null : { name: hf.organization, fullname: hf.organization },
    },
    translation,
  };
}
