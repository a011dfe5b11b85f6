// One thread of the search pool (search-pool.ts): its own connection to the store file and its own app, answering
// the requests the main thread hands it, one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore } from '../store/sqlite/index.js';
import { createApp } from './app.js';
import { pairsOf, SEARCH_MAP_BYTES, type SearchWorkerData } from './search-pool.js';

const data = workerData as SearchWorkerData;
const store = openSqliteStore(data.dbPath, { mapBytes: SEARCH_MAP_BYTES });
const app = createApp({
  store,
  profiles: data.profiles,
  // The pool answers reads only; writes never reach a worker.
  token: null,
  ...(data.fallbackTranslation === null ? {} : { fallbackTranslation: data.fallbackTranslation }),
  now: () => new Date(),
});

parentPort?.on(
  'message',
  (request: { id: number; url: string; method: string; headers: [string, string][] }) => {
    void (async () => {
      const response = await app.request(request.url, { method: request.method, headers: request.headers });
      parentPort?.postMessage({
        id: request.id,
        status: response.status,
        headers: pairsOf(response.headers),
        body: await response.text(),
      });
    })();
  },
);
