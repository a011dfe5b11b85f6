// Builds dist/ (`npm run build`): src/cli.ts bundled by esbuild into a few ES modules, one per command plus shared
// chunks, so a command loads a handful of files instead of about a hundred. `tsc --noEmit` does the type checking.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
const OUT_DIR = join(ROOT, 'dist');

/** Which bundle file holds which source files: the startup test reads it (test/startup.e2e.test.ts). */
const META_FILE = join(OUT_DIR, 'meta.json');

// A rebuilt chunk has a new hashed name: files from an earlier build would only mislead.
rmSync(OUT_DIR, { recursive: true, force: true });
mkdirSync(OUT_DIR, { recursive: true });

const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  // Each `import()` of a command stays a separate file, loaded when the command runs; what several share is a chunk.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Dependencies load from node_modules as before (better-sqlite3 is native; smol-toml and others are required lazily).
  packages: 'external',
  // Error classes take their name from `new.target.name`: a bundle must not rename them.
  keepNames: true,
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});

writeFileSync(META_FILE, `${JSON.stringify(result.metafile, null, 1)}\n`);
