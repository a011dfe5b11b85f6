// Measures `paperwire import` (issue 12) on generated snapshots of 100 k and 1 M records against the plain way
// (bench/plain_import.py: Python's json + sqlite3 into one FTS5 table, one transaction), in one run: records/s,
// peak memory, store size against the snapshot's bytes, and the time ratio; then extrapolates to arXiv's 2.7 M.
// Each import runs as a child process (the built CLI) under GNU time, which reports its wall and CPU time and its
// peak resident memory, and the CPU of its importing thread, read from /proc. `BENCH_IMPORT_RECORDS=20000 npm run
// bench:import` for a quick run; BENCH_IMPORT_OTHER names another build's CLI to time beside it.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSnapshot } from '../test/helpers/snapshot.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'paperwire.js');
const PLAIN = join(ROOT, 'bench', 'plain_import.py');
const GNU_TIME = '/usr/bin/time';
const PYTHON = '/usr/bin/python3';
/**
 * `BENCH_IMPORT_OTHER=/tmp/old/bin/paperwire.js`: another build's CLI, timed on the same snapshot after the plain
 * way, to compare two builds in one run.
 */
const OTHER_BIN = process.env['BENCH_IMPORT_OTHER'];
/** arXiv's size in 2025, what the goals are stated for. */
const ARXIV_PAPERS = 2_700_000;
/** Goal: the whole of arXiv in under 10 minutes on 2 cores. */
const GOAL_SECONDS = 600;

interface Run {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  /** The CPU of the command's first thread (the importing one), sampled from /proc; null when never read. */
  mainThreadCpuSeconds: number | null;
}

/** How often the command's first thread's CPU is read: its last reading is at most this old at its exit. */
const SAMPLE_MS = 100;
/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * The CPU seconds so far of the first thread of GNU time's child (`timePid`): on a loaded machine the process's CPU
 * says little about its wall time on idle cores, which the importing thread's own CPU bounds. Null once it is gone.
 */
