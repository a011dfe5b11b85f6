// Worker threads that answer the search and trend pages and their API, each from its own connection to the store
// file: better-sqlite3 is synchronous, so on one event loop 8 searches in flight wait for each other; here they use
// every core. Pages that write or carry a rating form stay on the main thread (docs/web.md, Search in workers).
import { Worker } from 'node:worker_threads';
import type { FallbackTranslation } from './archive.js';

/** The paths the pool answers (GET and HEAD only): reads of the store that render no rating form. */
const POOLED_PATHS = new Set(['/search', '/api/search', '/trend', '/api/trend']);

/**
 * Each worker reads the store through a memory map this large (SQLite caps it at 2 GiB): a filtered search at a
 * million papers read its pages 3 to 4 times faster than through a read() per page (docs/web.md, Search in workers).
 */
export const SEARCH_MAP_BYTES = 2 ** 31;

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
  /** Workers that failed to start or stopped are retired: they are sent nothing more. */
  private readonly isAlive: boolean[];
  private readonly waiting = new Map<
    number,
    { at: number; resolve: (answer: PooledAnswer) => void; reject: (error: Error) => void }
  >();
  private readonly load: number[];
  private nextId = 0;

  /**
   * Starts `size` workers (1 or more) on the store file of `data.dbPath`. `onRetire` hears once of each worker that
   * failed to start or stopped; its requests are answered on the main thread from then on.
   */
  constructor(data: SearchWorkerData, size: number, onRetire: (reason: string) => void = () => undefined) {
    this.workers = Array.from({ length: size }, (_, at) => {
      const worker = new Worker(IS_SOURCE ? sourceWorkerUrl() : WORKER_URL, { workerData: data });
      worker.on('message', (answer: PooledAnswer) => this.settle(answer));
      worker.on('error', (error) => {
        this.retire(at, error.message, onRetire);
      });
      worker.on('exit', (code) => {
        this.retire(at, `it stopped with exit code ${code}`, onRetire);
      });
      return worker;
    });
    this.isAlive = this.workers.map(() => true);
    this.load = this.workers.map(() => 0);
  }

  /** Whether the pool answers this request (a GET or HEAD of a search or trend path) while a worker is alive. */
  answers(request: Request): boolean {
    return (
      (request.method === 'GET' || request.method === 'HEAD') &&
      POOLED_PATHS.has(new URL(request.url).pathname) &&
      this.isAlive.includes(true)
    );
  }

  /**
   * The request answered by the least busy live worker; by `fallback` (the main thread's app) when none is alive,
   * or when its worker stops before it answers.
   */
  async fetch(request: Request, fallback: () => Response | Promise<Response>): Promise<Response> {
    const at = this.leastBusy();
    const worker = at === null ? undefined : this.workers[at];
    if (at === null || worker === undefined) return fallback();
    const id = (this.nextId += 1);
    const message: PooledRequest = {
      id,
      url: request.url,
      method: request.method,
      headers: pairsOf(request.headers),
    };
    this.load[at] = (this.load[at] ?? 0) + 1;
    let answer: PooledAnswer;
    try {
      answer = await new Promise<PooledAnswer>((resolve, reject) => {
        this.waiting.set(id, { at, resolve, reject });
        worker.postMessage(message);
      });
    } catch {
      // Its worker stopped before answering (retire said why, once): the main thread answers instead.
      return await fallback();
    } finally {
      this.load[at] = (this.load[at] ?? 1) - 1;
    }
    return new Response(request.method === 'HEAD' ? null : answer.body, {
      status: answer.status,
      headers: answer.headers,
    });
  }

  async close(): Promise<void> {
    this.isAlive.fill(false);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private leastBusy(): number | null {
    let best: number | null = null;
    this.load.forEach((load, at) => {
      if (this.isAlive[at] === true && (best === null || load < (this.load[best] ?? 0))) best = at;
    });
    return best;
  }

  private settle(answer: PooledAnswer): void {
    this.waiting.get(answer.id)?.resolve(answer);
    this.waiting.delete(answer.id);
  }

  /** Sends the worker nothing more, and hands its waiting requests back to the main thread. */
  private retire(at: number, reason: string, onRetire: (reason: string) => void): void {
    if (this.isAlive[at] !== true) return;
    this.isAlive[at] = false;
    onRetire(
      `search worker ${at + 1} of ${this.workers.length} is out (${reason}); the main thread answers its searches`,
    );
    for (const [id, waiting] of this.waiting) {
      if (waiting.at !== at) continue;
      waiting.reject(new Error(reason));
      this.waiting.delete(id);
    }
  }
}

/** A Headers object as name/value pairs, which a thread can be sent. */
export function pairsOf(headers: Headers): [string, string][] {
  const pairs: [string, string][] = [];
  headers.forEach((value, name) => pairs.push([name, value]));
  return pairs;
}
