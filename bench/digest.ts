// Benchmark for the digest path (issue 2): a 2,000-entry RSS day and a 10,000-entry API result from bytes to
// rendered digests, 20 keywords, every style. Prints entries per second, peak memory and ratios to the goals.
// Then (issue 13) the whole daily path as a user runs it: the built CLI's `digest` in its own process against the
// day served on loopback to a cold store, alternated with the plain way (feedparser), medians and their ratio.
// Run: npm run build && npm run bench (not part of the tests; the figures go in the README).
// `npm run bench -- --whole-only [ROUNDS]` runs only the whole-process comparison; `--against DIR` adds another
// built clone's `digest` (the code before a change) to the same alternation, so that two builds are compared in the
// same minutes.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { STYLES, countDistinctPapers, type Digest, type IsoDate, type ListedPaper } from '../src/model.js';
import { rankEntries } from '../src/rank/rank.js';
import { renderDigest } from '../src/render/text/index.js';
import { selectSections } from '../src/select/query.js';
import { parseArxivAtom } from '../src/sources/arxiv-api/parse.js';
import { parseArxivRss } from '../src/sources/arxiv-rss/parse.js';
import { parseDailyPapers } from '../src/sources/hf-daily/parse.js';
import { saveHfPapers } from '../src/pipeline/hugging-face.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';

const ROOT = join(import.meta.dirname, '..');
const KEYWORDS = [
  'reinforcement learning',
  'diffusion policy',
  'large language model',
  'policy optimization',
  'GRPO',
  'reward model',
  'offline RL',
  'world model',
  'imitation learning',
  'multi-agent',
  'robot',
  'transformer',
  'benchmark',
  'ti:survey',
  'au:Wang',
  'cat:cs.RO',
  '"chain-of-thought"',
  'exploration AND exploitation',
  'quantization OR distillation',
  'vision-language NOT video',
];

// The whole daily path (issue 13): two keywords, and the plain way to compare with: `../shared/bench/` beside this
// clone (as the worktrees under /work have it), or the script PAPERWIRE_BENCH_PLAIN_WAY names.
const WHOLE_KEYWORDS = ['reinforcement learning', 'diffusion'];
const PLAIN_WAY =
  process.env['PAPERWIRE_BENCH_PLAIN_WAY'] ?? join(ROOT, '..', 'shared', 'bench', 'feedparser_digest.py');
const PYTHON = '/usr/bin/python3';

/** Milliseconds taken by `run`, best of `rounds` (the first round warms the JIT). */
function time<T>(rounds: number, run: () => T): { ms: number; result: T } {
  let best = Infinity;
  let result = run();
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    result = run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: best, result };
}

/** A 2,000-item rss.arxiv.org day: the demo day's items repeated with fresh ids. */
function buildRssDay(count: number): string {
  const feed = readFileSync(join(ROOT, 'demo', 'arxiv-rss-cs.xml'), 'utf8');
  const head = feed.slice(0, feed.indexOf('<item>'));
  const items = feed
    .slice(feed.indexOf('<item>'), feed.lastIndexOf('</item>') + '</item>'.length)
    .split(/(?<=<\/item>)\s*/);
  const out: string[] = [head];
  for (let index = 0; index < count; index++) {
    const id = `2601.${String(30000 + index).padStart(5, '0')}`;
    out.push((items[index % items.length] ?? '').replace(/\d{4}\.\d{5}/g, id));
  }
  out.push('</channel>\n</rss>\n');
  return out.join('\n');
}

