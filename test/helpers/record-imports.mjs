// Loaded with `node --import ./test/helpers/record-imports.mjs`: appends the URL of every module the process
// imports, one a line, to the file named by RECORD_IMPORTS_FILE, so a test can tell what a command loaded.
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { appendFileSync } from 'node:fs';

// The same file is the hooks module: registered from the main thread, it runs again in the loader's thread.
if (isMainThread) {
  register(import.meta.url, { data: { path: process.env['RECORD_IMPORTS_FILE'] } });
}

let outPath = '';

/** The loader's thread receives the output file from register's data. */
export function initialize(data) {
  outPath = data.path;
}

/** Records each module as it resolves, then resolves it as usual. */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (outPath) appendFileSync(outPath, `${resolved.url}\n`);
  return resolved;
}
