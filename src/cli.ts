// The command line: argv → command → exit code (EXIT_CODES), with cli/command-line.ts, the only place with
// process-level concerns (stdout, stderr, env, signals). A composition root with src/cli/, where each command is
// built. Each command's module is imported when it runs, so `--help` loads no command and `search` no web server.

import { UsageError } from './errors.js';
import { quoteInput } from './model.js';
import { answerWithoutCommand } from './cli-help.js';
import type { CliIo, CommandContext } from './cli/io.js';
import { defaultIo, runCommandLine } from './cli/command-line.js';

export type { CliIo } from './cli/io.js';
export { EXIT_CODES, exitCodeOf } from './cli/command-line.js';

/** Runs one command line and returns its exit code. Prints errors as one line (stack with --debug). */
export function main(argv: string[], given: CliIo = defaultIo): Promise<number> {
  return runCommandLine(argv, given, dispatch);
}

async function dispatch(argv: string[], io: CliIo, context: CommandContext): Promise<number> {
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
