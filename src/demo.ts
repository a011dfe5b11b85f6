// The offline demo: serves the bundled recorded arXiv day and recorded translations on 127.0.0.1 and runs
// the real `digest` command against them, in a throw-away home folder. No network beyond loopback. With
// `--tour` it goes on through every other command on the same home: search, library, ratings and relevance,
// similar, trending, import, harvest, stats, trend, a query feed and the static site.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DemoIo {
  stdout: (text: string) => void;
  stderr: (line: string) => void;
  /** Runs a paperwire command line with the given environment (the CLI passes itself in). */
  runCli: (args: string[], env: NodeJS.ProcessEnv) => Promise<number>;
}

/** The folder holding the recorded documents; beside src/ and dist/ in the package. */
const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'demo');

const DEMO_CONFIG = `# Written by \`paperwire demo\` for one run.
default_profile = "demo"

[profiles.demo]
keywords = ["reinforcement learning", "diffusion policy"]
categories = ["cs"]
lang = "zh"
style = "classic"
`;

/** One command of the tour: what it shows, and its arguments (the home's config is added). */
interface TourStep {
  says: string;
  args: string[];
}

/** The tour after the digest, in an order where each step has what it needs from the ones before. */
function tourSteps(home: string): TourStep[] {
  return [
    {
      says: 'full-text search over everything stored',
      args: ['search', 'policy optimization', '--limit', '3'],
    },
    { says: 'and in the translations', args: ['search', '强化学习', '--limit', '3'] },
    { says: 'your library, as Zotero exports it', args: ['library', 'add', join(DEMO_DIR, 'library.bib')] },
    { says: 'a rating', args: ['rate', '2601.20802', '--up'] },
    {
      says: 'the day again, ranked by what your library and ratings say, with the reasons',
      args: ['digest', '--sort', 'relevance', '--top', '3'],
    },
    { says: 'more like this, over the whole store', args: ['similar', '2601.19969', '--limit', '3'] },
    {
      says: "Hugging Face's Daily Papers, most upvoted first",
      args: ['trending', '--date', '2026-03-20', '--limit', '3', '--lang', 'en'],
    },
    {
      says: "200 real lines of arXiv's metadata snapshot",
      args: ['import', join(DEMO_DIR, 'arxiv-snapshot-sample.jsonl')],
    },
    {
      says: 'OAI-PMH, paced as arXiv asks (3 s between pages)',
      args: ['harvest', '--set', 'cs:cs:LG', '--from', '2026-11-30'],
    },
    { says: 'what the store holds', args: ['stats'] },
    {
      says: 'counts over time, side by side',
      args: ['trend', 'quantum', 'spin', '--by', 'month', '--until', '2007'],
    },
    {
      says: 'an RSS feed for any query',
      args: ['feed', 'reinforcement learning', '--out', join(home, 'rl.xml')],
    },
    { says: 'the archive as a static site', args: ['site', '--out', join(home, 'site')] },
  ];
}

const DEMO_HELP = `Usage: paperwire demo [--tour] [digest options]

The digest, offline: a recorded arXiv day and recorded translations are served on 127.0.0.1 to a fresh home in the
temp folder, removed at the end. Other options go to \`paperwire digest\` (e.g. --style markdown, --lang en).
--tour goes on through every other command (search, library, rate, similar, trending, import, harvest, stats,
trend, feed, site) on the same home.
`;

