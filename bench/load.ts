// The web benches' load generator (bench/serve.ts, bench/search.ts): a child process, so that its work does not
// share the server's event loop, that cycles through paths with a number of requests in flight, after a warm-up,
// and reports the latencies' p50 and p99, the requests per second and each request's path and latency.
import { spawn } from 'node:child_process';

export interface LoadOptions {
  /** The server's origin; each path is appended to it. */
  base: string;
  paths: readonly string[];
  concurrency: number;
  /** Requests measured, after `warmup` requests that are not. */
  requests: number;
  warmup: number;
  /**
   * Keep connections alive between requests (a browser's way); without, a new connection per request, for servers
   * that close idle sockets while a kept-alive request would be sent on them.
   */
  keepAlive: boolean;
}

export interface LoadResult {
  p50: number;
  p99: number;
  rps: number;
  /** Every measured request: its path and latency in ms, in the order they finished. */
  samples: { path: string; ms: number }[];
}

const GENERATOR = `
import http from 'node:http';
const { base, paths, concurrency, requests, warmup, keepAlive } = JSON.parse(process.argv[1]);
const agent = keepAlive ? new http.Agent({ keepAlive: true, maxSockets: concurrency }) : false;
const get = (path) => new Promise((resolve, reject) => {
  const started = performance.now();
  http.get(base + path, { agent }, (res) => {
    if (res.statusCode !== 200) reject(new Error(path + ' answered ' + res.statusCode));
    res.on('data', () => {}).on('end', () => resolve({ path, ms: performance.now() - started })).on('error', reject);
  }).on('error', reject);
});
const run = async (count) => {
  const samples = [];
  let next = 0;
  const worker = async () => { while (next < count) samples.push(await get(paths[next++ % paths.length])); };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { samples, seconds: (performance.now() - started) / 1000 };
};
await run(warmup);
const { samples, seconds } = await run(requests);
const latencies = samples.map((sample) => sample.ms).sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
process.stdout.write(JSON.stringify({ p50: at(0.5), p99: at(0.99), rps: latencies.length / seconds, samples }));
if (agent) agent.destroy();
`;

/** Runs the load generator with `options` and returns what it measured. */
export function measureLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', GENERATOR, JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as LoadResult)
        : reject(new Error(`load generator exited ${code}`)),
    );
  });
}
