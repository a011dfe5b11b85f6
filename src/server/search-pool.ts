// Worker threads that answer the search and trend pages and their API, each from its own connection to the store
// file: better-sqlite3 is synchronous, so on one event loop 8 searches in flight wait for each other; here they use
// every core. Pages that write or carry a rating form stay on the main thread (docs/web.md, Search in workers).
import { Worker } from 'node:worker_threads';
import type { FallbackTranslation } from './archive.js';
import { OldestFirst, type WaitingOrder } from './search-schedule.js';
import { workerModuleUrl } from '../worker-url.js';

/** The paths the pool answers (GET only; startServer answers a HEAD from its GET): reads of the store that render no rating form. */
const POOLED_PATHS = new Set(['/search', '/api/search', '/trend', '/api/trend']);

/**
 * Each worker reads the store through a memory map this large (SQLite caps it at 2 GiB): a filtered search at a
 * million papers read its pages 3 to 4 times faster than through a read() per page (docs/web.md, Search in workers).
 */
export const SEARCH_MAP_BYTES = 2 ** 31;

/**
 * And keeps this many bytes of pages in its own cache: past the map, a store of the whole archive is read page by
 * page into it, and at 2.7 M papers a 128 MiB cache instead of the default 16 MB took a search from about 27 to 22 ms
 * of CPU, its system time from 4–5 ms to under 1 (docs/web.md, Search in workers).
 */
export const SEARCH_CACHE_BYTES = 128 * 2 ** 20;

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

/** Makes the order a pool sends its waiting requests in, whatever it holds (search-schedule.ts). */
export type NewWaitingOrder = <T>() => WaitingOrder<T>;

/** A request waiting for a worker, and how its caller hears the answer. */
interface Pending {
  message: PooledRequest;
  resolve: (answer: PooledAnswer) => void;
  reject: (error: Error) => void;
}

/** A request a worker is answering, and what to tell the order when it is answered. */
interface Running {
  pending: Pending;
  answered: (nowMs: number) => void;
}

export class SearchPool {
  private readonly workers: Worker[];
  /** Workers that failed to start or stopped are retired: they are sent nothing more. */
  private readonly isAlive: boolean[];
  /** The request each worker is answering, if any: a worker is sent one at a time. */
  private readonly busy: (Running | null)[];
  /** Requests no worker is free for yet, in the order they are to be sent (search-schedule.ts). */
  private readonly queue: WaitingOrder<Pending>;
  private nextId = 0;
  private readonly nowMs: () => number;

  /**
   * Starts `size` workers (1 or more) on the store file of `data.dbPath`. `onRetire` hears once of each worker that
   * failed to start or stopped; its requests are answered on the main thread from then on. `workerUrl`: another
   * worker module (tests), answering the same messages. `schedule`: the order waiting requests are sent in
   * (`newOrder`; oldest first unless told, bench/search.ts measures another) and the clock in ms it is told the
   * times by (tests give their own).
   */
  constructor(
    data: SearchWorkerData,
    size: number,
    onRetire: (reason: string) => void = () => undefined,
    workerUrl: URL = workerModuleUrl('search-worker', import.meta.url),
    schedule: { nowMs?: () => number; newOrder?: NewWaitingOrder } = {},
  ) {
    this.nowMs = schedule.nowMs ?? (() => performance.now());
    this.queue = (schedule.newOrder ?? (() => new OldestFirst()))();
    this.workers = Array.from({ length: size }, (_, at) => {
      const worker = new Worker(workerUrl, { workerData: data });
      worker.on('message', (answer: PooledAnswer) => this.settle(at, answer));
      worker.on('error', (error) => {
        this.retire(at, error.message, onRetire);
      });
      worker.on('exit', (code) => {
        this.retire(at, `it stopped with exit code ${code}`, onRetire);
      });
      return worker;
    });
    this.isAlive = this.workers.map(() => true);
    this.busy = this.workers.map(() => null);
  }

  /** Whether the pool answers this request (a GET of a search or trend path) while a worker is alive. */
  answers(request: Request): boolean {
    return (
      request.method === 'GET' &&
      POOLED_PATHS.has(new URL(request.url).pathname) &&
      this.isAlive.includes(true)
    );
  }

  /**
   * The request answered by the first worker free (one queue for all workers, so a request never waits behind a slow
   * one while another worker is free), waiting requests in the pool's order (oldest first unless told); by `fallback` (the main thread's app) when no worker is alive, or
   * when its worker stops before it answers.
   */
  async fetch(request: Request, fallback: () => Response | Promise<Response>): Promise<Response> {
    if (!this.isAlive.includes(true)) return fallback();
    const message: PooledRequest = {
      id: (this.nextId += 1),
      url: request.url,
      method: request.method,
      headers: pairsOf(request.headers),
    };
    let answer: PooledAnswer;
    try {
      answer = await new Promise<PooledAnswer>((resolve, reject) => {
        this.queue.add({ message, resolve, reject }, request.url, this.nowMs());
        this.dispatch();
      });
    } catch {
      // Its worker stopped before answering (retire said why, once): the main thread answers instead.
      return await fallback();
    }
    return new Response(answer.body, {
      status: answer.status,
      headers: answer.headers,
    });
  }

  async close(): Promise<void> {
    this.isAlive.fill(false);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  /** Sends the waiting requests due first to the free live workers. */
  private dispatch(): void {
    this.workers.forEach((worker, at) => {
      if (this.isAlive[at] !== true || this.busy[at] !== null) return;
      const next = this.queue.takeNext(this.nowMs());
      if (next === undefined) return;
      this.busy[at] = { pending: next.item, answered: next.answered };
      worker.postMessage(next.item.message);
    });
  }

  private settle(at: number, answer: PooledAnswer): void {
    const running = this.busy[at];
    if (running === null || running === undefined || running.pending.message.id !== answer.id) return;
    this.busy[at] = null;
    running.answered(this.nowMs());
    running.pending.resolve(answer);
    this.dispatch();
  }

  /**
   * Sends the worker nothing more, and hands its request back to the main thread; when no worker is left, the
   * waiting requests too.
   */
  private retire(at: number, reason: string, onRetire: (reason: string) => void): void {
    if (this.isAlive[at] !== true) return;
    this.isAlive[at] = false;
    onRetire(
      `search worker ${at + 1} of ${this.workers.length} is out (${reason}); the main thread answers its searches`,
    );
    this.busy[at]?.pending.reject(new Error(reason));
    this.busy[at] = null;
    if (!this.isAlive.includes(true)) {
      for (const pending of this.queue.takeAll()) pending.reject(new Error(reason));
    }
  }
}

/** A Headers object as name/value pairs, which a thread can be sent. */
export function pairsOf(headers: Headers): [string, string][] {
  const pairs: [string, string][] = [];
  headers.forEach((value, name) => pairs.push([name, value]));
  return pairs;
}