/** A 10,000-entry API answer: the real recorded entries repeated with fresh ids. */
function buildApiResult(count: number): string {
  const page = readFileSync(
    join(ROOT, 'test', 'fixtures', 'real', 'arxiv-api', 'query-2025-11-new-format.xml'),
    'utf8',
  );
  const head = page.slice(0, page.indexOf('<entry>'));
  const entries = page
    .slice(page.indexOf('<entry>'), page.lastIndexOf('</entry>') + '</entry>'.length)
    .split(/(?<=<\/entry>)\s*/);
  const out: string[] = [head.replace(/<opensearch:totalResults>\d+/, `<opensearch:totalResults>${count}`)];
  for (let index = 0; index < count; index++) {
    const id = `2511.${String(10000 + index).padStart(5, '0')}`;
    out.push(
      (entries[index % entries.length] ?? '')
        .replace(/abs\/[^<"]+?v(\d)/g, `abs/${id}v$1`)
        .replace(/pdf\/[^<"]+?v(\d)/g, `pdf/${id}v$1`),
    );
  }
  out.push('</feed>\n');
  return out.join('\n');
}

function buildDigest(papers: ListedPaper[]): Digest {
  const sections = selectSections(papers, KEYWORDS).map((section) => ({
    keyword: section.keyword,
    entries: rankEntries(section.entries, 'listing').map((listed) => ({
      paper: listed.paper,
      announceType: listed.announceType,
      translation: { title: null, abstract: null },
      hf: null,
    })),
  }));
  return {
    profile: 'bench',
    listingDate: '2026-01-30' as IsoDate,
    announcedAt: new Date('2026-01-30T01:00:00Z'),
    generatedAt: new Date('2026-01-30T08:00:00Z'),
    lang: 'zh',
    sections,
    paperCount: countDistinctPapers(sections),
    notices: [],
    problems: [],
  };
}

/** The whole 2,000-paper day in a fresh process, so its peak memory is its own: prints max RSS in MB. */
function measureDayOnly(rssPath: string): void {
  const parsed = parseArxivRss(readFileSync(rssPath, 'utf8'), { url: 'bench' });
  const built = buildDigest(parsed.papers);
  for (const style of STYLES) renderDigest(built, style, { lang: 'zh' });
  console.log(String(process.resourceUsage().maxRSS / 1024));
}

if (process.argv[2] === '--day-only') {
  measureDayOnly(process.argv[3] ?? '');
  process.exit(0);
}
if (process.argv[2] === '--whole-only') {
  const against = process.argv.indexOf('--against');
  const rounds =
    process.argv[3] === undefined || process.argv[3] === '--against' ? 11 : Number(process.argv[3]);
  await compareWholeProcess(rounds, against === -1 ? null : (process.argv[against + 1] ?? null));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'paperwire-bench-'));
const rssPath = join(dir, 'rss.xml');
const apiPath = join(dir, 'api.xml');
writeFileSync(rssPath, buildRssDay(2000));
writeFileSync(apiPath, buildApiResult(10_000));
const dayPeakMb = Number(
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--day-only', rssPath], {
    encoding: 'utf8',
  }).trim(),
);
const baselinePeakMb = Number(
  execFileSync(process.execPath, ['-e', 'console.log(process.resourceUsage().maxRSS / 1024)'], {
    encoding: 'utf8',
  }).trim(),
);

const rssRead = time(5, () => readFileSync(rssPath, 'utf8'));
const rssParse = time(5, () => parseArxivRss(rssRead.result, { url: 'bench' }));
const apiRead = time(3, () => readFileSync(apiPath, 'utf8'));
const apiParse = time(3, () => parseArxivAtom(apiRead.result, { url: 'bench' }));
const papers = rssParse.result.papers;
const select = time(5, () => selectSections(papers, KEYWORDS));
const digest = buildDigest(papers);
const renders = STYLES.map((style) => ({
  style,
  ...time(5, () => renderDigest(digest, style, { lang: 'zh' })),
}));
const day = time(5, () => {
  const parsed = parseArxivRss(readFileSync(rssPath, 'utf8'), { url: 'bench' });
  return renderDigest(buildDigest(parsed.papers), 'classic', { lang: 'zh' }).length;
});
const whole = time(5, () => {
  const parsed = parseArxivRss(readFileSync(rssPath, 'utf8'), { url: 'bench' });
  const built = buildDigest(parsed.papers);
  return STYLES.map((style) => renderDigest(built, style, { lang: 'zh' }).length);
});
const peakMb = process.resourceUsage().maxRSS / 1024;

const row = (name: string, ms: number, entries: number, extra = '') =>
  console.log(
    `${name.padEnd(34)} ${ms.toFixed(1).padStart(8)} ms ${Math.round((entries / ms) * 1000)
      .toLocaleString('en-US')
      .padStart(12)} entries/s ${extra}`,
  );

console.log(`paperwire bench/digest.ts  (node ${process.version}, best of several rounds)`);
console.log(
  `RSS day: ${papers.length} papers, ${(rssRead.result.length / 1e6).toFixed(1)} MB; API result: ${apiParse.result.papers.length} papers, ${(apiRead.result.length / 1e6).toFixed(1)} MB`,
);
row('read RSS bytes (baseline)', rssRead.ms, papers.length);
row(
  'parse RSS',
  rssParse.ms,
  papers.length,
  `ratio to plain read: ${(rssParse.ms / rssRead.ms).toFixed(1)}x`,
);
row('read API bytes (baseline)', apiRead.ms, apiParse.result.papers.length);
row(
  'parse API',
  apiParse.ms,
  apiParse.result.papers.length,
  `ratio to plain read: ${(apiParse.ms / apiRead.ms).toFixed(1)}x`,
);
row(`match ${KEYWORDS.length} keywords`, select.ms, papers.length, `(${digest.paperCount} papers matched)`);
for (const render of renders)
  row(
    `render ${render.style}`,
    render.ms,
    digest.paperCount,
    `(${(render.result.length / 1e6).toFixed(2)} MB)`,
  );
row(
  'RSS bytes → classic digest',
  day.ms,
  papers.length,
  `goal 500 ms: ${(day.ms / 500).toFixed(2)} of the budget`,
);
row(
  'RSS bytes → all four styles',
  whole.ms,
  papers.length,
  `goal 500 ms: ${(whole.ms / 500).toFixed(2)} of the budget`,
);
console.log(
  `peak memory, 2,000-paper day bytes → all digests, own process: ${dayPeakMb.toFixed(0)} MB ` +
    `(an empty node process: ${baselinePeakMb.toFixed(0)} MB); goal 200 MB: ${(dayPeakMb / 200).toFixed(2)} of the budget`,
);
console.log(
  `peak memory of this whole run (includes the 20 MB, 10,000-entry API document): ${peakMb.toFixed(0)} MB`,
);

// Hugging Face (issue 3): merging 100 Daily Papers entries into a stored 2,000-paper arXiv day: the papers (arXiv's
// metadata wins), facts and upvote points saved, the digest's facts loaded and attached. Goal: < 10% of the digest.
const hfBase = (() => {
  const recorded = ['daily-papers-2026-03-20-p0.json', 'daily-papers-2026-03-20-p1.json'].flatMap(
    (name) => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'hf', name), 'utf8')) as unknown[],
  );
  return parseDailyPapers(JSON.stringify(recorded), { url: 'bench' }).papers;
})();
// Every twentieth paper of the day is also on Hugging Face, as on a busy day.
const hfDay = Array.from({ length: 100 }, (_, index) => ({
  ...(hfBase[index % hfBase.length] as (typeof hfBase)[number]),
  arxivId: papers[index * 20]?.paper.arxivId ?? `2601.9${String(index).padStart(4, '0')}`,
  upvotes: (index * 37) % 120,
}));
const benchStore = openSqliteStore(':memory:');
const listingKey = { listingDate: '2026-01-30' as IsoDate, source: 'arxiv-rss', scope: 'cs' };
const arxivDigest = time(5, () => {
  const parsed = parseArxivRss(readFileSync(rssPath, 'utf8'), { url: 'bench' });
  benchStore.savePapers(parsed.papers, listingKey);
  return renderDigest(buildDigest(parsed.papers), 'classic', { lang: 'zh' }).length;
});
let seenAtMs = Date.parse('2026-01-30T08:00:00Z');
const hfMerge = time(5, () => {
  saveHfPapers(benchStore, hfDay, new Date((seenAtMs += 3_600_000)), '2026-01-30' as IsoDate);
  const facts = benchStore.loadHfInfo(digest.sections.flatMap((s) => s.entries.map((e) => e.paper.arxivId)));
  const upvotes = new Map([...facts].map(([id, info]) => [id, info.upvotes]));
  return digest.sections.map((section) =>
    rankEntries(section.entries, 'upvotes', { upvotes }).map((entry) => ({
      ...entry,
      hf: facts.get(entry.paper.arxivId) ?? null,
    })),
  ).length;
});
const withHf = time(5, () => {
  const built = buildDigest(papers);
  const facts = benchStore.loadHfInfo(built.sections.flatMap((s) => s.entries.map((e) => e.paper.arxivId)));
  for (const section of built.sections)
    section.entries = section.entries.map((entry) => ({
      ...entry,
      hf: facts.get(entry.paper.arxivId) ?? null,
    }));
  return renderDigest(built, 'classic', { lang: 'zh' }).length;
});
const shownOnHf = benchStore.loadHfInfo(papers.map((listed) => listed.paper.arxivId)).size;
benchStore.close();
row('RSS bytes → stored → classic digest', arxivDigest.ms, papers.length, '(the baseline for Hugging Face)');
row(
  'merge 100 Hugging Face entries',
  hfMerge.ms,
  hfDay.length,
  `save + load facts + attach: ${((hfMerge.ms / arxivDigest.ms) * 100).toFixed(1)}% of the digest (goal < 10%)`,
);
console.log(
  `classic digest with Hugging Face lines: ${withHf.ms.toFixed(1)} ms; ${shownOnHf} of ${papers.length} papers on Hugging Face`,
);

