// Startup time, whole process: `node -e 0` against the built `paperwire --help`, `--version` and `search x` on an
// empty home, alternated round by round. Run `npm run build`, then: node --import tsx bench/startup.ts [ROUNDS].
// It prints each command's median and its ratio to `node -e 0` beside the goal; it asserts nothing.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const BIN = join(import.meta.dirname, '..', 'bin', 'paperwire.js');
const ROUNDS = Number(process.argv[2] ?? 21);

/** Each command line, and its goal as a ratio to `node -e 0` (issue 13); the baseline has none. */
const COMMANDS: { name: string; args: string[]; goal: number | null }[] = [
  { name: 'node -e 0', args: ['-e', '0'], goal: null },
  { name: 'paperwire --help', args: [BIN, '--help'], goal: 1.5 },
  { name: 'paperwire --version', args: [BIN, '--version'], goal: 1.5 },
  { name: 'paperwire search x', args: [BIN, 'search', 'x'], goal: 2 },
];

const home = mkdtempSync(join(tmpdir(), 'paperwire-bench-startup-'));
const env = { PATH: process.env['PATH'] ?? '', PAPERWIRE_HOME: home };

/** Runs one command line to its end and returns its wall time in milliseconds. */
function timeRunMs(args: string[]): number {
  const startedMs = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: home, env, stdio: 'ignore' });
  const elapsedMs = performance.now() - startedMs;
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} exited ${result.status}: run npm run build first`);
  return elapsedMs;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const timesMs = COMMANDS.map(() => [] as number[]);
try {
  // One warm-up round fills the file cache; then every round runs each command once, in turn.
  for (const command of COMMANDS) timeRunMs(command.args);
  for (let round = 0; round < ROUNDS; round++)
    COMMANDS.forEach((command, index) => timesMs[index]?.push(timeRunMs(command.args)));
} finally {
  rmSync(home, { recursive: true, force: true });
}

const baselineMs = median(timesMs[0] ?? []);
console.log(`startup, whole process, median of ${ROUNDS} alternated rounds (node ${process.version})`);
COMMANDS.forEach((command, index) => {
  const ms = median(timesMs[index] ?? []);
  const ratio = ms / baselineMs;
  const verdict =
    command.goal === null
      ? 'baseline'
      : `${ratio.toFixed(2)}× node -e 0 (goal ≤ ${command.goal}×: ${ratio <= command.goal ? 'met' : 'NOT met'})`;
  console.log(`${command.name.padEnd(22)} ${ms.toFixed(1).padStart(7)} ms  ${verdict}`);
});
