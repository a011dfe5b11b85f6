#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (built by `npm run build`, which `npm install` runs). CommonJS (see
// bin/package.json): `--help`, `--version` and no argument are answered from dist/cli-help.cjs alone, without
// starting node's ES module loader. `digest` and `run` run dist/cli.cjs with a V8 code cache (src/code-cache.ts, as
// dist/code-cache.cjs), CommonJS too; the other commands the ES modules of dist/.
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

/** The commands whose code is large enough for the cache to pay; PAPERWIRE_CODE_CACHE=off runs the ES modules. */
const CACHED_COMMANDS = new Set(['digest', 'run']);
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
  const isCached = CACHED_COMMANDS.has(argv[0] ?? '');
  if (isCached && process.env.PAPERWIRE_CODE_CACHE !== 'off') {
    // Required, as the bundle is: node's ES module loader never starts for a digest.
    const { cacheDirsFor, loadCachedBundle } = require('../dist/code-cache.cjs');
    const bundlePath = join(__dirname, '..', 'dist', 'cli.cjs');
    const bundle = loadCachedBundle(bundlePath, { cacheDirs: cacheDirsFor(bundlePath, process.env) });
    process.exitCode = await bundle.exports.main(argv);
    bundle.saveCache();
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
