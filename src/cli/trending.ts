// `paperwire trending`: Hugging Face's trending papers of one day (or a search), most upvoted first, translated
// like a digest, as text or JSON.

import { oneOf } from '../config.js';
import { UsageError } from '../errors.js';
import { LANGS, isoDateOf } from '../model.js';
import { buildTrending } from '../pipeline/trending.js';
import { renderTrending } from '../render/text/trending.js';
import { translationCacheOf } from '../store/sqlite/index.js';
import { TRENDING_OPTIONS, parse, parseDate, parseLimit } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import { buildEmbedder, buildSources, buildTranslators } from './pipeline-deps.js';
import { openRuntime } from './runtime.js';

/** How `trending --sort` may order the list. */
const TRENDING_SORTS = ['upvotes', 'relevance'] as const;

export async function runTrendingCommand(
  args: string[],
  io: CliIo,
  context: CommandContext,
): Promise<number> {
  const { values } = parse(args, TRENDING_OPTIONS);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const query = values.query === undefined ? null : values.query.trim();
  if (query === '')
    throw new UsageError('--query is empty', { hint: 'e.g. --query "reinforcement learning"' });
  const date = parseDate(values.date) ?? isoDateOf(io.now());
  const limit = parseLimit(values.limit, 50);
  const lang = oneOf(values.lang, LANGS, '--lang', 'lang') ?? 'en';
  const sort = oneOf(values.sort, TRENDING_SORTS, '--sort', 'sort') ?? 'upvotes';
  const runtime = openRuntime(values, io);
  const { progress } = runtime;
  try {
    const run = await buildTrending(
      { date, query, limit, lang, now: io.now(), refresh: values.refresh ?? false, sort },
      {
        store: runtime.store,
        hf: buildSources(runtime).hf,
        translator: buildTranslators(runtime),
        cache: translationCacheOf(runtime.store),
        concurrency: runtime.config.llm.concurrency,
        log: (line) => progress.info(line),
        progress: (event) => progress.advanced(event),
        embedder: sort === 'relevance' ? buildEmbedder(runtime) : null,
      },
    );
    io.stdout(
      renderTrending(run.items, {
        lang,
        date: query === null ? date : null,
        style: values.json ? 'json' : 'text',
      }),
    );
    for (const notice of run.notices) progress.warn(`notice: ${notice}`);
    for (const problem of run.problems) progress.warn(`problem: ${problem.where}: ${problem.what}`);
    return 0;
  } finally {
    progress.finish();
    runtime.store.close();
  }
}
