// One command line, argv → exit code (EXIT_CODES), around a dispatch that runs the command: the process's io, the
// stop signals, redacted logs and one-line errors. Shared by cli.ts (every command, each imported when it runs) and
// cli/search-main.ts (`search` alone, the CommonJS file bin/paperwire.js requires for it).

import { NoAnnouncementError, formatError, formatStack, isPaperwireError, redact } from '../errors.js';
import { stripControls } from '../model.js';
import { HELP } from '../cli-help.js';
import type { CliIo, CommandContext } from './io.js';

/** The process's own stdout, stderr, environment and clock. */
export const defaultIo: CliIo = {
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

/** What every command is handed besides its arguments and io: the help text and the stop signals. */
const commandContext: CommandContext = {
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

/** Runs the command of a command line: its exit code, or a throw that runCommandLine turns into one. */
export type Dispatch = (argv: string[], io: CliIo, context: CommandContext) => Promise<number>;

/**
 * Runs one command line through `dispatch` and returns its exit code. Every stderr line is redacted; errors are
 * printed as one line (the stack too with --debug).
 */
export async function runCommandLine(argv: string[], given: CliIo, dispatch: Dispatch): Promise<number> {
  const debug = argv.includes('--debug');
  // Every stderr line of every command passes here: the one choke point where logs are redacted.
  const io: CliIo = { ...given, stderr: (line) => given.stderr(redact(line)) };
  try {
    return await dispatch(argv, io, commandContext);
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
