// Loaded with `node --import ./test/helpers/record-imports.mjs`: appends the URL of every module the process
// imports or requires, one a line, to the file named by RECORD_IMPORTS_FILE, so a test can tell what a command
// loaded (bin/paperwire.js runs `digest` and `run` from a CommonJS bundle, whose dependencies are required).
import { Module, isBuiltin, register } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// The same file is the hooks module: registered from the main thread, it runs again in the loader's thread.
if (isMainThread) {
  const path = process.env['RECORD_IMPORTS_FILE'];
  register(import.meta.url, { data: { path } });
  // Node 20's loader hooks do not see `require`: its loader function is wrapped instead.
  const load = Module._load;
  Module._load = function recordRequire(request, parent, isMain) {
    // node's own modules as `node:name`, as the import hook sees them.
    if (path && isBuiltin(request)) appendFileSync(path, `node:${request.replace(/^node:/, '')}\n`);
    else if (path) {
      const resolved = Module._resolveFilename(request, parent, isMain);
      if (resolved.startsWith('/')) appendFileSync(path, `${pathToFileURL(resolved).href}\n`);
    }
    return load.call(this, request, parent, isMain);
  };
}

let outPath = '';

/** The loader's thread receives the output file from register's data. */
export function initialize(data) {
  outPath = data.path;
}

/**
 * Records each module as it resolves, then resolves it as usual; also in `<file>.esm`, which lists only what node's
 * ES module loader was asked for (a command run from CommonJS alone leaves it empty).
 */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (outPath) {
    appendFileSync(outPath, `${resolved.url}\n`);
    appendFileSync(`${outPath}.esm`, `${resolved.url}\n`);
  }
  return resolved;
}
