// What a command receives from cli.ts: the world it reads and writes (CliIo), and the process-level hooks
// (the help text, the stop signals) that only cli.ts owns.

/** Where a command writes and what it reads from the world; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  /** Writes one line to stderr (the newline is added). */
  stderr: (line: string) => void;
  /** Writes `text` to stderr as it is, no newline added: only the progress line, which rewrites itself with `\r`. */
  stderrRaw: (text: string) => void;
  /** Whether stderr is a terminal: only then is progress drawn (src/cli/progress.ts). */
  isTerminal: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now: () => Date;
}

/** What cli.ts hands every command besides its arguments and its io. */
export interface CommandContext {
  /** The `--help` text, printed by any command given `--help`. */
  help: string;
  /** Calls `listener` on each of SIGINT and SIGTERM, once; the returned function stops listening. */
  onStop: (listener: () => void) => () => void;
}
