// Where a worker thread's module is, for the module that starts it: `NAME.js` beside it in dist/, or, run from
// source (the tests and benches, through tsx), a module that registers tsx's loader in the thread, then imports
// `NAME.ts`. Used by the search threads (server/search-pool.ts) and the import's reading thread (cli/import-pieces.ts).

/** The URL to start the worker `name` (its file's name without extension) with, beside the module at `besideUrl`. */
export function workerModuleUrl(name: string, besideUrl: string): URL {
  const isSource = besideUrl.endsWith('.ts');
  const url = new URL(`./${name}${isSource ? '.ts' : '.js'}`, besideUrl);
  if (!isSource) return url;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code =
    `const { register } = await import(${JSON.stringify(tsx)}); register(); ` +
    `await import(${JSON.stringify(url.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
