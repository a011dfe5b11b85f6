import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './src/store/sqlite/index.js';
const store = openSqliteStore(join(tmpdir(), 'paperwire-bench-search-20000-v1', 'paperwire.sqlite'));
for (const q of ['reinforcement learning', 'graph', 'quantum', 'entropy', 'learning']) {
  const c = store.db.prepare('SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH ?').get(q) as { n: number };
  let t = performance.now();
  store.db.prepare('SELECT rowid, bm25(papers_fts, 5, 1) AS s FROM papers_fts WHERE papers_fts MATCH ? ORDER BY s LIMIT 51').all(q);
  const full = performance.now() - t;
  t = performance.now();
  store.db.prepare('SELECT rowid FROM (SELECT rowid, bm25(papers_fts, 5, 1) AS s FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT 2000) ORDER BY s LIMIT 51').all(q);
  const win = performance.now() - t;
  t = performance.now();
  store.db.prepare("SELECT papers.* , bm25(papers_fts, 5, 1) AS score FROM papers_fts JOIN papers ON papers.id = papers_fts.rowid WHERE papers_fts MATCH ? ORDER BY score LIMIT 51").all(q);
  const joined = performance.now() - t;
  console.log(q, c.n, 'full', full.toFixed(1), 'window', win.toFixed(1), 'joined', joined.toFixed(1));
}
