// Runs every *.test.ts under src/ and test/ with node:test (Node 20's --test takes no globs), or the files named.
// The end-to-end tests run the built CLI: a dist/ older than any source file is rebuilt first, never tested.
// The test files are compiled first by esbuild (as tsx would, without its loader in every test process), each
// file's `import.meta` kept as its source's, into a folder of this run's own under .cache/tests/ (git-ignored). The unit tests under src/ share a few
// processes (UNIT_PROCESSES), and so do the end-to-end files under test/ (END_TO_END_PROCESSES). The run ends
// with the files that used the most CPU (scripts/record-test-cpu.mjs) beside the slowest (scripts/slowest-tests.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { readChildrenCpuSeconds } from './record-test-cpu.mjs';

const ROOT = join(import.meta.dirname, '..');
/** Where every run keeps its compiled files, each in a folder of its own (RUN_PREFIX and its pid). */
const RUNS_DIR = join('.cache', 'tests');
const RUN_PREFIX = 'run-';
/**
 * This run's compiled tests, shards, CPU log and the children its tests compile (test/helpers/child-script.ts, told
 * by PAPERWIRE_TEST_RUN_DIR): a second run in the same worktree (a file run alone while the whole suite runs) never
 * deletes what this one still loads. It deleted the first run's compiled child scripts, whose tests then failed.
 */
const OUT_DIR = join(RUNS_DIR, `${RUN_PREFIX}${process.pid}`);
const BROWSER_HELPER = join('test', 'helpers', 'browser.ts');
/** Where each test process writes the CPU it used (scripts/record-test-cpu.mjs), one JSON line per process. */
const CPU_LOG = join(OUT_DIR, 'cpu.jsonl');
/**
 * Each test file's time at the last whole run (scripts/slowest-tests.mjs writes it), by source path: the next run
 * deals the files to processes by it. Outside OUT_DIR, which the next run deletes.
 */
const DURATIONS = join('.cache', 'test-durations.json');
/**
 * The files' times of a whole run on the development machine, committed: a fresh clone (and so every CI run) has no
 * DURATIONS, and round-robin gave one end-to-end process about twice the tests of another, which then ran alone at
 * the end. Copy DURATIONS over it when test files are added or change much; a file it does not name counts as the
 * median.
 */
const SEED_DURATIONS = join('scripts', 'test-durations.json');
const TOP_CPU_COUNT = 10;

/**
 * How many processes share the unit tests. A test process costs about 0.3 s of CPU before its first test (node,
 * node:test, the modules it loads, cold code): 80 unit files one process each spent more CPU starting than testing.
 * Two, so that both cores have unit tests to run beside the end-to-end files. `--isolate` gives every file its own.
 */
const UNIT_PROCESSES = 2;

/**
 * How many processes share the end-to-end files under test/. Each file in a process of its own paid about 0.4 s of
 * CPU more (node, node:test, the CLI's modules loaded and compiled again). Four, so that the files' waits on
 * servers and children still overlap, and no process runs much longer than the others.
 */
const END_TO_END_PROCESSES = 4;

/**
 * How many test processes run at once. Two left a core idle while an end-to-end process waited on its servers,
 * children or Chromium: each used 9-14 s of CPU over 31-46 s. Four: in two alternated runs of the tests alone (a
 * machine shared with other work, loads 4.6-8.3) 80.5 s and 63.9 s instead of 80.8 s and 111.6 s, the same CPU.
 */
const TEST_CONCURRENCY = 4;

function findFiles(dir, suffix) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findFiles(path, suffix));
    else if (name.endsWith(suffix)) found.push(path);
  }
  return found;
}

/** Whether dist/ is missing or older than a source file, tsconfig.json (esbuild reads it) or the build script. */
function isDistStale() {
  const builtPath = join('dist', 'cli.js');
  if (!existsSync(builtPath)) return true;
  const builtAtMs = statSync(builtPath).mtimeMs;
  const inputs = [
    ...findFiles('src', '.ts').filter((path) => !path.endsWith('.test.ts')),
    'tsconfig.json',
    'scripts/build.mjs',
  ];
  return inputs.some((path) => statSync(path).mtimeMs > builtAtMs);
}

