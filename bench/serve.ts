// Benchmark of `paperwire serve`: 100,000 synthetic papers and a 60-paper digest in a temp SQLite store, the
// server on loopback, and a load generator in a child process firing keep-alive requests with bounded
// concurrency. Prints median, p99 and requests per second for the digest page and searches, and the ratio to
// the goals (20 ms median, 100 ms p99). Run: node --import tsx bench/serve.ts [--concurrency 1,8] [--requests 2000]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Digest, DigestEntry, IsoDate, ListedPaper, Paper } from '../src/model.js';
import { renderJson } from '../src/render/text/json.js';
import { startServer } from '../src/server/index.js';
import { openSqliteStore, sourceHashOf } from '../src/store/sqlite/index.js';
import { measureLoad } from './load.js';

const GOAL_MEDIAN_MS = 20;
const GOAL_P99_MS = 100;
const PAPER_COUNT = 100_000;
const BATCH = 5_000;
const TRANSLATED = 5_000;
const DATE = '2026-01-30' as IsoDate;

const { values } = parseArgs({
  options: { concurrency: { type: 'string', default: '1,8' }, requests: { type: 'string', default: '2000' } },
});
const concurrencies = values.concurrency.split(',').map(Number);
const requests = Number(values.requests);

// A deterministic generator, so every run measures the same archive.
let seed = 42;
// mulberry32: 32-bit integer arithmetic only, so the sequence does not collapse the way a float LCG does.
const random = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
// Text shaped like arXiv's: a large vocabulary drawn Zipf-like (a few words everywhere, most rare), and topic
// phrases that each occur in a few percent of papers, so a query matches hundreds of papers, not all of them.
const SYLLABLES = 'ka lo mi re tan vex sor pul ni qua del fo rim zet bar cu gen hol'.split(' ');
const VOCABULARY = Array.from({ length: 20_000 }, (_, i) => {
  let word = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / SYLLABLES.length))
    word += SYLLABLES[n % SYLLABLES.length] ?? '';
  return word;
});
const TOPICS = (
  'policy gradient|offline reinforcement learning|world model|diffusion policy|reward shaping|entropy regularization|' +
  'actor critic|model-based planning|imitation learning|preference optimization|multi-agent game|safe exploration|' +
  'value function|sample efficiency|language agent|robot control|contrastive representation|regret bound|' +
  'stochastic approximation|Bayesian inference|graph network|transformer policy|curriculum learning|meta learning|' +
  'inverse reinforcement learning|hierarchical control|partial observability|distribution shift|trust region|' +
  'Q-learning|temporal difference|bandit feedback|causal discovery|uncertainty quantification|federated learning|' +
  'neural operator|symbolic regression|program synthesis|chain of thought|mixture of experts'
).split('|');
const ZH_TOPICS =
  '强化学习|策略梯度|世界模型|扩散策略|奖励塑形|熵正则化|模仿学习|偏好优化|机器人控制|样本效率'.split('|');
const ZH_CHARS = [
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- every one of these characters is one code point
  ...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严',
];
const pickZipf = (): string => VOCABULARY[Math.floor(VOCABULARY.length * random() ** 3)] ?? 'ka';
const prose = (n: number, topicChance: number): string => {
  const words = Array.from({ length: n }, pickZipf);
  if (random() < topicChance) words.splice(Math.floor(random() * n), 0, pick(TOPICS));
  return words.join(' ');
};
const zhProse = (n: number): string => {
  const chars = Array.from({ length: n }, () => pick(ZH_CHARS));
  chars.splice(Math.floor(random() * n), 0, pick(ZH_TOPICS));
  return chars.join('');
};
const CATEGORIES = ['cs.LG', 'cs.AI', 'cs.RO', 'cs.CL', 'stat.ML', 'math.OC'];

function syntheticPaper(index: number): Paper {
  const categories = [...new Set([pick(CATEGORIES), pick(CATEGORIES)])];
  const submitted = new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 750) * 86_400_000);
  return {
    arxivId: `${2400 + Math.floor(index / 20_000)}.${String(index % 100_000).padStart(5, '0')}`,
    version: 1,
    title: prose(7, 0.3),
    abstract: `${prose(140, 0.6)}. We report $\\mathcal{O}(\\sqrt{T})$ regret.`,
    authors: Array.from({ length: 4 }, (_, k) => `Author ${index}-${k}`),
    categories,
    primaryCategory: categories[0] ?? 'cs.LG',
    publishedAt: submitted,
    updatedAt: submitted,
    comment: null,
    journalRef: null,
    doi: null,
  };
}

