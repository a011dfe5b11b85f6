import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './src/store/sqlite/index.js';
import { createApp } from './src/server/app.js';
const store = openSqliteStore(join(tmpdir(), 'paperwire-bench-search-20000-v1', 'paperwire.sqlite'));
const app = createApp({ store, profiles: [], token: null, now: () => new Date() });
for (const q of ['reinforcement learning', 'graph', 'quantum', 'entropy']) {
  for (let r = 0; r < 3; r++) {
    let t = performance.now();
    const hits = store.searchPapers(q, { limit: 51 });
    const s = performance.now() - t;
    t = performance.now();
    const res = await app.request(`/search?q=${encodeURIComponent(q)}`);
    const body = await res.text();
    console.log(q, hits.length, 'store', s.toFixed(1), 'page', (performance.now() - t).toFixed(1), body.length);
  }
}
