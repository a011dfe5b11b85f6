// Builds dist/ (`npm run build`): src/cli.ts bundled by esbuild into a few ES modules, one per command plus shared
// chunks, so a command loads a handful of files instead of about a hundred; and the same CLI as one CommonJS file,
// dist/cli.cjs, which bin/paperwire.js runs for `digest` and `run` with a V8 code cache (src/code-cache.ts).
// `tsc --noEmit` does the type checking.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
const OUT_DIR = join(ROOT, 'dist');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** The dependencies whose code goes into the bundle. */
const BUNDLED = ['better-sqlite3', 'entities'];

/** Which bundle file holds which source files: the startup test reads it (test/startup.e2e.test.ts). */
const META_FILE = join(OUT_DIR, 'meta.json');

// A rebuilt chunk has a new hashed name: files from an earlier build would only mislead.
rmSync(OUT_DIR, { recursive: true, force: true });
mkdirSync(OUT_DIR, { recursive: true });

/** The options both builds share. */
const common = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  // better-sqlite3's JavaScript is bundled: it was 14 CommonJS files read one by one by every command with a store
  // (its addon is passed by path, see store/sqlite/connection.ts); so is entities, 4 files the RSS reader loads.
  // The other dependencies load from node_modules, most only when used (smol-toml, fast-xml-parser and temml are
  // required lazily).
  external: [...Object.keys(manifest.dependencies).filter((name) => !BUNDLED.includes(name)), 'bindings'],
  // Error classes take their name from `new.target.name`: a bundle must not rename them.
  keepNames: true,
  logLevel: 'warning',
};

const result = await build({
  ...common,
  // The search and import workers are threads' entries, started from their URLs beside the code that starts them
  // (server/search-pool.ts, cli/import-pieces.ts): each needs a file of its own at dist/, as dist/search-worker.js.
  // bin/paperwire.js loads the code cache's loader before the CLI.
  entryPoints: ['src/cli.ts', 'src/server/search-worker.ts', 'src/cli/import-worker.ts', 'src/code-cache.ts'],
  entryNames: '[name]',
  outdir: 'dist',
  // Each `import()` of a command stays a separate file, loaded when the command runs; what several share is a chunk.
  splitting: true,
  format: 'esm',
  // The bundled CommonJS code calls `require` (node's modules, the addon): ES modules have none of their own. It is
  // made on the first call: every output file gets the banner, and a digest reads some 30 of them, only one of which
  // (esbuild's `__require`) ever calls it.
  banner: {
    js:
      "import { createRequire as createRequireOf } from 'node:module';\n" +
      'let requireHere;\n' +
      'function require(id) {\n  return (requireHere ??= createRequireOf(import.meta.url))(id);\n}',
  },
  sourcemap: true,
  metafile: true,
});

writeFileSync(META_FILE, `${JSON.stringify(result.metafile, null, 1)}\n`);

// The CLI once more, as one CommonJS file for vm.Script, whose code V8 can cache (Node 20 has no cache for ES
// modules). Each command's code still runs only when the command does (esbuild wraps what `import()` reached in a
// function), and V8 compiles a function only when it first runs, or takes it from the cache.
await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.cjs',
  format: 'cjs',
  // vm.Script has no loader for `import()` (the few of node's own modules loaded so): they become `require`.
  supported: { 'dynamic-import': false },
  // `import.meta` does not exist in CommonJS: the bundle's own URL stands for it, as dist/cli.js's does there.
  banner: {
    js:
      "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;\n" +
      "const importMetaResolve = (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href;",
  },
  define: { 'import.meta.url': 'importMetaUrl', 'import.meta.resolve': 'importMetaResolve' },
  sourcemap: true,
});
// Its SHA-256, which keys its code cache: computed here once, not by every process that loads it.
const cliBundle = readFileSync(join(OUT_DIR, 'cli.cjs'));
writeFileSync(join(OUT_DIR, 'cli.cjs.sha256'), `${createHash('sha256').update(cliBundle).digest('hex')}\n`);
