// Starts the web UI on a host and port (`paperwire serve`): loopback by default; any other address only with a
// token. A composition root: the CLI calls startServer with the store it opened.
import type { AddressInfo } from 'node:net';
import { type NewWaitingOrder, SearchPool } from './search-pool.js';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { ConfigError, registerSecret } from '../errors.js';
import type { Lang } from '../model.js';
import type { Store } from '../store/store.js';
import { createApp } from './app.js';
import type { FallbackTranslation } from './archive.js';
import { isLoopbackHost } from './security.js';

export type { FallbackTranslation } from './archive.js';

export interface ServerOptions {
  store: Store;
  profiles: string[];
  /** Address to bind; `127.0.0.1` unless the reader says otherwise. */
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Required when `host` is not a loopback address; enables writes with `Authorization: Bearer <token>`. */
  token: string | null;
  /** See AppDeps.ratingKey, AppDeps.publicUrl and AppDeps.isStoreReadOnly. */
  ratingKey?: Buffer | null;
  publicUrl?: string | null;
  isStoreReadOnly?: boolean;
  /** See AppDeps.fallbackTranslation and AppDeps.fallbackTranslationIn. */
  fallbackTranslation?: FallbackTranslation;
  fallbackTranslationIn?: (lang: Lang) => FallbackTranslation;
  now?: () => Date;
  log?: (line: string) => void;
  /**
   * Answer search and trend requests in this many worker threads, each with its own connection to the store file
   * at `dbPath` (search-pool.ts); absent: on the main thread, as every other page. `workerUrl`: the worker module
   * compiled elsewhere (the tests compile it once; from source the pool otherwise loads tsx in every thread).
   * `newOrder`: how waiting requests are ordered (search-schedule.ts): oldest first unless told; bench/search.ts
   * measures the earliest-deadline order beside it, not used by `serve` because at 2.7 M papers it took the
   * 8-in-flight p99 past 4 times one in flight's (docs/web.md).
   */
  searchWorkers?: { dbPath: string; size: number; workerUrl?: URL; newOrder?: NewWaitingOrder };
}

export interface RunningServer {
  /** `http://127.0.0.1:8787`, with the port actually bound. */
  url: string;
  /** Stops accepting, ends open keep-alive connections, resolves once closed. */
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;
/** A token shorter than this is too easy to guess over the network. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * Starts the server. Throws ConfigError when `host` is not loopback and no token is set, when the token is
 * shorter than 16 characters, or when the address cannot be bound (in use, not local).
 */
/**
 * A HEAD answered as its GET (from a search thread or the main thread alike), without the body. Hono answers HEAD by
 * copying its GET answer, and under node's server that copy misses the headers set after the handler ran (the
 * security headers and Cache-Control).
 */
async function answerHead(
  request: Request,
  fetchGet: (get: Request) => Response | Promise<Response>,
): Promise<Response> {
  const answer = await fetchGet(new Request(request.url, { method: 'GET', headers: request.headers }));
  // The headers are read before the body is touched: reading the body of node's server's answer object rebuilds it
  // from the headers it was made with, without those set since.
  const headers: [string, string][] = [];
  answer.headers.forEach((value, name) => headers.push([name, value]));
  await answer.body?.cancel();
  return new Response(null, { status: answer.status, statusText: answer.statusText, headers });
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const isLoopback = isLoopbackHost(options.host);
  if (!isLoopback && options.token === null) {
    throw new ConfigError(
      '--host',
      `${options.host} is reachable from other machines, so the server needs a token`,
      {
        hint: 'set --token or PAPERWIRE_SERVE_TOKEN (16+ random characters), or bind 127.0.0.1',
      },
    );
  }
  if (options.token !== null && options.token.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError('--token', `must be at least ${MIN_TOKEN_LENGTH} characters`, {
      hint: 'e.g. `openssl rand -hex 16`',
    });
  }
  registerSecret(options.token);
  const app = createApp({
    store: options.store,
    profiles: options.profiles,
    token: options.token,
    isLoopback,
    ratingKey: options.ratingKey ?? null,
    publicUrl: options.publicUrl ?? null,
    isStoreReadOnly: options.isStoreReadOnly ?? false,
    ...(options.fallbackTranslation === undefined
      ? {}
      : { fallbackTranslation: options.fallbackTranslation }),
    ...(options.fallbackTranslationIn === undefined
      ? {}
      : { fallbackTranslationIn: options.fallbackTranslationIn }),
    now: options.now ?? (() => new Date()),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const pool =
    options.searchWorkers === undefined || options.searchWorkers.size < 1
      ? null
      : new SearchPool(
          {
            dbPath: options.searchWorkers.dbPath,
            profiles: options.profiles,
            fallbackTranslation: options.fallbackTranslation ?? null,
          },
          options.searchWorkers.size,
          options.log,
          options.searchWorkers.workerUrl,
          options.searchWorkers.newOrder === undefined ? {} : { newOrder: options.searchWorkers.newOrder },
        );
  // A search or trend page from a search thread while one is alive, any other from the main thread's app.
  const answer = (request: Request): Response | Promise<Response> =>
    pool?.answers(request) === true ? pool.fetch(request, () => app.fetch(request)) : app.fetch(request);
  // On loopback, answer only requests addressed to a loopback name, so a web page cannot reach the server
  // through a DNS name rebound to 127.0.0.1.
  const fetch = (request: Request): Response | Promise<Response> => {
    if (isLoopback && !isLoopbackHost(new URL(request.url).hostname)) {
      return new Response('paperwire: this server answers only to localhost and 127.0.0.1\n', {
        status: 421,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    }
    return request.method === 'HEAD' ? answerHead(request, answer) : answer(request);
  };
  const server = serve({ fetch, hostname: options.host, port: options.port }) as Server;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      void pool?.close();
      reject(listenError(error, options.host, options.port));
    };
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await pool?.close();
    },
  };
}

/**
 * Why the server could not listen, blamed on the flag to change: a port in use or below 1024 on --port, an address that
 * is not this machine's on --host (its hint used to say to pick another port, which could not help).
 */
function listenError(error: Error, host: string, port: number): ConfigError {
  const code = (error as NodeJS.ErrnoException).code;
  const message = `cannot listen on ${host}:${port}: ${error.message}`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ConfigError('--host', message, {
      cause: error,
      hint: 'give an address of this machine: 127.0.0.1 (this machine only), 0.0.0.0 (every network), or its own',
    });
  }
  if (code === 'EACCES') {
    return new ConfigError('--port', message, {
      cause: error,
      hint: 'a port below 1024 needs privileges: pick one from 1024 on (8787 is the default)',
    });
  }
  return new ConfigError('--port', message, {
    cause: error,
    hint: 'pick another --port, or stop what uses it',
  });
}
