// `paperwire fetch`: stores one arXiv listing and/or Hugging Face Daily Papers days without building a digest,
// one stdout line per day stored.

import { oneOf, validateCategories } from '../config.js';
import { addDays, isoDateOf, type IsoDate } from '../model.js';
import { loadHfDay, type HfFeed } from '../pipeline/hugging-face.js';
import { loadListing } from '../pipeline/listing.js';
import type { Store } from '../store/store.js';
import { FETCH_OPTIONS, parse, parseDate } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import type { ProgressReporter } from './progress.js';
import { buildSources } from './pipeline-deps.js';
import { openRuntime } from './runtime.js';

export async function runFetchCommand(args: string[], io: CliIo, context: CommandContext): Promise<number> {
  const { values } = parse(args, FETCH_OPTIONS);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const source = oneOf(values.source ?? 'arxiv', ['arxiv', 'hf', 'all'] as const, '--source', 'source');
  const listingDate = parseDate(values.date);
  const runtime = openRuntime(values, io);
  const { progress } = runtime;
  try {
    const sources = buildSources(runtime);
    const refresh = values.refresh ?? true;
    // --source hf: one Daily Papers day (default today, UTC); all: the arXiv listing and the two days a digest reads.
    let hfDays = [listingDate ?? isoDateOf(io.now())];
    if (source !== 'hf') {
      const categories = values.category
        ? validateCategories(values.category, '--category')
        : (runtime.config.profiles.get(runtime.config.defaultProfile)?.categories ?? ['cs']);
      const listing = await loadListing(
        { listingDate, categories, now: io.now(), refresh },
        { store: runtime.store, ...sources, log: (line) => progress.info(line) },
      );
      for (const problem of listing.problems) progress.warn(`problem: ${problem.where}: ${problem.what}`);
      io.stdout(`${listing.listingDate}: ${listing.papers.length} papers stored\n`);
      hfDays = [addDays(listing.listingDate, -1), listing.listingDate];
    }
    if (source === 'arxiv') return 0;
    await fetchHfDays(hfDays, refresh, { store: runtime.store, hf: sources.hf }, { io, progress });
    return 0;
  } finally {
    progress.finish();
    runtime.store.close();
  }
}

/** Stores the Daily Papers of each day, saying per day how many papers it held, or that it has no listing. */
async function fetchHfDays(
  days: IsoDate[],
  refresh: boolean,
  deps: { store: Store; hf: HfFeed },
  out: { io: CliIo; progress: ProgressReporter },
): Promise<void> {
  const { io, progress } = out;
  for (const day of days) {
    const loaded = await loadHfDay(
      day,
      { now: io.now(), refresh },
      { ...deps, log: (line) => progress.info(line) },
    );
    // A day without a listing is said once, on stdout.
    if (loaded.isListed)
      for (const problem of loaded.problems) progress.warn(`problem: ${problem.where}: ${problem.what}`);
    io.stdout(
      loaded.isListed
        ? `${day}: ${loaded.arxivIds.length} Hugging Face papers stored\n`
        : `${day}: Hugging Face has no Daily Papers listing\n`,
    );
  }
}
