// A real HTTP server on 127.0.0.1 (port 0) for tests: answers with a handler and records every request,
// so tests assert on what the server saw (count, spacing, headers) instead of replacing fetch.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** `Date.now()` when the request arrived. */
  receivedAtMs: number;
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` with no trailing slash. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a server; every request is recorded before `handler` runs. A handler that never answers hangs the request. */
export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: RecordedRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAtMs: Date.now(),
      };
      requests.push(request);
      Promise.resolve(handler(request, response)).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * A handler that serves fixed bodies by path (query ignored); unknown paths get 404. A body given as a function is
 * made again for each request (a feed dated by the clock of the request).
 */
export function serveFiles(
  routes: Record<
    string,
    { body: string | (() => string); status?: number; type?: string; headers?: Record<string, string> }
  >,
): Handler {
  return (request, response) => {
    const path = request.url.split('?')[0] ?? '/';
    const route = routes[path];
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end(`no route for ${path}`);
      return;
    }
    response.writeHead(route.status ?? 200, {
      'content-type': route.type ?? 'application/xml; charset=utf-8',
      ...route.headers,
    });
    response.end(typeof route.body === 'function' ? route.body() : route.body);
  };
}
