// The command line: argv → command → exit code (EXIT_CODES), and the only place with process-level concerns
// (stdout, stderr, env, signals). A composition root with src/cli/, where each command is built.
// Each command's module is imported when it runs, so `--help` loads no command and `search` no web server.

import {
  NoAnnouncementError,
  UsageError,
  formatError,
  formatStack,
  isPaperwireError,
  redact,
} from './errors.js';
import { LANGS, SORTS, STYLES, stripControls } from './model.js';
import type { CliIo, CommandContext } from './cli/io.js';

export type { CliIo } from './cli/io.js';

export const VERSION = '0.1.0';

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  // Log lines quote errors, and errors quote what servers answered: nothing reaches the terminal as an escape.
  stderr: (line) => process.stderr.write(`${stripControls(line)}\n`),
  stderrRaw: (text) => process.stderr.write(text),
  // @types/node types isTTY as boolean, but it is undefined when stderr is a pipe or a file.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-boolean-literal-compare -- see above
  isTerminal: process.stderr.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
};

const HELP = `paperwire ${VERSION}: a daily research-paper wire

Usage:
  paperwire digest   [--keyword K]... [--category C]... [--date YYYY-MM-DD] [--lang ${LANGS.join('|')}]
                     [--style ${STYLES.join('|')}] [--sort ${SORTS.join('|')}] [--out FILE] [--profile NAME]
                     [--include-cross] [--include-replaced] [--refresh] [--email ADDRESS]...
                     [--resend] [--tldr] [--max-tokens N] [--max-papers N] [--unseen|--no-unseen] [--min-score X]
                     [--top N] [--notify TARGET]...
  paperwire fetch    [--date YYYY-MM-DD] [--source arxiv|hf|all] [--category C]...
  paperwire search   QUERY [--limit N] [--json] [--sort relevance] [--category C]... [--from D] [--until D]
                     [--author NAME] [--lang ${LANGS.join('|')}]   D: YYYY-MM-DD, YYYY-MM or YYYY
  paperwire trend    QUERY... [--by year|month] [--category C]... [--from D] [--until D] [--author NAME] [--json]
                     papers of the store matching each query per year or month, side by side
  paperwire similar  ID [--limit N] [--json]           the papers of the store most like one paper
  paperwire trending [--date YYYY-MM-DD] [--query Q] [--limit N] [--lang ${LANGS.join('|')}] [--json] [--refresh]
                     [--sort relevance]
  paperwire serve    [--host 127.0.0.1] [--port 8787]   the web UI, JSON API and feeds, until stopped
                     (another host than loopback needs a token: set PAPERWIRE_SERVE_TOKEN, 16+ characters)
  paperwire run      every profile after each arXiv announcement, until stopped (SIGTERM)
  paperwire demo     [--tour]   the digest, offline, on a bundled recorded day; --tour goes on through every
                                other command (search, library, rate, similar, trending, import, harvest, ...)
  paperwire library  add FILE...   your library from BibTeX, RIS or CSL-JSON exports (Zotero, Mendeley, JabRef,
                                   Google Scholar); abstracts of arXiv entries without one come from arXiv
                     list [--json] | remove ID
  paperwire rate     ID... --up|--down|--save|--clear    rate papers the store knows (ids, versioned ids, URLs)
                     --list [--json]
  paperwire harvest  [--set SET] [--from YYYY-MM-DD] [--until YYYY-MM-DD]   arXiv's archive over OAI-PMH
                     (PAPERWIRE_ARXIV_OAI_URL); SET: cs, cs.LG, hep-th or a set spec (cs:cs:LG). Resumes after a
                     kill; --from defaults to where the set's last harvest ended (the first one needs it)
  paperwire site     --out DIR [--url URL]   the archive as a static site (GitHub Pages, any host, file://)
  paperwire feed     QUERY [--out FILE.xml|FILE.atom] [--lang ${LANGS.join('|')}] [--limit N]
                     the newest papers matching QUERY as RSS or Atom (by the extension; RSS on stdout)
  paperwire import   SNAPSHOT.jsonl[.gz] [--batch-size N]   arXiv's metadata snapshot (Kaggle) into the store;
                                   a killed import resumes where it stopped, a second one changes nothing
  paperwire stats    [--json]      papers by year and archive, listings, translations, database size

Common options:
  --config FILE      the config file (default: ./paperwire.toml, then $PAPERWIRE_HOME/paperwire.toml)
  --home DIR         where the database lives (default: $PAPERWIRE_HOME or the user data folder)
  --quiet            no progress and no informational lines on stderr; warnings and errors still show
  --debug            print stack traces on errors
  --help, --version

Exit codes: 0 done (also: no announcement on that date, or already e-mailed), 1 failed, 2 usage (a bad flag or
flag value), 75 not announced yet (try again later). A digest whose flags change a profile's keywords,
categories, announce types, language, sort, --tldr or budgets is saved as "<profile>~<hash>", never over the
profile's archive. --resend e-mails an address that already got the profile's digest of that date.
--notify sends the compact digest to a chat target ([notify.NAME]: Slack, Discord, Telegram, Feishu, DingTalk,
WeCom, a JSON webhook; docs/chat.md), once per date (--resend sends it again); run sends each profile's notify.

Keywords are queries: a plain phrase, or "exact phrase", AND, OR, NOT, ( ), ti: abs: au: cat:
(see docs/query-language.md); search, trend and feed read the same, e.g. 'diffusion policy -survey cat:cs.RO'. Translation needs an OpenAI-compatible endpoint: PAPERWIRE_LLM_BASE_URL,
PAPERWIRE_LLM_API_KEY, PAPERWIRE_LLM_MODEL (or OPENAI_BASE_URL, OPENAI_API_KEY), or DeepL:
PAPERWIRE_DEEPL_API_KEY. Every translation is checked (docs/verification.md); one that fails twice is
marked ⚠. --tldr adds a one-line summary per paper; --max-tokens and --max-papers cap a run's cost.
--unseen (profile unseen = true) hides papers an earlier digest of the profile showed, v2 and cross-lists too;
--no-unseen shows them for one run.
--sort relevance ranks by what your library and ratings say you like (docs/relevance.md); --min-score X
(0..1) keeps papers scoring at least X, --top N the N best.
`;