function fill(store: ReturnType<typeof openSqliteStore>): Digest {
  const started = performance.now();
  const sample: Paper[] = [];
  for (let start = 0; start < PAPER_COUNT; start += BATCH) {
    const batch: ListedPaper[] = [];
    for (let i = start; i < start + BATCH; i++) {
      const paper = syntheticPaper(i);
      if (i < TRANSLATED) sample.push(paper);
      batch.push({ paper, announceType: 'new' });
    }
    store.savePapers(batch);
  }
  const translations = new Map<string, { title: string; abstract: string }>();
  store.db.transaction(() => {
    for (const paper of sample) {
      const title = zhProse(14);
      const abstract = zhProse(220);
      translations.set(paper.arxivId, { title, abstract });
      const model = 'bench:model';
      store.saveTranslation({ sourceHash: sourceHashOf(paper.title), lang: 'zh', model }, title);
      store.saveTranslation({ sourceHash: sourceHashOf(paper.abstract), lang: 'zh', model }, abstract);
    }
  })();
  const entry = (paper: Paper): DigestEntry => ({
    paper,
    announceType: 'new',
    translation: translations.get(paper.arxivId) ?? { title: null, abstract: null },
    hf: null,
  });
  const sections = ['reinforcement learning', 'diffusion policy', 'world model'].map((keyword, k) => ({
    keyword,
    entries: sample.slice(k * 20, k * 20 + 20).map(entry),
  }));
  const digest: Digest = {
    profile: 'bench',
    listingDate: DATE,
    announcedAt: new Date('2026-01-30T01:00:00Z'),
    generatedAt: new Date('2026-01-30T02:00:00Z'),
    lang: 'zh',
    sections,
    paperCount: 60,
    notices: [],
    problems: [],
  };
  store.saveDigest({
    profile: 'bench',
    listingDate: DATE,
    generatedAt: digest.generatedAt,
    json: renderJson(digest),
  });
  process.stderr.write(
    `filled ${PAPER_COUNT} papers, ${TRANSLATED * 2} translations, 1 digest in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return digest;
}

const scratch = mkdtempSync(join(tmpdir(), 'paperwire-bench-serve-'));
const store = openSqliteStore(join(scratch, 'paperwire.db'));
try {
  fill(store);
  const server = await startServer({ store, profiles: ['bench'], host: '127.0.0.1', port: 0, token: null });
  const targets: [string, string][] = [
    ['digest page (60 papers)', `/digests/bench/${DATE}`],
    ['search page, English', `/search?q=${encodeURIComponent('policy gradient')}`],
    ['search page, Chinese', `/search?q=${encodeURIComponent('强化学习')}`],
    ['search page, filtered', `/search?q=entropy&category=cs.RO&from=2025-01-01`],
    ['search API, English', `/api/search?q=${encodeURIComponent('world model')}`],
  ];
  for (const concurrency of concurrencies) {
    console.log(`\n${PAPER_COUNT} papers, ${requests} requests per target, concurrency ${concurrency}`);
    console.log('target                     median ms   p99 ms    req/s   median/goal  p99/goal');
    for (const [name, path] of targets) {
      const result = await measureLoad({
        base: server.url,
        paths: [path],
        concurrency,
        requests,
        warmup: Math.min(200, requests),
        keepAlive: true,
      });
      console.log(
        `${name.padEnd(26)} ${result.p50.toFixed(2).padStart(9)} ${result.p99.toFixed(2).padStart(8)} ${result.rps.toFixed(0).padStart(8)}` +
          `   ${(result.p50 / GOAL_MEDIAN_MS).toFixed(3).padStart(10)} ${(result.p99 / GOAL_P99_MS).toFixed(3).padStart(9)}`,
      );
    }
  }
  console.log(`goals: median ${GOAL_MEDIAN_MS} ms, p99 ${GOAL_P99_MS} ms (a ratio below 1 meets the goal)`);
  await server.close();
} finally {
  store.close();
  rmSync(scratch, { recursive: true, force: true });
}
