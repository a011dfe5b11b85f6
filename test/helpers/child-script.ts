// Child processes that tests start from a TypeScript script: the script compiled once by esbuild into one ES
// module, so each child runs on plain node instead of under tsx's loader (about 0.8 s of CPU a child).
import { join, relative } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Compiles the script at `sourcePath`, with what it imports from the repository, into one module in the test run's
 * folder (PAPERWIRE_TEST_RUN_DIR, which `scripts/run-tests.mjs` sets and a later run deletes once this one ended;
 * a file run by plain `node --test`, a folder of its process's own under .cache/tests/), and returns that module's
 * path. Packages are not bundled: the child loads them from node_modules, as the code under test does.
 */
export function compileChildScript(sourcePath: string): string {
  const relativePath = relative(ROOT, sourcePath).replace(/\.ts$/, '.mjs');
  const runDir = process.env['PAPERWIRE_TEST_RUN_DIR'] ?? join(ROOT, '.cache', 'tests', `run-${process.pid}`);
  // One folder per test process: two processes compiling the same script never write one file.
  const outfile = join(runDir, 'children', String(process.pid), relativePath);
  buildSync({
    entryPoints: [sourcePath],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}
