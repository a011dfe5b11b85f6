// `paperwire search`: full-text search over the papers in the store, as lines or JSON.

import { UsageError } from '../errors.js';
import { oneOf } from '../config.js';
import { findSearchQueryFault, normalizeSpace, stripControls, type Relevance } from '../model.js';
import type { SearchHit } from '../store/store.js';
import { SEARCH_OPTIONS, parse, parseLimit } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import { openRuntime, type Runtime } from './runtime.js';

/** Runs `paperwire search ARGS`. */
export async function runSearchCommand(args: string[], io: CliIo, context: CommandContext): Promise<number> {
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
  const sort = oneOf(values.sort, SEARCH_SORTS, '--sort', 'sort') ?? 'best';
  const runtime = openRuntime(values, io);
  try {
    const found = runtime.store.searchPapers(query, { limit });
    const hits: RankedHit[] = sort === 'relevance' ? await rankHitsByRelevance(found, runtime) : found;
    if (values.json) {
      io.stdout(
        `${JSON.stringify(
          hits.map((hit) => ({ ...hit.paper, score: hit.score, ...relevanceOf(hit) })),
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
          `${hit.paper.arxivId}  ${normalizeSpace(stripControls(hit.paper.title))}\n    https://arxiv.org/abs/${hit.paper.arxivId}\n` +
            (hit.relevance === undefined ? '' : `    ${stripControls(formatRelevanceLine(hit.relevance))}\n`),
        );
      }
    }
    return 0;
  } finally {
    runtime.progress.finish();
    runtime.store.close();
  }
}

/** `search --sort`: `best` (full-text rank, the default) or `relevance` (the reader's model over the hits). */
const SEARCH_SORTS = ['best', 'relevance'] as const;

type RankedHit = SearchHit & { relevance?: Relevance };

/**
 * The hits in relevance order (pipeline/relevance.ts, loaded only for `--sort relevance`), each with its relevance;
 * on a cold start the full-text order is kept and the notice goes to stderr.
 */
async function rankHitsByRelevance(hits: SearchHit[], runtime: Runtime): Promise<RankedHit[]> {
  const [{ scoreRelevance, COLD_START_NOTICE }, { rankEntries }] = await Promise.all([
    import('../pipeline/relevance.js'),
    import('../rank/rank.js'),
  ]);
  const run = await scoreRelevance(
    hits.map((hit) => hit.paper),
    { store: runtime.store },
  );
  if (run.isColdStart) runtime.progress.warn(`notice: ${COLD_START_NOTICE}`);
  const scores = new Map([...run.scores].map(([arxivId, scored]) => [arxivId, scored.score]));
  return rankEntries(hits, 'relevance', { relevance: scores }).map((hit) => {
    const relevance = run.scores.get(hit.paper.arxivId);
    return relevance === undefined ? hit : { ...hit, relevance };
  });
}

function relevanceOf(hit: RankedHit): { relevance?: Relevance } {
  return hit.relevance === undefined ? {} : { relevance: hit.relevance };
}

/** `relevance 0.82 · close to '…' in your library; words: …` */
function formatRelevanceLine(relevance: Relevance): string {
  const reasons = relevance.reasons.join('; ');
  return `relevance ${relevance.score.toFixed(2)}${reasons === '' ? '' : ` · ${reasons}`}`;
}
