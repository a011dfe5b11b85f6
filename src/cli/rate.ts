// `paperwire rate ID... --up|--down|--save|--clear` and `paperwire rate --list [--json]`: the reader's ratings of
// papers the store knows, kept with their times (a clear is kept too), for the relevance model.

import { UsageError } from '../errors.js';
import { normalizeSpace, quoteInput, stripControls, type RatingKind } from '../model.js';
import { parseArxivReference } from '../library/arxiv-ids.js';
import type { Store } from '../store/store.js';
import { RATE_OPTIONS, parse } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import { formatCount } from './progress.js';
import { openLocalRuntime } from './local-runtime.js';

const KIND_FLAGS = ['up', 'down', 'save', 'clear'] as const;

/** Runs `paperwire rate ARGS`; synchronous inside (the store is), a Promise like every command. */
export function runRateCommand(args: string[], io: CliIo, context: CommandContext): Promise<number> {
  return Promise.resolve(rate(args, io, context));
}

function rate(args: string[], io: CliIo, context: CommandContext): number {
  const { values, positionals } = parse(args, RATE_OPTIONS, true);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const given = KIND_FLAGS.filter((flag) => values[flag] === true);
  if (values.list === true) {
    if (positionals.length > 0 || given.length > 0) {
      throw new UsageError('rate --list takes no ids and no --up, --down, --save or --clear');
    }
  } else {
    if (values.json === true) throw new UsageError('--json goes with `rate --list` only');
    checkRateArgs(positionals, given);
  }
  // Every id is read before the store is opened: a malformed one fails with nothing rated.
  const ids = positionals.map(parseId);
  const runtime = openLocalRuntime(values, io, values.list === true ? 'read' : 'write');
  try {
    if (values.list === true) {
      listRatings(runtime.store, io, values.json ?? false);
      return 0;
    }
    const flag = given[0] ?? 'clear';
    rateIds(ids, flag === 'clear' ? null : flag, runtime.store, io);
    return 0;
  } finally {
    runtime.progress.finish();
    runtime.store.close();
  }
}

function checkRateArgs(ids: readonly string[], given: readonly string[]): void {
  if (ids.length === 0) {
    throw new UsageError('rate needs at least one ID', {
      hint: 'e.g. paperwire rate 2501.01234 --up (or rate --list)',
    });
  }
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0
        ? 'rate needs one of --up, --down, --save or --clear'
        : `rate takes one of --up, --down, --save or --clear, not ${given.map((flag) => `--${flag}`).join(' and ')}`,
    );
  }
}

/** An arXiv id in any form a reader copies (versioned, `arXiv:`, abs/pdf URL, DOI) → versionless. */
function parseId(text: string): string {
  const arxivId = parseArxivReference(text);
  if (arxivId === null) {
    throw new UsageError(`${quoteInput(text)} is not an arXiv id`, {
      hint: 'give an id like 2501.01234 or hep-th/9901001, versioned or as an arxiv.org URL',
    });
  }
  return arxivId;
}

/**
 * Rates every id, or none: an id the store does not know (not a stored paper, not in the library) is a usage
 * error naming it, before anything is written.
 */
function rateIds(ids: readonly string[], kind: RatingKind | null, store: Store, io: CliIo): void {
  const inLibrary = new Set(store.loadLibrary().map((entry) => entry.arxivId));
  const unknown = [...new Set(ids)].filter(
    (arxivId) => store.loadPaper(arxivId) === null && !inLibrary.has(arxivId),
  );
  if (unknown.length > 0) {
    throw new UsageError(
      `rate: ${namesOf(unknown)} ${unknown.length === 1 ? 'is' : 'are'} not in the store or the library, so nothing was rated`,
      {
        hint:
          'store it first: `paperwire fetch --date YYYY-MM-DD` for its listing, or `paperwire library add FILE` ' +
          'with an export that names it',
      },
    );
  }
  const now = io.now();
  for (const arxivId of new Set(ids)) {
    store.setRating(arxivId, kind, now);
    io.stdout(kind === null ? `${arxivId}: rating cleared\n` : `${arxivId}: ${kind}\n`);
  }
}

/** The most unknown ids an error names; the rest are counted, so 20,000 pasted ids stay one readable line. */
const MAX_NAMED_IDS = 5;

/** `a, b, c`, or `a, b, c, d, e and 19,995 more`. */
function namesOf(ids: readonly string[]): string {
  if (ids.length <= MAX_NAMED_IDS) return ids.join(', ');
  return `${ids.slice(0, MAX_NAMED_IDS).join(', ')} and ${formatCount(ids.length - MAX_NAMED_IDS)} more`;
}

function listRatings(store: Store, io: CliIo, isJson: boolean): void {
  const ratings = store.loadRatings().map((rating) => ({
    ...rating,
    title: store.loadPaper(rating.arxivId)?.title ?? null,
  }));
  if (isJson) {
    const rows = ratings.map((rating) => ({ ...rating, ratedAt: rating.ratedAt.toISOString() }));
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (ratings.length === 0) {
    io.stdout('no ratings yet: rate a paper with `paperwire rate ID --up`\n');
    return;
  }
  for (const rating of ratings) {
    const title = rating.title === null ? '' : `  ${normalizeSpace(stripControls(rating.title))}`;
    io.stdout(`${rating.arxivId}  ${rating.kind.padEnd(4)}  ${rating.ratedAt.toISOString()}${title}\n`);
  }
}