function mainThreadCpuOf(timePid: number): number | null {
  try {
    const [child] = readFileSync(`/proc/${timePid}/task/${timePid}/children`, 'utf8').trim().split(' ');
    if (child === undefined || child === '') return null;
    const stat = readFileSync(`/proc/${child}/task/${child}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Runs a command under GNU time (`%e %U %S %M`: wall, user, system seconds, peak RSS in KiB). */
async function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const child = spawn(GNU_TIME, ['-f', 'TIMED %e %U %S %M', command, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdout.resume();
  let mainThreadCpuSeconds: number | null = null;
  const sampler = setInterval(() => {
    mainThreadCpuSeconds =
      (child.pid === undefined ? null : mainThreadCpuOf(child.pid)) ?? mainThreadCpuSeconds;
  }, SAMPLE_MS);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  }).finally(() => clearInterval(sampler));
  const match = /TIMED ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
  if (code !== 0 || match === null)
    throw new Error(`${command} ${args.join(' ')} failed (${code}): ${stderr}`);
  const [, wall, user, system, rssKib] = match;
  return {
    wallSeconds: Number(wall),
    cpuSeconds: Number(user) + Number(system),
    peakRssBytes: Number(rssKib) * 1024,
    mainThreadCpuSeconds,
  };
}

function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** `3.4 s` (sampled, up to SAMPLE_MS short), or `?` when it could not be read. */
const threadCpu = ({ mainThreadCpuSeconds }: Run): string =>
  mainThreadCpuSeconds === null ? '?' : `${mainThreadCpuSeconds.toFixed(1)} s`;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
const perSecond = (records: number, seconds: number): string =>
  `${Math.round(records / seconds).toLocaleString('en-US')}/s`;
const minutes = (seconds: number): string => `${(seconds / 60).toFixed(1)} min`;

async function benchRecords(records: number): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'paperwire-bench-import-'));
  try {
    const snapshot = join(scratch, 'snapshot.jsonl');
    const snapshotBytes = await writeSnapshot(snapshot, records);
    const home = join(scratch, 'home');
    const load = loadavg()[0] ?? 0;
    const ours = await timed(process.execPath, [BIN, 'import', snapshot, '--quiet'], {
      PAPERWIRE_HOME: home,
    });
    const storeBytes = sizeOf(join(home, 'paperwire.sqlite')) + sizeOf(join(home, 'paperwire.sqlite-wal'));
    const plainDb = join(scratch, 'plain.db');
    const plain = await timed(PYTHON, [PLAIN, snapshot, plainDb], {});
    // Another build's CLI on the same file, after the plain way: ours, plain, theirs, one after the other.
    const other =
      OTHER_BIN === undefined
        ? null
        : await timed(process.execPath, [OTHER_BIN, 'import', snapshot, '--quiet'], {
            PAPERWIRE_HOME: join(scratch, 'other-home'),
          });
    const statsStart = performance.now();
    execFileSync(process.execPath, [BIN, 'stats', '--json'], { env: { PAPERWIRE_HOME: home } });
    const statsMs = performance.now() - statsStart;
    const scale = ARXIV_PAPERS / records;
    console.log(
      [
        `${records.toLocaleString('en-US')} records, snapshot ${mb(snapshotBytes)} (load average ${load.toFixed(1)} on ${String(
          cpus().length,
        )} cores at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end)`,
        `  paperwire import: ${ours.wallSeconds.toFixed(1)} s wall, ${ours.cpuSeconds.toFixed(1)} s CPU, ` +
          `${perSecond(records, ours.wallSeconds)} wall (${perSecond(records, ours.cpuSeconds)} CPU), ` +
          `peak RSS ${mb(ours.peakRssBytes)}; its importing thread ${threadCpu(ours)} CPU`,
        `  store: ${mb(storeBytes)}, ${(storeBytes / snapshotBytes).toFixed(2)}× the snapshot (goal ≤ 1.5×); ` +
          `stats --json ${statsMs.toFixed(0)} ms`,
        `  plain way (Python json + sqlite3 FTS5, one transaction): ${plain.wallSeconds.toFixed(1)} s wall, ` +
          `${plain.cpuSeconds.toFixed(1)} s CPU, ${perSecond(records, plain.wallSeconds)}, ` +
          `peak RSS ${mb(plain.peakRssBytes)}, database ${mb(sizeOf(plainDb))}`,
        `  ratio paperwire / plain: ${(ours.wallSeconds / plain.wallSeconds).toFixed(2)}× wall, ` +
          `${(ours.cpuSeconds / plain.cpuSeconds).toFixed(2)}× CPU (goal ≤ 1.0×)` +
          (ours.mainThreadCpuSeconds === null
            ? ''
            : `; the importing thread's CPU ${(ours.mainThreadCpuSeconds / plain.cpuSeconds).toFixed(2)}× the plain ` +
              "way's (what bounds the wall time on idle cores)"),
        ...(other === null
          ? []
          : [
              `  ${String(OTHER_BIN)} import: ${other.wallSeconds.toFixed(1)} s wall, ` +
                `${other.cpuSeconds.toFixed(1)} s CPU, peak RSS ${mb(other.peakRssBytes)}; ` +
                `its importing thread ${threadCpu(other)} CPU; ` +
                `${(other.wallSeconds / plain.wallSeconds).toFixed(2)}× the plain way's wall, ` +
                `${(other.cpuSeconds / plain.cpuSeconds).toFixed(2)}× its CPU`,
            ]),
        `  extrapolated linearly to ${ARXIV_PAPERS.toLocaleString('en-US')} papers (an estimate, not a run): ` +
          `${minutes(ours.wallSeconds * scale)} wall, ${minutes(ours.cpuSeconds * scale)} CPU ` +
          `(goal < ${minutes(GOAL_SECONDS)})`,
      ].join('\n'),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const counts = (process.env['BENCH_IMPORT_RECORDS'] ?? '100000,1000000')
  .split(',')
  .map((text) => Number(text.trim()))
  .filter((count) => Number.isInteger(count) && count > 0);
if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) is needed to measure the child processes`);
for (const records of counts) await benchRecords(records);
