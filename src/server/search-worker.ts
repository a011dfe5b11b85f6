// One thread of the search pool (search-pool.ts): its own connection to the store file and its own app, answering
// the requests the main thread hands it, one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore } from '../store/sqlite/index.js';
import { createApp } from './app.js';
import { pairsOf, SEARCH_CACHE_BYTES, SEARCH_MAP_BYTES, type SearchWorkerData } from './search-pool.js';

const NativeResponse = globalThis.Response;

/**
 * The Response Hono makes each answer with in this thread (it calls the global `new Response(body, init)`): a string
 * body stays the string the page rendered. undici's own Response makes it a well-formed string and encodes it, then
 * `text()` decodes it again: 0.3 ms of CPU for a 50 kB search page that the main thread, which serves with
 * @hono/node-server's lightweight Response, never pays (docs/web.md, Search in workers). Anything but the status,
 * the headers and that string is read from the real Response, made once on first use.
 */
class PageResponse {
  readonly #body: BodyInit | null;
  readonly #init: ResponseInit;
  #headers: Headers | undefined;
  #real: Response | undefined;

  constructor(body: BodyInit | null = null, init: ResponseInit = {}) {
    this.#body = body;
    this.#init = init;
  }

  /** The body as the page rendered it, while it is a string no one has read through the real Response. */
  get renderedText(): string | null {
    return this.#real === undefined && typeof this.#body === 'string' ? this.#body : null;
  }

  get status(): number {
    return this.#init.status ?? 200;
  }

  get statusText(): string {
    return this.#init.statusText ?? '';
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get headers(): Headers {
    return this.#real?.headers ?? (this.#headers ??= new Headers(this.#init.headers));
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.real().body;
  }

  get bodyUsed(): boolean {
    return this.#real?.bodyUsed ?? false;
  }

  get type(): ResponseType {
    return this.real().type;
  }

  get url(): string {
    return this.real().url;
  }

  get redirected(): boolean {
    return this.real().redirected;
  }

  clone(): Response {
    return this.real().clone();
  }

  text(): Promise<string> {
    return this.real().text();
  }

  json(): Promise<unknown> {
    return this.real().json();
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.real().arrayBuffer();
  }

  blob(): Promise<Blob> {
    return this.real().blob();
  }

  formData(): Promise<FormData> {
    return this.real().formData();
  }

  private real(): Response {
    this.#real ??= new NativeResponse(this.#body, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
    return this.#real;
  }
}
// So that `instanceof Response` holds (Hono checks it), and Response.json() and the like stay the real ones.
Object.setPrototypeOf(PageResponse.prototype, NativeResponse.prototype);
Object.setPrototypeOf(PageResponse, NativeResponse);
globalThis.Response = PageResponse as unknown as typeof Response;

const data = workerData as SearchWorkerData;
const store = openSqliteStore(data.dbPath, {
  mapBytes: SEARCH_MAP_BYTES,
  cacheBytes: SEARCH_CACHE_BYTES,
  // Searches only: a store the server may not write is read as it is (docs/store.md, "A read-only store").
  readsOnly: true,
});
const app = createApp({
  store,
  profiles: data.profiles,
  // The pool answers reads only; writes never reach a worker.
  token: null,
  ...(data.fallbackTranslation === null ? {} : { fallbackTranslation: data.fallbackTranslation }),
  now: () => new Date(),
});

parentPort?.on(
  'message',
  (request: { id: number; url: string; method: string; headers: [string, string][] }) => {
    void (async () => {
      const response = await app.request(request.url, { method: request.method, headers: request.headers });
      const rendered = response instanceof PageResponse ? response.renderedText : null;
      parentPort?.postMessage({
        id: request.id,
        status: response.status,
        headers: pairsOf(response.headers),
        body: rendered ?? (await response.text()),
      });
    })();
  },
);
