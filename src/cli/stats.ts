// `paperwire stats [--json]`: what the store holds (papers by year and by archive, listings, translations,
// digests) and how much disk it takes, as aligned lines or one JSON object.

import { UsageError } from '../errors.js';
import type { StoreStats } from '../store/store.js';
import { STATS_OPTIONS, parse } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import { formatCount } from './progress.js';
import { openLocalRuntime } from './local-runtime.js';

/** Label and count pairs per line in the by-year and by-archive tables. */
const PAIRS_PER_LINE = 4;

/** Runs `paperwire stats ARGS`. */
export function runStatsCommand(args: string[], io: CliIo, context: CommandContext): number {
  const { values, positionals } = parse(args, STATS_OPTIONS, true);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`stats takes no operands, not "${positionals.join(' ')}"`);
  const runtime = openLocalRuntime(values, io, 'read');
  try {
    const stats = runtime.store.loadStats();
    io.stdout(values.json ? `${JSON.stringify(stats, null, 2)}\n` : renderStats(stats));
    return 0;
  } finally {
    runtime.progress.finish();
    runtime.store.close();
  }
}

/** The stats as a few aligned lines: the counts, then papers by year and by archive in columns. */
export function renderStats(stats: StoreStats): string {
  const counts: [string, string][] = [
    ['papers', formatCount(stats.papers)],
    ['listings', formatCount(stats.listings)],
    ['translations', formatCount(stats.translations)],
    ['digests', formatCount(stats.digests)],
    ['database', `${formatBytes(stats.sizeBytes)} (write-ahead log included)`],
  ];
  const countWidth = Math.max(...counts.slice(0, -1).map(([, count]) => count.length));
  const lines = counts.map(([label, count], index) =>
    // Counts right-aligned in one column; the size line's words run on.
    index < counts.length - 1
      ? `${label.padEnd(13)}${count.padStart(countWidth)}`
      : `${label.padEnd(13)}${count}`,
  );
  if (stats.papers > 0) {
    const years = stats.papersByYear.map(({ year, papers }): [string, number] => [
      year === null ? 'no date' : String(year),
      papers,
    ]);
    const archives = stats.papersByArchive.map(({ archive, papers }): [string, number] => [
      archive === '' ? 'none' : archive,
      papers,
    ]);
    lines.push(
      '',
      'papers by year (first version; RSS-only papers: first listing)',
      ...renderColumns(years),
      '',
    );
    lines.push('papers by archive (primary category)', ...renderColumns(archives));
  }
  return `${lines.join('\n')}\n`;
}

/** Pairs laid out PAIRS_PER_LINE to a line, labels and counts each in an aligned column. */
function renderColumns(pairs: readonly [string, number][]): string[] {
  const labelWidth = Math.max(...pairs.map(([label]) => label.length));
  const countWidth = Math.max(...pairs.map(([, count]) => formatCount(count).length));
  const cells = pairs.map(
    ([label, count]) => `${label.padEnd(labelWidth)} ${formatCount(count).padStart(countWidth)}`,
  );
  const lines: string[] = [];
  for (let start = 0; start < cells.length; start += PAIRS_PER_LINE) {
    lines.push(`  ${cells.slice(start, start + PAIRS_PER_LINE).join('   ')}`);
  }
  return lines;
}

/** `812 kB`, `4.1 GB`: decimal units, as disk sizes are sold. */
function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0
    ? `${bytes} bytes`
    : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit] ?? ''}`;
}
