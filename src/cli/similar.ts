// `paperwire similar ID`: the papers of the whole store most like one paper, closest first, as lines or JSON.

import { UsageError } from '../errors.js';
import { isArxivId, normalizeSpace, quoteInput, splitVersionedId, stripControls } from '../model.js';
import { findSimilarPapers } from '../pipeline/similar.js';
import { SIMILAR_OPTIONS, parse, parseLimit } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import { openLocalRuntime } from './local-runtime.js';

export function runSimilarCommand(args: string[], io: CliIo, context: CommandContext): number {
  const { values, positionals } = parse(args, SIMILAR_OPTIONS, true);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const [given, ...extra] = positionals;
  if (given === undefined || extra.length > 0) {
    throw new UsageError('similar needs exactly one arXiv ID', { hint: 'e.g. paperwire similar 2601.19928' });
  }
  const { arxivId } = splitVersionedId(given);
  if (!isArxivId(arxivId)) {
    throw new UsageError(`${quoteInput(given)} is not an arXiv id`, {
      hint: 'e.g. 2601.19928 or hep-th/9901001',
    });
  }
  const limit = parseLimit(values.limit, 10);
  const runtime = openLocalRuntime(values, io, 'search');
  try {
    const paper = runtime.store.loadPaper(arxivId);
    if (paper === null) {
      throw new UsageError(`paper ${arxivId} is not in the store`, {
        hint: `fetch its listing first (paperwire fetch), or search for it: paperwire search "..."`,
      });
    }
    const similar = findSimilarPapers(runtime.store, paper, { limit });
    if (values.json) {
      io.stdout(
        `${JSON.stringify(
          similar.map((item) => ({ ...item.paper, relevance: item.relevance })),
          null,
          2,
        )}\n`,
      );
    } else if (similar.length === 0) {
      io.stdout(`no paper in the store shares words with ${arxivId}\n`);
    } else {
      for (const { paper: other, relevance } of similar) {
        // A title stored by an older version may hold control characters: print it as text only.
        io.stdout(
          `${other.arxivId}  ${relevance.score.toFixed(2)}  ${normalizeSpace(stripControls(other.title))}\n` +
            `    https://arxiv.org/abs/${other.arxivId}\n` +
            relevance.reasons.map((reason) => `    ${stripControls(reason)}\n`).join(''),
        );
      }
    }
    return 0;
  } finally {
    runtime.progress.finish();
    runtime.store.close();
  }
}
