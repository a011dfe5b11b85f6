// The static checks `npm test` runs before the tests (prettier, ESLint with types, tsc, knip), all at once, each in
// its own process: the run takes as long as the slowest (ESLint), not their sum. Prints each one's verdict, and the
// output of each that fails; exits 1 when any fails. `npm run format`, `lint`, `typecheck` and `knip` run one each.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = join(import.meta.dirname, '..');

/** Each check: its name, the package whose command runs it, that command, and its arguments (as in package.json). */
const CHECKS = [
  { name: 'format (prettier)', pkg: 'prettier', bin: 'prettier', args: ['--check', '.'] },
  { name: 'lint (eslint)', pkg: 'eslint', bin: 'eslint', args: ['.'] },
  // --incremental: a second run reads what the first found (.cache/, not committed) and checks only what changed.
  {
    name: 'typecheck (tsc)',
    pkg: 'typescript',
    bin: 'tsc',
    args: [
      '--noEmit',
      '-p',
      'tsconfig.json',
      '--incremental',
      '--tsBuildInfoFile',
      '.cache/typecheck.tsbuildinfo',
    ],
  },
  { name: 'knip', pkg: 'knip', bin: 'knip', args: [] },
];

/** The JavaScript file behind a package's command, from its package.json `bin` (in node_modules: a devDependency). */
function binPathOf(pkg, bin) {
  const packageDir = join(ROOT, 'node_modules', pkg);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  return join(packageDir, typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[bin]);
}

/** Runs one check to its end; resolves with its exit status, its output (stdout and stderr as they came), its time. */
function runCheck(check) {
  return new Promise((resolve) => {
    const startedMs = performance.now();
    const child = spawn(process.execPath, [binPathOf(check.pkg, check.bin), ...check.args], {
      cwd: ROOT,
      // Colours as a terminal would get them, since the output is shown as written.
      env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
    });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
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

const results = await Promise.all(
  CHECKS.map(async (check) => {
    const result = await runCheck(check);
    const verdict = result.status === 0 ? 'passed' : `FAILED (exit ${result.status})`;
    process.stdout.write(`check: ${check.name} ${verdict} in ${result.seconds.toFixed(1)} s\n`);
    if (result.status !== 0) process.stdout.write(`${result.output.trimEnd()}\n\n`);
    return result.status === 0;
  }),
);
const failed = results.filter((passed) => !passed).length;
if (failed > 0) process.stdout.write(`check: ${failed} of ${CHECKS.length} checks failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
