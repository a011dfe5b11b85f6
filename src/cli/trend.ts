// `paperwire trend QUERY...`: how many papers of the store matched each query per month or year, side by side as a
// terminal chart, or as JSON. The store counts (pipeline/trend.ts lines the series up); nothing is fetched.
import { oneOf } from '../config.js';
import { UsageError } from '../errors.js';
import { findSearchFault } from '../select/query-parse.js';
import { loadTrend } from '../pipeline/trend.js';
import { renderTrendChart, renderTrendJson } from '../render/text/trend.js';
import { TREND_OPTIONS, describeSearchFilters, parse, parseSearchFilterFlags } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import { openLocalRuntime } from './local-runtime.js';

/** `--by`: one bar per month or per year (the default). */
const TREND_UNITS = ['year', 'month'] as const;
/** Queries side by side: at 80 columns, more would leave each too narrow a bar. */
const MAX_QUERIES = 6;
/** Chinese, Japanese and Korean script: words the English full-text index that trends count cannot hold. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** The chart's width: it fits a terminal of 80 columns. */
const CHART_COLUMNS = 80;

/** Runs `paperwire trend ARGS`. */
export function runTrendCommand(args: string[], io: CliIo, context: CommandContext): number {
  const { values, positionals } = parse(args, TREND_OPTIONS, true);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const queries = positionals.map((query) => query.trim()).filter((query) => query !== '');
  if (queries.length === 0) {
    throw new UsageError('trend needs a QUERY', {
      hint: 'e.g. paperwire trend "diffusion policy" "world model" --by year',
    });
  }
  if (queries.length > MAX_QUERIES) {
    throw new UsageError(`trend takes at most ${MAX_QUERIES} queries, got ${queries.length}`, {
      hint: 'quote each query: paperwire trend "diffusion policy" "world model"',
    });
  }
  for (const query of queries) {
    if (!/[\p{L}\p{N}]/u.test(query)) {
      throw new UsageError(`the query "${query}" has no word to count`, {
        hint: 'write a word or a "phrase"',
      });
    }
    const fault = findSearchFault(query);
    if (fault !== null) throw new UsageError(fault.message, { hint: fault.hint });
  }
  const by = oneOf(values.by, TREND_UNITS, '--by', 'by') ?? 'year';
  const filters = parseSearchFilterFlags(values);
  const runtime = openLocalRuntime(values, io, 'search');
  try {
    const trend = loadTrend(runtime.store, queries, { by, ...filters });
    for (const series of trend.series) {
      if (series.total === 0 && CJK.test(series.query)) {
        runtime.progress.warn(
          `"${series.query}" counts nothing: trends count English titles, abstracts and authors; ` +
            'write the query in English (`paperwire search` also finds translations)',
        );
      }
    }
    io.stdout(
      values.json
        ? renderTrendJson(trend, {
            categories: filters.categories ?? [],
            from: filters.submittedFrom ?? null,
            until: filters.submittedUntil ?? null,
            author: filters.author ?? null,
          })
        : renderTrendChart(trend, { widthColumns: CHART_COLUMNS, filters: describeSearchFilters(filters) }),
    );
    return 0;
  } finally {
    runtime.progress.finish();
    runtime.store.close();
  }
}
