// Runs every *.test.ts under src/ and test/ with node:test, through tsx (Node 20's --test takes no globs).
// The end-to-end tests run the built CLI: a dist/ older than any source file is rebuilt first, never tested.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

/** Runs the named test files, or every test, and returns node's exit status. */
function runTests(only) {
  const files =
    only.length > 0 ? only : [...findFiles('src', '.test.ts'), ...findFiles('test', '.test.ts')].sort();
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-concurrency=2',
      '--test-timeout=120000',
      ...files,
    ],
    { stdio: 'inherit' },
  );
  return result.status ?? 1;
}

const buildStatus = isDistStale() ? rebuild() : 0;
process.exitCode = buildStatus === 0 ? runTests(process.argv.slice(2)) : buildStatus;
