// A node:test reporter for scripts/run-tests.mjs: after the run, the ten test files that took longest (the sum of
// their top-level tests' durations, also inside a process shared by several unit files), to know where time goes.
// Every file's time is also written to $PAPERWIRE_TEST_DURATIONS, from which the next run deals files to processes.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const SHOWN_COUNT = 10;

/** Yields one block of text at the end: the slowest files, longest first, in seconds. */
export default async function* reportSlowestFiles(source) {
  const msByFile = new Map();
  for await (const event of source) {
    const isTopLevelEnd =
      (event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0;
    if (!isTopLevelEnd || event.data.file === undefined) continue;
    const file = relative(process.cwd(), event.data.file);
    msByFile.set(file, (msByFile.get(file) ?? 0) + (event.data.details.duration_ms ?? 0));
  }
  const durationsPath = process.env.PAPERWIRE_TEST_DURATIONS;
  if (durationsPath !== undefined && durationsPath !== '' && msByFile.size > 0)
    writeFileSync(durationsPath, `${JSON.stringify(Object.fromEntries(msByFile))}\n`);
  const slowest = [...msByFile].sort(([, a], [, b]) => b - a).slice(0, SHOWN_COUNT);
  if (slowest.length === 0) return;
  const lines = slowest.map(([file, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${file}`);
  yield `\nslowest test files (their tests' time, while other files ran beside them):\n${lines.join('\n')}\n`;
}
