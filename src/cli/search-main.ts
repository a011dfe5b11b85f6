// `paperwire search` on its own: the entry of dist/search.cjs, one CommonJS file that bin/paperwire.js requires for
// a search, so that node's ES module loader never starts (about 6 ms of CPU) and no module is resolved and linked
// one by one. The same command and errors as cli.ts's `main(['search', ...])` (docs/architecture.md, "Startup").

import { defaultIo, runCommandLine } from './command-line.js';
import type { CliIo } from './io.js';
import { runSearchCommand } from './search.js';

/** Runs `paperwire search ...` (argv[0] is `search`) and returns its exit code, as cli.ts's `main` would. */
export function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  return runCommandLine(argv, io, (args, commandIo, context) =>
    runSearchCommand(args.slice(1), commandIo, context),
  );
}
