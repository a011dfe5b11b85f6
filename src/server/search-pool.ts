// Worker threads that answer the search and trend pages and their API, each from its own connection to the store
// file: better-sqlite3 is synchronous, so on one event loop 8 searches in flight wait for each other; here they use
// every core. Pages that write or carry a rating form stay on the main thread (docs/web.md, Search in workers).
import { Worker } from 'node:worker_threads';
import type { FallbackTranslation } from './archive.js';

/** The paths the pool answers (GET and HEAD only): reads of the store that render no rating form. */
const POOLED_PATHS = new Set(['/search', '/api/search', '/trend', '/api/trend']);

/** Run from source (the tests and benches, through tsx), the worker is TypeScript too and needs tsx's loader. */
const IS_SOURCE = import.meta.url.endsWith('.ts');
/** The worker's module beside this one. */
const WORKER_URL = new URL(`./search-worker${IS_SOURCE ? '.ts' : '.js'}`, import.meta.url);

/** From source, a module that registers tsx's loader in the thread, then imports the worker. */
function sourceWorkerUrl(): URL {
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(WORKER_URL.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** What each worker builds its app from; plain data, copied to the thread. */
export interface SearchWorkerData {
  dbPath: string;
  profiles: string[];
  fallbackTranslation: FallbackTranslation | null;
}

/** One request as it crosses to a worker, and its answer back. */
interface PooledRequest {
  id: number;
  url: string;
  method: string;
  headers: [string, string][];
}
interface PooledAnswer {
  id: number;
  status: number;
  headers: [string, string][];
  body: string;
}

export class SearchPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<
    number,
    { resolve: (answer: PooledAnswer) => void; reject: (error: Error) => void }
  >();
  private readonly load: number[];
  private nextId = 0;

  /** Starts `size` workers (1 or more) on the store file of `data.dbPath`. */
  constructor(data: SearchWorkerData, size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(IS_SOURCE ? sourceWorkerUrl() : WORKER_URL, { workerData: data });
      worker.on('message', (answer: PooledAnswer) => this.settle(answer));
      worker.on('error', (error) => this.failAll(error));
      return worker;
    });
    this.load = this.workers.map(() => 0);
  }

  /** Whether the pool answers this request (a GET or HEAD of a search or trend path). */
  answers(request: Request): boolean {
    return (
      (request.method === 'GET' || request.method === 'HEAD') &&
      POOLED_PATHS.has(new URL(request.url).pathname)
    );
  }

  /** The request answered by the least busy worker. */
  async fetch(request: Request): Promise<Response> {
    const at = this.load.indexOf(Math.min(...this.load));
    const worker = this.workers[at];
    if (worker === undefined) throw new Error('the search pool has no worker');
    const id = (this.nextId += 1);
    const message: PooledRequest = {
      id,
      url: request.url,
      method: request.method,
      headers: pairsOf(request.headers),
    };
    this.load[at] = (this.load[at] ?? 0) + 1;
    try {
      const answer = await new Promise<PooledAnswer>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        worker.postMessage(message);
      });
      return new Response(request.method === 'HEAD' ? null : answer.body, {
        status: answer.status,
        headers: answer.headers,
      });
    } finally {
      this.load[at] = (this.load[at] ?? 1) - 1;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private settle(answer: PooledAnswer): void {
    this.waiting.get(answer.id)?.resolve(answer);
    this.waiting.delete(answer.id);
  }

  private failAll(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

/** A Headers object as name/value pairs, which a thread can be sent. */
export function pairsOf(headers: Headers): [string, string][] {
  const pairs: [string, string][] = [];
  headers.forEach((value, name) => pairs.push([name, value]));
  return pairs;
}