/** Builds dist/ and returns npm's exit status. */
function rebuild() {
  process.stderr.write('run-tests: dist/ is older than src/: running npm run build first\n');
  return spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status ?? 1;
}

/**
 * Tests find their fixtures, helpers and children from where they are (`import.meta.dirname`, `new URL(x,
 * import.meta.url)`): in the compiled file those still name the source file.
 */
const keepImportMeta = {
  name: 'keep-import-meta',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      return {
        loader: 'ts',
        contents: source
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
          .replaceAll('import.meta.filename', JSON.stringify(args.path))
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      };
    });
  },
};

/** Whether process `pid` is still running (a signal 0 only checks that it exists). */
function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Deletes what earlier runs left in RUNS_DIR: every entry but the folders of runs still going (this one's included). */
function removeEndedRuns() {
  const runsDir = join(ROOT, RUNS_DIR);
  if (!existsSync(runsDir)) return;
  for (const name of readdirSync(runsDir)) {
    const pid = name.startsWith(RUN_PREFIX) ? Number(name.slice(RUN_PREFIX.length)) : NaN;
    if (Number.isSafeInteger(pid) && pid !== process.pid && isRunning(pid)) continue;
    rmSync(join(runsDir, name), { recursive: true, force: true });
  }
}

/**
 * Compiles the test files, and the browser helper this script starts Chromium with, into OUT_DIR (shared code as
 * chunks); returns each test file's compiled path.
 */
async function compileTests(files) {
  removeEndedRuns();
  await build({
    absWorkingDir: ROOT,
    entryPoints: [...new Set([...files, BROWSER_HELPER])],
    outdir: OUT_DIR,
    outbase: '.',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    sourcemap: true,
    plugins: [keepImportMeta],
    logLevel: 'warning',
  });
  return files.map((file) => join(OUT_DIR, relative(ROOT, join(ROOT, file)).replace(/\.ts$/, '.mjs')));
}

/** Whether a test file drives Chromium: those run longest, so they start first and do not end the run alone. */
function isBrowserTest(file) {
  return readFileSync(file, 'utf8').includes('/helpers/browser.js');
}

/**
 * Writes a module that imports `compiledFiles` (node:test runs their tests one file after another in its process),
 * named `${kind}-${index}-of-${count}.mjs` in OUT_DIR/shards/; returns its path.
 */
function writeShard(kind, index, count, compiledFiles) {
  const shardDir = join(OUT_DIR, 'shards');
  mkdirSync(shardDir, { recursive: true });
  const path = join(shardDir, `${kind}-${index + 1}-of-${count}.mjs`);
  const imports = compiledFiles.map(
    (file) => `import ${JSON.stringify(pathToFileURL(join(ROOT, file)).href)};\n`,
  );
  writeFileSync(path, `// Test files that run in one process (scripts/run-tests.mjs).\n${imports.join('')}`);
  return path;
}

/** Each test file's time (ms) at the last whole run, by source path, else SEED_DURATIONS's; empty without both. */
function readDurations() {
  for (const path of [DURATIONS, SEED_DURATIONS]) {
    try {
      return new Map(Object.entries(JSON.parse(readFileSync(path, 'utf8'))));
    } catch (error) {
      if (error.code !== 'ENOENT') process.stderr.write(`run-tests: ${path} not used: ${error.message}\n`);
    }
  }
  return new Map();
}

/**
 * `items` dealt into `count` lists (fewer when there are fewer items), none empty, each list's items in their order
 * in `items`: round-robin when no item has a known weight; else longest first, each to the lightest list so far (an
 * item not weighed counts as the median), so that the lists take about as long. Returns each list and its weight.
 */
function deal(items, count, weightOf) {
  const listCount = Math.min(count, items.length);
  const known = items
    .map(weightOf)
    .filter((weight) => weight !== undefined)
    .sort((a, b) => a - b);
  if (known.length === 0) {
    return Array.from({ length: listCount }, (_, list) => ({
      items: items.filter((_, index) => index % listCount === list),
      weight: 0,
    }));
  }
  const median = known[Math.floor(known.length / 2)] ?? 0;
  const lists = Array.from({ length: listCount }, () => ({ indexes: [], weight: 0 }));
  const weighed = items.map((item, index) => ({ index, weight: weightOf(item) ?? median }));
  for (const { index, weight } of weighed.sort((a, b) => b.weight - a.weight)) {
    const lightest = lists.reduce((best, list) => (list.weight < best.weight ? list : best));
    lightest.indexes.push(index);
    lightest.weight += weight;
  }
  // In their given order, as round-robin keeps it: a file still runs after the same files as before, only fewer.
  return lists.map(({ indexes, weight }) => ({
    items: indexes.sort((a, b) => a - b).map((index) => items[index]),
    weight,
  }));
}

/**
 * The files node runs: the end-to-end files under test/ dealt into END_TO_END_PROCESSES modules that import them, and
 * the unit tests (src/) into UNIT_PROCESSES. With the files' times of the last whole run (DURATIONS), each kind is
 * dealt longest first to the process with the least so far, and the processes go heaviest first (node starts them
 * in order, TEST_CONCURRENCY at a time): the run does not end on one long process alone. A fresh clone deals by SEED_DURATIONS;
 * without any times, the end-to-end files go round-robin, the browser tests first so that each process gets one or
 * two (they run longest), then the unit files. A failing test is still named by its source file and line (source maps). With `isolate`,
 * every file runs in a process of its own.
 */
function planProcesses(files, compiled, { isolate }) {
  const pairs = files.map((file, index) => ({ file, compiledPath: compiled[index] }));
  const units = pairs.filter(({ file }) => file.startsWith('src'));
  const ends = pairs.filter(({ file }) => !file.startsWith('src'));
  const browserFirst = [
    ...ends.filter(({ file }) => isBrowserTest(file)),
    ...ends.filter(({ file }) => !isBrowserTest(file)),
  ];
  if (isolate) return [...browserFirst, ...units].map(({ compiledPath }) => compiledPath);
  const durations = readDurations();
  const shardsOf = (kind, items, count) => {
    if (items.length <= 1) return items.map(({ compiledPath }) => ({ path: compiledPath, weight: 0 }));
    const lists = deal(items, count, ({ file }) => durations.get(file));
    return lists.map((list, index) => ({
      path: writeShard(
        kind,
        index,
        lists.length,
        list.items.map(({ compiledPath }) => compiledPath),
      ),
      weight: list.weight,
    }));
  };
  const shards = [
    ...shardsOf('end-to-end', browserFirst, END_TO_END_PROCESSES),
    ...shardsOf('units', units, UNIT_PROCESSES),
  ];
  // A stable sort: without durations every weight is 0 and the order stays as above.
  return shards.sort((a, b) => b.weight - a.weight).map(({ path }) => path);
}

/**
 * One Chromium for every browser test file (test/helpers/browser.ts: each test still gets an empty context of its
 * own), started from the compiled helper; null when no browser test runs or Chromium is not installed (the tests
 * then skip with the reason).
 */
async function startSharedBrowser(files) {
  if (!files.some((file) => file.startsWith('test') && isBrowserTest(file))) return null;
  const helper = await import(
    pathToFileURL(join(ROOT, OUT_DIR, BROWSER_HELPER.replace(/\.ts$/, '.mjs'))).href
  );
  return helper.browserSkipReason() === null ? helper.startSharedBrowser() : null;
}

/** Runs `node ...args` with `env` added, its output ours, and resolves with its exit status. */
function runNode(args, env) {
  return new Promise((resolve) => {
    // Not spawnSync: the shared Chromium's connections go through this process, which must keep answering.
    const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => {
      process.stderr.write(`run-tests: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** The source a test process ran, from its compiled file: a test file, or one process of unit tests. */
function nameCompiled(compiledPath) {
  const path = relative(join(ROOT, OUT_DIR), compiledPath);
  const shard = /^shards[/\\](units|end-to-end)-(\d+)-of-(\d+)\.mjs$/.exec(path);
  if (shard === null) return path.replace(/\.mjs$/, '.ts');
  const [, kind, index, count] = shard;
  const what = kind === 'units' ? 'the unit tests under src/' : 'the end-to-end tests under test/';
  return `${what} (process ${index} of ${count})`;
}

/**
 * Prints the test processes that used the most CPU (their children, such as the CLI they ran, included), and the
 * CPU of the whole test run: on a shared 2-core machine CPU seconds say more than wall time about a change.
 */
function reportCpu(runCpuSeconds) {
  if (!existsSync(CPU_LOG)) return;
  const processes = readFileSync(CPU_LOG, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line))
    .sort((a, b) => b.cpuSeconds - a.cpuSeconds);
  const inFiles = processes.reduce((sum, { cpuSeconds }) => sum + cpuSeconds, 0);
  const lines = processes
    .slice(0, TOP_CPU_COUNT)
    .map(
      ({ file, cpuSeconds, wallSeconds }) =>
        `  ${cpuSeconds.toFixed(1).padStart(6)} s in ${wallSeconds.toFixed(1).padStart(5)} s  ${nameCompiled(file)}`,
    );
  process.stdout.write(
    `\nmost CPU (user + system, with the processes they started), and each process's time:\n${lines.join('\n')}\n` +
      `CPU of the tests: ${runCpuSeconds.toFixed(1)} s, ${inFiles.toFixed(1)} s of it in the test processes ` +
      `(the rest: node's test runner, the shared Chromium, a rebuild of dist/ if one ran)\n`,
  );
}

/** Runs the named test files, or every test, and returns node's exit status. */
async function runTests(args) {
  const isolate = args.includes('--isolate');
  const only = args.filter((arg) => arg !== '--isolate');
  const files =
    only.length > 0 ? only : [...findFiles('src', '.test.ts'), ...findFiles('test', '.test.ts')].sort();
  const compiled = await compileTests(files);
  const browser = await startSharedBrowser(files);
  try {
    return await runNode(
      [
        `--import=${pathToFileURL(join(ROOT, 'scripts', 'record-test-cpu.mjs')).href}`,
        '--enable-source-maps',
        '--test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        `--test-reporter=${pathToFileURL(join(ROOT, 'scripts', 'slowest-tests.mjs')).href}`,
        '--test-reporter-destination=stdout',
        `--test-concurrency=${TEST_CONCURRENCY}`,
        // Bounds each test process as a whole (the unit files share two): it catches a hang, and is loose enough
        // that a loaded machine never fails a test for being slow (at a load of 10-20 the units took over 120 s).
        '--test-timeout=600000',
        ...planProcesses(files, compiled, { isolate }),
      ],
      {
        ...browser?.env,
        PAPERWIRE_TEST_CPU_LOG: join(ROOT, CPU_LOG),
        PAPERWIRE_TEST_RUN_DIR: join(ROOT, OUT_DIR),
        // Only a whole run's times deal the next run's files.
        PAPERWIRE_TEST_DURATIONS: only.length === 0 && !isolate ? join(ROOT, DURATIONS) : '',
      },
    );
  } finally {
    await browser?.close();
    reportCpu(readChildrenCpuSeconds());
  }
}

const buildStatus = isDistStale() ? rebuild() : 0;
process.exitCode = buildStatus === 0 ? await runTests(process.argv.slice(2)) : buildStatus;