const context: CommandContext = {
  help: HELP,
  onStop: (listener) => {
    process.once('SIGINT', listener);
    process.once('SIGTERM', listener);
    return () => {
      process.off('SIGINT', listener);
      process.off('SIGTERM', listener);
    };
  },
};

/** What each exit code means; README.md's "Exit codes" table says the same. */
export const EXIT_CODES = {
  /** Done; also a date without an announcement (weekend, holiday) and addresses already e-mailed. */
  done: 0,
  /** Something failed: a service, the store, a delivery, the config file or environment. */
  failed: 1,
  /** The command line is wrong: an unknown command or flag, a bad flag value (a date before arXiv included). */
  usage: 2,
  /** The listing date is not announced yet; the same command will work later (sysexits.h EX_TEMPFAIL). */
  notYet: 75,
} as const;

/** Runs one command line and returns its exit code. Prints errors as one line (stack with --debug). */
export async function main(argv: string[], given: CliIo = defaultIo): Promise<number> {
  const debug = argv.includes('--debug');
  // Every stderr line of every command passes here: the one choke point where logs are redacted.
  const io: CliIo = { ...given, stderr: (line) => given.stderr(redact(line)) };
  try {
    return await dispatch(argv, io);
  } catch (error) {
    const code = exitCodeOf(error);
    // No announcement that day is an answer, not a failure: cron stays quiet with --quiet and sees 0.
    if (code === EXIT_CODES.done) {
      if (!argv.includes('--quiet')) io.stderr(formatError(error));
      return code;
    }
    io.stderr(formatFailure(error, argv[0]));
    if (debug) io.stderr(formatStack(error));
    return code;
  }
}

/** The exit code an error ends the command with (EXIT_CODES). */
export function exitCodeOf(error: unknown): number {
  if (error instanceof NoAnnouncementError) {
    if (error.kind === 'not-yet') return EXIT_CODES.notYet;
    if (error.kind === 'before-arxiv') return EXIT_CODES.usage;
    return EXIT_CODES.done;
  }
  if (isPaperwireError(error) && error.code === 'E_USAGE') return EXIT_CODES.usage;
  return EXIT_CODES.failed;
}

/** formatError's one line; an error paperwire did not expect also names the command it broke and asks for --debug. */
function formatFailure(error: unknown, command: string | undefined): string {
  const line = formatError(error);
  if (isPaperwireError(error)) return line;
  return `${line.replace(/^paperwire: /, `paperwire ${command ?? ''}: `)} (rerun with --debug for the stack)`;
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
      return (await import('./cli/digest.js')).runDigestCommand(rest, io, context);
    case 'fetch':
      return (await import('./cli/fetch.js')).runFetchCommand(rest, io, context);
    case 'search':
      return (await import('./cli/search.js')).runSearchCommand(rest, io, context);
    case 'trend':
      return (await import('./cli/trend.js')).runTrendCommand(rest, io, context);
    case 'trending':
      return (await import('./cli/trending.js')).runTrendingCommand(rest, io, context);
    case 'similar':
      return (await import('./cli/similar.js')).runSimilarCommand(rest, io, context);
    case 'serve':
      return (await import('./cli/serve.js')).runServeCommand(rest, io, context);
    case 'run':
      return (await import('./cli/run.js')).runScheduleCommand(rest, io, context);
    case 'library':
      return (await import('./cli/library.js')).runLibraryCommand(rest, io, context);
    case 'rate':
      return (await import('./cli/rate.js')).runRateCommand(rest, io, context);
    case 'harvest':
      return (await import('./cli/harvest.js')).runHarvestCommand(rest, io, context);
    case 'site':
      return (await import('./cli/site.js')).runSiteCommand(rest, io, context);
    case 'feed':
      return (await import('./cli/feed.js')).runFeedCommand(rest, io, context);
    case 'import':
      return (await import('./cli/import.js')).runImportCommand(rest, io, context);
    case 'stats':
      return (await import('./cli/stats.js')).runStatsCommand(rest, io, context);
    case 'demo': {
      const { runDemo } = await import('./demo.js');
      return runDemo(
        { stdout: io.stdout, stderr: io.stderr, runCli: (args, env) => main(args, { ...io, env }) },
        rest,
      );
    }
    default:
      throw new UsageError(`unknown command "${command}"`, {
        hint: 'commands: digest, fetch, search, trend, similar, trending, serve, run, demo, library, rate, import, harvest, stats, site, feed; run `paperwire --help`',
      });
  }
}
