// The offline demo: serves the bundled recorded arXiv day and recorded translations on 127.0.0.1 and runs
// the real `digest` command against them, in a throw-away home folder. No network beyond loopback.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DemoIo {
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

/** Runs the demo digest; extra args (e.g. `--style markdown`) go to the digest command. */
export async function runDemo(io: DemoIo, extraArgs: string[] = []): Promise<number> {
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
      PAPERWIRE_LLM_BASE_URL: `${base}/v1`,
      PAPERWIRE_LLM_API_KEY: 'demo-key-not-secret',
      PAPERWIRE_LLM_MODEL: 'recorded',
    };
    return await io.runCli(['digest', '--config', configPath, '--home', home, ...extraArgs], env);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(home, { recursive: true, force: true });
  }
}

/** Answers the recorded feed at /rss/cs and recorded translations at /v1/chat/completions. */
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
  response.writeHead(404, { 'content-type': 'text/plain' });
  response.end(`the demo server has nothing at ${path}`);
}
