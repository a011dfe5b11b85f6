// Builds dist/ (`npm run build`): src/cli.ts bundled by esbuild into a few ES modules, one per command plus shared
// chunks, so a command loads a handful of files instead of about a hundred; and the same CLI as one CommonJS file,
// dist/cli.cjs, which bin/paperwire.js runs for `digest` and `run` with a V8 code cache (src/code-cache.ts, itself
// dist/code-cache.cjs); and `search` alone as one CommonJS file, dist/search.cjs, which it runs the same way; and the
// help text alone, dist/cli-help.cjs, which it answers `--help` and `--version` from; and the native ranking
// extension, dist/paperwire-fts5.so, when a C compiler is there. `tsc --noEmit` does the type checking.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
/**
 * The build is written beside dist/ (at the same depth, so the source maps' relative paths hold), then swapped in
 * with two renames: a test run or a command using dist/ meanwhile never finds it half written or gone for long.
 */
const STAGING = `dist-building-${process.pid}`;
const OUT_DIR = join(ROOT, STAGING);
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** The dependencies whose code goes into the bundle. */
const BUNDLED = ['better-sqlite3', 'entities'];

/** Which bundle file holds which source files: the startup test reads it (test/startup.e2e.test.ts). */
const META_FILE = join(OUT_DIR, 'meta.json');

// A rebuilt chunk has a new hashed name: files from an earlier build would only mislead, so dist/ is replaced whole.
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
  entryPoints: ['src/cli.ts', 'src/server/search-worker.ts', 'src/cli/import-worker.ts'],
  entryNames: '[name]',
  outdir: STAGING,
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

// `import.meta` does not exist in CommonJS: in the CommonJS files the bundle's own URL stands for it, as dist/cli.js's
// does there.
const cjsBanner = {
  js:
    "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;\n" +
    "const importMetaResolve = (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href;",
};
const cjsDefine = { 'import.meta.url': 'importMetaUrl', 'import.meta.resolve': 'importMetaResolve' };

/** `entry` bundled as one CommonJS file, `name` in the new dist/, with esbuild's account of it (`metafile`). */
function buildCommonJs(entry, name, options = {}) {
  return build({
    ...common,
    entryPoints: [entry],
    outfile: `${STAGING}/${name}`,
    format: 'cjs',
    metafile: true,
    ...options,
  });
}

/** What a CommonJS file run through vm.Script needs (the CLI's and search's, each with a V8 code cache). */
const forVmScript = {
  // vm.Script has no loader for `import()` (the few of node's own modules loaded so): they become `require`.
  supported: { 'dynamic-import': false },
  banner: cjsBanner,
  define: cjsDefine,
  sourcemap: true,
};

// The CLI once more, as one CommonJS file for vm.Script, whose code V8 can cache (Node 20 has no cache for ES
// modules). Each command's code still runs only when the command does (esbuild wraps what `import()` reached in a
// function), and V8 compiles a function only when it first runs, or takes it from the cache. Its sources are the ES
// build's already: it stays out of meta.json, which the startup test reads file by file.
await buildCommonJs('src/cli.ts', 'cli.cjs', { ...forVmScript, metafile: false });

// `search` alone, as one CommonJS file (src/cli/search-main.ts) that bin/paperwire.js runs with a V8 code cache, as
// dist/cli.cjs: no ES module loader to start, no chunk to resolve and link one by one, and the functions a search
// runs taken from the cache rather than compiled (`search --sort relevance` imports the relevance model: in this
// file, run only when that sort is asked for).
const search = await buildCommonJs('src/cli/search-main.ts', 'search.cjs', forVmScript);

// The code cache's loader, which bin/paperwire.js (CommonJS) requires before dist/cli.cjs or dist/search.cjs: a
// CommonJS file too, so that node's ES module loader never starts for them.
const codeCache = await buildCommonJs('src/code-cache.ts', 'code-cache.cjs');

// The help text and version alone, which bin/paperwire.js (CommonJS) answers `--help` and `--version` from without
// loading the CLI or starting node's ES module loader.
const help = await buildCommonJs('src/cli-help.ts', 'cli-help.cjs');

// The sources of search's, the loader's and the help's files join the ES build's in meta.json.
Object.assign(
  result.metafile.outputs,
  search.metafile.outputs,
  codeCache.metafile.outputs,
  help.metafile.outputs,
);

// Named as the files will be once the build is dist/.
writeFileSync(
  META_FILE,
  `${JSON.stringify(result.metafile, null, 1).replaceAll(`"${STAGING}/`, '"dist/')}\n`,
);

