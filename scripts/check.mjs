// `npm test`: the static checks (prettier, ESLint with types and tsc on one program, knip), each in its own process,
// all at once, and beside them the build and then the tests, whose output shows as it comes. At the end: each
// check's verdict, the output of each that failed, then one line for the whole run; exits 1 when anything failed.
// Without --with-tests it runs the checks alone. `npm run format`, `lint`, `typecheck` and `knip` run one each.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = join(import.meta.dirname, '..');

/** The JavaScript file behind a package's command, from its package.json `bin` (in node_modules: a devDependency). */
function binPathOf(pkg, bin) {
  const packageDir = join(ROOT, 'node_modules', pkg);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  return join(packageDir, typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[bin]);
}

/** Each check: its name and the node arguments that run it (a script, then its arguments). */
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
  },
  { name: 'lint and types (eslint, tsc)', args: [join(ROOT, 'scripts', 'lint-and-typecheck.mjs')] },
  // --cache: what knip read of a file it finds unchanged is not worked out again (.cache/knip, not committed).
  { name: 'knip', args: [binPathOf('knip', 'knip'), '--cache', '--cache-location', '.cache/knip'] },
];

/**
 * Runs `node ...args` to its end; resolves with its exit status, its output (stdout and stderr as they came, unless
 * `isShown`: then the child writes to ours as it goes), and its time.
 */
function runNode(args, { isShown }) {
  return new Promise((resolve) => {
    const startedMs = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      // Colours as a terminal would get them, since the output is shown as written.
      env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
      stdio: isShown ? 'inherit' : 'pipe',
    });
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) =>
      resolve({
        status: code ?? (signal === null ? 1 : `killed by ${signal}`),
        output: Buffer.concat(output).toString('utf8'),
        seconds: (performance.now() - startedMs) / 1000,
      }),
    );
  });
}

/** The build (as `npm run build`), then, if it passed, the tests; their output is shown as it comes. */
async function buildAndTest() {
  const built = await runNode([join(ROOT, 'scripts', 'build.mjs')], { isShown: true });
  if (built.status !== 0)
    return [
      { name: 'build', ...built },
      { name: 'tests', isSkipped: true },
    ];
  const tested = await runNode([join(ROOT, 'scripts', 'run-tests.mjs')], { isShown: true });
  return [
    { name: 'build', ...built },
    { name: 'tests', ...tested },
  ];
}

const isWithTests = process.argv.includes('--with-tests');
const [checkResults, testResults] = await Promise.all([
  Promise.all(
    CHECKS.map(async (check) => ({ name: check.name, ...(await runNode(check.args, { isShown: false })) })),
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
  process.stdout.write(`check: ${result.name} ${verdict} in ${result.seconds.toFixed(1)} s\n`);
  if (result.status !== 0 && result.output.trim() !== '')
    process.stdout.write(`${result.output.trimEnd()}\n\n`);
}
const failedCount = results.filter((result) => result.isSkipped !== true && result.status !== 0).length;
const jobCount = results.length;
process.stdout.write(
  failedCount > 0 ? `check: ${failedCount} of ${jobCount} failed\n` : `check: all ${jobCount} passed\n`,
);
process.exitCode = failedCount > 0 ? 1 : 0;