// The whole daily path (issue 13): `paperwire digest --lang en --style classic` with two keywords, built CLI, cold
// store, the 2,000-entry day served on loopback; against feedparser plus a substring match on the same bytes.
// Goal: paperwire's median ≤ 0.3× the plain way's. Both must match the same papers.

interface ProcessRun {
  ms: number;
  /** CPU time (user + system) of the process and its threads, in milliseconds; null where /proc is missing. */
  cpuMs: number | null;
  stdout: string;
}

/**
 * The CPU time of this process's reaped children so far (user + system, /proc/self/stat's cutime and cstime), in
 * milliseconds; null off Linux. Read before and after one child, it is that child's: on a machine shared with other
 * work, wall time swings with the load and CPU time much less.
 */
function childrenCpuMs(): number | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  // The fields after the command name, which is in parentheses and may hold spaces: cutime and cstime are the 16th
  // and 17th fields of the whole line (proc(5)), in clock ticks of 1/100 s on Linux.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** Runs a command to its end, collecting stdout; its wall time from spawn to exit, in milliseconds, and its CPU. */
function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return new Promise((resolvePromise, reject) => {
    const cpuBeforeMs = childrenCpuMs();
    const startedMs = performance.now();
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - startedMs;
      const cpuAfterMs = childrenCpuMs();
      const cpuMs = cpuBeforeMs === null || cpuAfterMs === null ? null : cpuAfterMs - cpuBeforeMs;
      if (code !== 0)
        reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString()}`));
      else resolvePromise({ ms, cpuMs, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

/** The arXiv ids a classic digest (paperwire's or the plain way's) links to, sorted and distinct. */
function matchedIdsOf(classic: string): string[] {
  const ids = [...classic.matchAll(/^- Arxiv link: https:\/\/arxiv\.org\/abs\/(\S+)$/gm)].map(
    (m) => m[1] ?? '',
  );
  return [...new Set(ids)].sort();
}

/**
 * Alternates `rounds` runs of paperwire and the plain way on the 2,000-entry day; prints medians and the ratio. With
 * `otherRoot` (another built clone), its `digest` runs in the same rounds too, and this build is compared with it.
 */
async function compareWholeProcess(rounds: number, otherRoot: string | null = null): Promise<void> {
  if (!existsSync(PLAIN_WAY)) {
    console.log(
      `whole process: skipped, the plain way ${PLAIN_WAY} is missing (set PAPERWIRE_BENCH_PLAIN_WAY to feedparser_digest.py)`,
    );
    return;
  }
  const body = buildRssDay(2000);
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    response.end(body);
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rss`;
  const homes: string[] = [];
  const paperwire = async (root = ROOT): Promise<ProcessRun> => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-bench-home-'));
    homes.push(home);
    const args = [
      join(root, 'bin', 'paperwire.js'),
      'digest',
      '--lang',
      'en',
      '--style',
      'classic',
      '--quiet',
    ];
    for (const keyword of WHOLE_KEYWORDS) args.push('--keyword', keyword);
    return runProcess(process.execPath, args, {
      PATH: process.env['PATH'] ?? '',
      PAPERWIRE_HOME: home,
      PAPERWIRE_ARXIV_RSS_URL: url,
    });
  };
  const plain = (): Promise<ProcessRun> =>
    runProcess(PYTHON, [PLAIN_WAY, `${url}/cs`, ...WHOLE_KEYWORDS], { PATH: process.env['PATH'] ?? '' });
  const paperwireRuns: ProcessRun[] = [];
  const plainRuns: ProcessRun[] = [];
  const otherRuns: ProcessRun[] = [];
  const loadBefore = loadavg()[0] ?? 0;
  try {
    // The first run after a build compiles the CLI and writes its V8 code cache (src/code-cache.ts); the rounds
    // after it read the cache. That first run is timed on its own, with no cache left from an earlier bench.
    for (const name of readdirSync(join(ROOT, 'dist')))
      if (name.endsWith('.v8-cache')) rmSync(join(ROOT, 'dist', name));
    // It is also the warm-up of the file cache; then they alternate, so load on the machine falls on both.
    const warm = await paperwire();
    const warmPlain = await plain();
    // The other build's first run writes its own code cache, untimed.
    const warmOther = otherRoot === null ? null : await paperwire(otherRoot);
    const ids = matchedIdsOf(warm.stdout);
    const plainIds = matchedIdsOf(warmPlain.stdout);
    const isSame = ids.length === plainIds.length && ids.every((id, index) => id === plainIds[index]);
    for (let round = 0; round < rounds; round++) {
      paperwireRuns.push(await paperwire());
      plainRuns.push(await plain());
      if (otherRoot !== null) otherRuns.push(await paperwire(otherRoot));
    }
    const median = (values: number[]): number =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const paperwireMs = paperwireRuns.map((run) => run.ms);
    const plainMs = plainRuns.map((run) => run.ms);
    const ours = median(paperwireMs);
    const theirs = median(plainMs);
    console.log(
      `whole process, 2,000-entry day on loopback, cold store, digest --lang en --style classic, keywords ` +
        `${WHOLE_KEYWORDS.map((keyword) => JSON.stringify(keyword)).join(' and ')}; median of ${rounds} alternated rounds`,
    );
    // The machine is shared: the spread and the load say how far a median can be trusted.
    const spread = (values: number[]): string =>
      `(${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
    console.log(
      `paperwire digest (built CLI)        ${ours.toFixed(1).padStart(8)} ms ${spread(paperwireMs)}`,
    );
    console.log(`  its first run, no code cache yet   ${warm.ms.toFixed(1).padStart(8)} ms (one run)`);
    console.log(`plain way (feedparser, ${PYTHON}) ${theirs.toFixed(1).padStart(8)} ms ${spread(plainMs)}`);
    console.log(
      `load average ${loadBefore.toFixed(1)} before the rounds, ${(loadavg()[0] ?? 0).toFixed(1)} after (${String(cpus().length)} cores)`,
    );
    console.log(
      `ratio ${(ours / theirs).toFixed(2)}× the plain way (goal ≤ 0.3×: ${ours / theirs <= 0.3 ? 'met' : 'NOT met'}); ` +
        `matched papers: paperwire ${ids.length}, plain way ${plainIds.length}, ${isSame ? 'the same ids' : 'DIFFERENT ids'}`,
    );
    if (otherRoot !== null && warmOther !== null) {
      const otherMs = median(otherRuns.map((run) => run.ms));
      const otherIds = matchedIdsOf(warmOther.stdout);
      const isSameOther = otherIds.length === ids.length && otherIds.every((id, index) => id === ids[index]);
      console.log(
        `other build (${otherRoot}) ${otherMs.toFixed(1).padStart(8)} ms ${spread(otherRuns.map((run) => run.ms))}: ` +
          `this build ${(ours / otherMs).toFixed(2)}× its time; ratio ${(otherMs / theirs).toFixed(2)}× the plain way; ` +
          `matched papers ${otherIds.length}, ${isSameOther ? 'the same ids' : 'DIFFERENT ids'}`,
      );
    }
    const cpuOf = (runs: ProcessRun[]): number[] =>
      runs.flatMap((run) => (run.cpuMs === null ? [] : [run.cpuMs]));
    const ourCpu = cpuOf(paperwireRuns);
    const theirCpu = cpuOf(plainRuns);
    if (ourCpu.length > 0 && theirCpu.length > 0) {
      console.log(
        `CPU (user + system, median): paperwire ${median(ourCpu).toFixed(0)} ms ${spread(ourCpu)}, plain way ` +
          `${median(theirCpu).toFixed(0)} ms ${spread(theirCpu)}: ${(median(ourCpu) / median(theirCpu)).toFixed(2)}× ` +
          '(steadier than wall time when the machine is shared)',
      );
    }
    const otherCpu = cpuOf(otherRuns);
    if (ourCpu.length > 0 && otherCpu.length > 0) {
      console.log(
        `CPU of the other build (median): ${median(otherCpu).toFixed(0)} ms ${spread(otherCpu)}: this build ` +
          `${(median(ourCpu) / median(otherCpu)).toFixed(2)}× it`,
      );
    }
  } finally {
    server.close();
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  }
}

await compareWholeProcess(11);