// The bundles' characters beyond ASCII (in regular expressions, tagged templates and comments, which esbuild leaves
// as they are) written as `\uXXXX` escapes: one such character makes V8 hold the whole source two bytes a character,
// read through the slower UTF-8 decoding and scanned at twice the size by every digest and search (issue 13). Then
// each one's SHA-256, which keys its code cache: computed here once, not by every process that loads it.
for (const name of ['cli.cjs', 'search.cjs']) {
  writeFileSync(join(OUT_DIR, name), asciiSource(readFileSync(join(OUT_DIR, name), 'utf8')));
  const bundle = readFileSync(join(OUT_DIR, name));
  writeFileSync(join(OUT_DIR, `${name}.sha256`), `${createHash('sha256').update(bundle).digest('hex')}\n`);
}

/**
 * Compiles native/paperwire-fts5.c, the search's ranking function with kept phrase counts (docs/store.md, "The
 * ranking"), into the new dist/ with the system's C compiler ($CC, else cc) against the SQLite headers better-sqlite3
 * ships: sqlite3ext.h as is, and fts5.h cut from its amalgamation, so that the API matches the SQLite that loads
 * it. Without a compiler, or if it fails, the build goes on: search then ranks with SQLite's own bm25(), the same
 * order at a higher cost on a large archive (src/store/sqlite/ranking.ts).
 */
function buildRankingExtension() {
  const sqliteDir = join(ROOT, 'node_modules', 'better-sqlite3', 'deps', 'sqlite3');
  const suffix = { darwin: 'dylib', win32: 'dll' }[process.platform] ?? 'so';
  const headerDir = mkdtempSync(join(tmpdir(), 'paperwire-fts5-'));
  try {
    const amalgamation = readFileSync(join(sqliteDir, 'sqlite3.c'), 'latin1');
    const header = /\/\*+ Begin file fts5\.h \*+\/\n([\s\S]*?)\/\*+ End of fts5\.h \*+\//.exec(
      amalgamation,
    )?.[1];
    if (header === undefined) return skipExtension("no fts5.h in better-sqlite3's sqlite3.c");
    writeFileSync(join(headerDir, 'fts5.h'), header, 'latin1');
    const compiler = process.env.CC ?? 'cc';
    const result = spawnSync(
      compiler,
      [
        '-O2',
        '-fPIC',
        process.platform === 'darwin' ? '-dynamiclib' : '-shared',
        '-I',
        sqliteDir,
        '-I',
        headerDir,
        join(ROOT, 'native', 'paperwire-fts5.c'),
        '-o',
        join(OUT_DIR, `paperwire-fts5.${suffix}`),
        '-lm',
      ],
      { encoding: 'utf8' },
    );
    if (result.error !== undefined) return skipExtension(`${compiler}: ${result.error.message}`);
    if (result.status !== 0) {
      const firstLine = result.stderr.trim().split('\n')[0] ?? '';
      return skipExtension(
        `${compiler} exited with ${result.status}${firstLine === '' ? '' : `: ${firstLine}`}`,
      );
    }
  } finally {
    rmSync(headerDir, { recursive: true, force: true });
  }
}

/** One line on why there is no extension: search still works, with SQLite's bm25(). */
function skipExtension(reason) {
  console.log(`note: search ranks with SQLite's bm25() (the kept-count extension was not built: ${reason})`);
}

buildRankingExtension();

// The swap: dist/ moves aside (if there is one), the new build takes its name, the old one is removed.
const previous = join(ROOT, `dist-previous-${process.pid}`);
try {
  renameSync(DIST, previous);
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
renameSync(OUT_DIR, DIST);
rmSync(previous, { recursive: true, force: true });

/**
 * `source` with each UTF-16 unit beyond ASCII written as a `\uXXXX` escape, which means the same character in a
 * string, a template's cooked text (hono's `html` reads that one), a regular expression (a surrogate pair's two
 * escapes are one code point under the `u` flag too) and a comment. Refused after a backslash, where the escape would
 * change what the backslash means, and in a `String.raw` template, whose text would then hold the escape itself.
 */
function asciiSource(source) {
  if (/String\.raw`[^`]*[\u0080-\uffff]/.test(source)) {
    throw new Error(
      'scripts/build.mjs: a String.raw template in dist/cli.cjs holds a character beyond ASCII (escape it in the source)',
    );
  }
  return source.replace(/(\\?)([\u0080-\uffff])/g, (_match, backslash, unit) => {
    if (backslash !== '') {
      throw new Error(
        `scripts/build.mjs: dist/cli.cjs has "\\${unit}", which cannot be made ASCII safely (write the \\u escape in the source)`,
      );
    }
    return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
