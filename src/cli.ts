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
import { quoteInput, stripControls } from './model.js';
import { HELP, answerWithoutCommand } from './cli-help.js';
import type { CliIo, CommandContext } from './cli/io.js';

export type { CliIo } from './cli/io.js';

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
  const answer = answerWithoutCommand(argv);
  if (answer !== null) {
    io.stdout(answer.text);
    return answer.exitCode;
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
      throw new UsageError(`unknown command ${quoteInput(command ?? '')}`, {
        hint: 'commands: digest, fetch, search, trend, similar, trending, serve, run, demo, library, rate, import, harvest, stats, site, feed; run `paperwire --help`',
      });
  }
}
