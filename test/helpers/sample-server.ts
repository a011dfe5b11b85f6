// The web server as the browser and rating tests start it: the sample store (src/server/fixtures/sample-store.ts) in
// a scratch folder on disk, served on 127.0.0.1 on a free port, loopback so with no token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRatingKey } from '../../src/rating-links.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { fillSampleStore } from '../../src/server/fixtures/sample-store.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/index.js';

export interface SampleServer {
  scratch: string;
  store: SqliteStore;
  server: RunningServer;
  /** The scratch home's rating key; null when the server was started without one. */
  ratingKey: Buffer | null;
  /** Stops the server, closes the store and removes the scratch folder. */
  close(): Promise<void>;
}

/**
 * Starts the sample store's server in a new scratch folder named with `prefix`. `withRatingKey` gives it the
 * folder's rating key (signed links, rating buttons); `prepare` changes the store before the server starts.
 */
export async function startSampleServer(
  prefix: string,
  options: { withRatingKey?: boolean; prepare?: (store: SqliteStore) => void } = {},
): Promise<SampleServer> {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  const store = openSqliteStore(join(scratch, 'paperwire.db'));
  fillSampleStore(store);
  options.prepare?.(store);
  const ratingKey = options.withRatingKey === true ? loadRatingKey(scratch) : null;
  const server = await startServer({
    store,
    profiles: ['rl'],
    host: '127.0.0.1',
    port: 0,
    token: null,
    ...(ratingKey === null ? {} : { ratingKey }),
    log: () => {},
  });
  return {
    scratch,
    store,
    server,
    ratingKey,
    async close() {
      await server.close();
      store.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
