// `paperwire search`: full-text search over the papers in the store, as lines or JSON.

import { UsageError } from '../errors.js';
import { findSearchQueryFault, normalizeSpace, stripControls } from '../model.js';
import { SEARCH_OPTIONS, parse, parseLimit } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import { openRuntime } from './runtime.js';

/** Runs `paperwire search ARGS`; synchronous inside (the store is), a Promise like every command. */
export function runSearchCommand(args: string[], io: CliIo, context: CommandContext): Promise<number> {
  return Promise.resolve(search(args, io, context));
}

function search(args: string[], io: CliIo, context: CommandContext): number {
  const { values, positionals } = parse(args, SEARCH_OPTIONS, true);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const query = positionals.join(' ').trim();
  if (query === '')
    throw new UsageError('search needs a QUERY', { hint: 'e.g. paperwire search "GRPO entropy"' });
  const fault = findSearchQueryFault(query);
  if (fault !== null) throw new UsageError(fault, { hint: 'search for the few words that matter most' });
  const limit = parseLimit(values.limit, 20);
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
          // A title stored by an older version may hold control characters: print it as text only.
          `${hit.paper.arxivId}  ${normalizeSpace(stripControls(hit.paper.title))}\n    https://arxiv.org/abs/${hit.paper.arxivId}\n`,
        );
      }
    }
    return 0;
  } finally {
    runtime.progress.finish();
    runtime.store.close();
  }
}
