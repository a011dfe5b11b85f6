import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './src/store/sqlite/index.js';
import { createApp } from './src/server/app.js';
const store = openSqliteStore(join(tmpdir(), 'paperwire-bench-search-20000-v1', 'paperwire.sqlite'));
const app = createApp({ store, profiles: [], token: null, now: () => new Date() });
for (let r = 0; r < 40; r++) for (const q of ['reinforcement learning', 'graph', 'quantum', 'entropy']) await (await app.request(`/search?q=${encodeURIComponent(q)}`)).text();
