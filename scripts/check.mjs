// `npm test`: the static checks (prettier, ESLint with types and tsc on one program, knip), each in its own process,
// all at once, and beside them the build and then the tests, whose output shows as it comes (prettier and knip let
// the tests and the lint go first for the CPU). At the end: each check's verdict with its time and CPU (user +
// system, the processes it started included: on a shared machine CPU says more than time), the output of each that
// failed, then one line for the whole run; exits 1 when anything failed. Without --with-tests it runs the checks
// alone. `npm run format`, `lint`, `typecheck` and `knip` run one each.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { getPriority, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const ROOT = join(import.meta.dirname, '..');
/** Loaded into each check's process: it writes the CPU the process used to $PAPERWIRE_CHECK_CPU_FILE at its end. */
const RECORD_CPU = pathToFileURL(join(ROOT, 'scripts', 'record-test-cpu.mjs')).href;
/** Where the checks' processes write their CPU, one file each; removed at the end. */
const CPU_DIR = mkdtempSync(join(tmpdir(), 'paperwire-check-cpu-'));

/** The JavaScript file behind a package's command, from its package.json `bin` (in node_modules: a devDependency). */
function binPathOf(pkg, bin) {
  const packageDir = join(ROOT, 'node_modules', pkg);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  return join(packageDir, typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[bin]);
}

/**
 * Each check: its name, the node arguments that run it (a script, then its arguments), and whether it yields the
 * CPU to the tests when they run beside it (`isYielding`, see CHECK_NICE_WITH_TESTS).
 */
const CHECKS = [
  // --cache: a file whose content prettier found formatted is not read again (.cache/, not committed).
  {
    name: 'format (prettier)',
    args: [
      binPathOf('prettier', 'prettier'),
      '--check',
      '.',
      '--cache',
      '--cache-strategy',
      'content',
      '--cache-location',
      '.cache/prettier',
    ],
    isYielding: true,
  },
  // One process of about 37 s of CPU on a clean clone: yielding, it ran last and alone, the run's new long pole.
  {
    name: 'lint and types (eslint, tsc)',
    args: [join(ROOT, 'scripts', 'lint-and-typecheck.mjs')],
    isYielding: false,
  },
  // --cache: what knip read of a file it finds unchanged is not worked out again (.cache/knip, not committed).
  {
    name: 'knip',
    args: [binPathOf('knip', 'knip'), '--cache', '--cache-location', '.cache/knip'],
    isYielding: true,
  },
];

/** The CPU seconds a check's process wrote to `path` at its end, or null (killed before it could). */
function readCpuSeconds(path) {
  try {
    return Number(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The scheduling priority (nice value) of prettier and knip while the tests run beside them: the tests are the run's
 * long pole, so these checks take the CPU the tests and the lint leave, rather than their share from the start. Not
 * so low that a machine busy with other work starves them: at nice 5 a process still gets a third of what one at 0
 * gets.
 */
const CHECK_NICE_WITH_TESTS = 5;

/**
 * Runs `node ...args` to its end, at `nice` (added to ours); resolves with its exit status, its output (stdout and
 * stderr as they came, unless `isShown`: then the child writes to ours as it goes), its time and its CPU (null when
 * unknown).
 */
function runNode(name, args, { isShown, nice = 0 }) {
  return new Promise((resolve) => {
    const startedMs = performance.now();
    const cpuFile = join(CPU_DIR, name.replace(/[^a-z]+/g, '-'));
    const child = spawn(process.execPath, [`--import=${RECORD_CPU}`, ...args], {
      cwd: ROOT,
      // Colours as a terminal would get them, since the output is shown as written.
      env: {
        ...process.env,
        FORCE_COLOR: process.stdout.isTTY ? '1' : '0',
        PAPERWIRE_CHECK_CPU_FILE: cpuFile,
      },
      stdio: isShown ? 'inherit' : 'pipe',
    });
    if (nice !== 0 && child.pid !== undefined) lowerPriority(child.pid, nice);
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) =>
      resolve({
        status: code ?? (signal === null ? 1 : `killed by ${signal}`),
        output: Buffer.concat(output).toString('utf8'),
        seconds: (performance.now() - startedMs) / 1000,
        cpuSeconds: readCpuSeconds(cpuFile),
      }),
    );
  });
}

/** Adds `nice` to the process's nice value; where the system refuses, the check runs at ours, only sooner. */
function lowerPriority(pid, nice) {
  try {
    setPriority(pid, Math.min(19, getPriority(pid) + nice));
  } catch (error) {
    process.stderr.write(`check: the checks run at full priority (${error.message})\n`);
  }
}

/** The build (as `npm run build`), then, if it passed, the tests; their output is shown as it comes. */
async function buildAndTest() {
  const built = await runNode('build', [join(ROOT, 'scripts', 'build.mjs')], { isShown: true });
  if (built.status !== 0)
    return [
      { name: 'build', ...built },
      { name: 'tests', isSkipped: true },
    ];
  const tested = await runNode('tests', [join(ROOT, 'scripts', 'run-tests.mjs')], { isShown: true });
  return [
    { name: 'build', ...built },
    { name: 'tests', ...tested },
  ];
}

const isWithTests = process.argv.includes('--with-tests');
const [checkResults, testResults] = await Promise.all([
  Promise.all(
    CHECKS.map(async (check) => ({
      name: check.name,
      ...(await runNode(check.name, check.args, {
        isShown: false,
        nice: isWithTests && check.isYielding ? CHECK_NICE_WITH_TESTS : 0,
      })),
    })),
  ),
  isWithTests ? buildAndTest() : [],
]);
const results = [...checkResults, ...testResults];
for (const result of results) {
  if (result.isSkipped === true) {
    process.stdout.write(`check: ${result.name} not run (the build failed)\n`);
    continue;
  }
  const verdict = result.status === 0 ? 'passed' : `FAILED (exit ${result.status})`;
  const cpu = result.cpuSeconds === null ? '' : `, ${result.cpuSeconds.toFixed(1)} s of CPU`;
  process.stdout.write(`check: ${result.name} ${verdict} in ${result.seconds.toFixed(1)} s${cpu}\n`);
  if (result.status !== 0 && result.output.trim() !== '')
    process.stdout.write(`${result.output.trimEnd()}\n\n`);
}
rmSync(CPU_DIR, { recursive: true, force: true });
const failedCount = results.filter((result) => result.isSkipped !== true && result.status !== 0).length;
const jobCount = results.length;
process.stdout.write(
  failedCount > 0 ? `check: ${failedCount} of ${jobCount} failed\n` : `check: all ${jobCount} passed\n`,
);
process.exitCode = failedCount > 0 ? 1 : 0;
