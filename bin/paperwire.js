#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (built by `npm run build`, which `npm install` runs). CommonJS (see
// bin/package.json): `--help`, `--version` and no argument are answered from dist/cli-help.cjs alone, without
// starting node's ES module loader; `digest` and `run` from dist/cli.cjs and `search` from dist/search.cjs, each one
// CommonJS file run with a V8 code cache (src/code-cache.ts); the other commands from the ES modules of dist/.
'use strict';

const { join } = require('node:path');

// A reader that stops early (`paperwire digest | head`) is not an error; output that cannot be written (a full disk,
// /dev/full) is one line, not a stack.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  process.stderr.write(
    `paperwire: cannot write the output: ${error.message} (check the disk or the file it goes to)\n`,
  );
  process.exit(1);
});

/**
 * The commands run from one CommonJS file of dist/ with a V8 code cache (src/code-cache.ts), and the file of each;
 * PAPERWIRE_CODE_CACHE=off runs them without the cache (`digest` and `run` from the ES modules).
 */
const CACHED_BUNDLES = new Map([
  ['digest', 'cli.cjs'],
  ['run', 'cli.cjs'],
  ['search', 'search.cjs'],
]);
const argv = process.argv.slice(2);

/** Resolves once everything written to `stream` so far has left the process. */
function flushed(stream) {
  return new Promise((resolve) => stream.write('', resolve));
}

async function run() {
  const answer = require('../dist/cli-help.cjs').answerWithoutCommand(argv);
  if (answer !== null) {
    process.stdout.write(answer.text);
    process.exitCode = answer.exitCode;
    return;
  }
  const bundleName = CACHED_BUNDLES.get(argv[0] ?? '');
  const isCached = bundleName !== undefined;
  if (isCached && process.env.PAPERWIRE_CODE_CACHE !== 'off') {
    // All CommonJS: node's ES module loader never starts.
    const { cacheDirsFor, loadCachedBundle } = require('../dist/code-cache.cjs');
    const bundlePath = join(__dirname, '..', 'dist', bundleName);
    const bundle = loadCachedBundle(bundlePath, { cacheDirs: cacheDirsFor(bundlePath, process.env) });
    process.exitCode = await bundle.exports.main(argv);
    // The cache holds what this run compiled, and is kept until the next build: only a run that did its work
    // writes it (a first `digest --help`, or a typo's usage error, left a cache of half the code every digest uses).
    if (process.exitCode === 0 && !argv.includes('--help') && !argv.includes('-h')) bundle.saveCache();
  } else if (bundleName === 'search.cjs') {
    process.exitCode = await require('../dist/search.cjs').main(argv);
  } else {
    const { main } = await import('../dist/cli.js');
    process.exitCode = await main(argv);
  }
  if (isCached) {
    // The command is done (its store closed, its output written): exit now rather than when the event loop is
    // empty, which frees the whole heap first (tens of milliseconds after a digest). Pipes are asynchronous on some
    // systems.
    await flushed(process.stdout);
    await flushed(process.stderr);
    process.exit();
  }
}

run().catch((error) => {
  // main() reports its own failures: what reaches here is a dist/ not built, or a fault of this file.
  if (error?.code !== 'MODULE_NOT_FOUND' && error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write(`paperwire: ${error.message.split('\n')[0]} (run \`npm run build\`)\n`);
  process.exitCode = 1;
});