/** Runs the demo digest; other args (e.g. `--style markdown`) go to the digest command. `--tour` goes on. */
export async function runDemo(io: DemoIo, args: string[] = []): Promise<number> {
  // Answered before anything starts: no server, no temp home, no digest's help in its place.
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(DEMO_HELP);
    return 0;
  }
  const tour = args.includes('--tour');
  const digestArgs = args.filter((arg) => arg !== '--tour');
  const feed = readFileSync(join(DEMO_DIR, 'arxiv-rss-cs.xml'), 'utf8');
  const translations = JSON.parse(readFileSync(join(DEMO_DIR, 'translations.json'), 'utf8')) as Record<
    string,
    Record<string, string>
  >;
  const home = mkdtempSync(join(tmpdir(), 'paperwire-demo-'));
  const server = createServer((request, response) => answer(request, response, feed, translations));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  try {
    const configPath = join(home, 'paperwire.toml');
    writeFileSync(configPath, DEMO_CONFIG);
    io.stderr(`demo: serving the recorded arXiv day and translations on ${base}`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PAPERWIRE_HOME: home,
      PAPERWIRE_ARXIV_RSS_URL: `${base}/rss`,
      PAPERWIRE_ARXIV_API_URL: `${base}/api/query`,
      PAPERWIRE_ARXIV_OAI_URL: `${base}/oai`,
      PAPERWIRE_HF_API_URL: `${base}/hf`,
      PAPERWIRE_LLM_BASE_URL: `${base}/v1`,
      PAPERWIRE_LLM_API_KEY: 'demo-key-not-secret',
      PAPERWIRE_LLM_MODEL: 'recorded',
    };
    const common = ['--config', configPath, '--home', home];
    const code = await io.runCli(['digest', ...common, ...digestArgs], env);
    if (!tour || code !== 0) {
      if (!tour && code === 0) io.stderr('demo: `paperwire demo --tour` goes on through every other command');
      return code;
    }
    for (const step of tourSteps(home)) {
      const [command = '', ...rest] = step.args;
      io.stdout(`\n── ${step.says}: paperwire ${step.args.map(quoteArg).join(' ')}\n`);
      const stepCode = await io.runCli([command, ...common, ...rest], env);
      if (stepCode !== 0) return stepCode;
    }
    io.stdout(`\n── the demo's home, with its store, feed and site, is removed now: ${home}\n`);
    return 0;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(home, { recursive: true, force: true });
  }
}

/** An argument as a shell would need it written: quoted when it holds a space. */
function quoteArg(arg: string): string {
  return /\s/.test(arg) ? `"${arg}"` : arg;
}

/**
 * Answers the recorded feed at /rss/cs, recorded translations at /v1/chat/completions, and for the tour Hugging
 * Face's day 2026-03-20 at /hf/daily_papers and two OAI-PMH pages at /oai (the second for any resumption token).
 */
function answer(
  request: IncomingMessage,
  response: ServerResponse,
  feed: string,
  translations: Record<string, Record<string, string>>,
): void {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method === 'GET' && path === '/rss/cs') {
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    response.end(feed);
    return;
  }
  if (request.method === 'POST' && path === '/v1/chat/completions') {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        messages?: { role: string; content: string }[];
      };
      const text = body.messages?.at(-1)?.content ?? '';
      const system = body.messages?.[0]?.content ?? '';
      // Only Chinese was recorded; other languages get the 404 a real service gives for an unknown model.
      const recorded = translations['zh'] ?? {};
      const translation = Object.hasOwn(recorded, text) ? recorded[text] : undefined;
      if (translation === undefined) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'no recorded translation for this text' } }));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'recorded',
          object: 'chat.completion',
          model: 'recorded',
          choices: [
            { index: 0, message: { role: 'assistant', content: translation }, finish_reason: 'stop' },
          ],
          usage: {
            prompt_tokens: Math.ceil((system.length + text.length) / 4),
            completion_tokens: translation.length,
            total_tokens: Math.ceil((system.length + text.length) / 4) + translation.length,
          },
        }),
      );
    });
    return;
  }
  const query = new URL(request.url ?? '/', 'http://demo').searchParams;
  if (request.method === 'GET' && path === '/hf/daily_papers') {
    const day = query.get('date') === '2026-03-20' && query.get('p') === '0';
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(day ? readFileSync(join(DEMO_DIR, 'hf-daily-papers-2026-03-20.json')) : '[]');
    return;
  }
  if (request.method === 'GET' && path === '/oai') {
    const page = query.has('resumptionToken') ? 'page2.xml' : 'page1.xml';
    response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    response.end(readFileSync(join(DEMO_DIR, 'oai', page)));
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain' });
  response.end(`the demo server has nothing at ${path}`);
}
