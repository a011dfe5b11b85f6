// The wire under the HTTP client (http.ts): one request over node:http/node:https, following redirects by fetch's
// rules and decoding gzip/deflate/br with the byte cap on the decoded body. Policy (retries, pacing, statuses) stays
// in http.ts. node:http, node:https (with tls) and node:zlib load on first use, so commands that never send pay nothing.
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import { HttpError, ResponseTooLargeError } from './errors.js';

/** Redirects followed before giving up; fetch's limit (WHATWG Fetch, "HTTP-redirect fetch"). */
const MAX_REDIRECTS = 20;

export interface TransportRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Aborts the request and the body read; the promise rejects with the signal's reason. */
  signal: AbortSignal;
  /** The most DECODED bytes read; more is a `ResponseTooLargeError`. */
  maxResponseBytes: number;
  /** The URL as errors may show it (secrets redacted). */
  shownUrl: string;
}

export interface TransportResponse {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  headers: ResponseHeaders;
  text: string;
}

/** A response's headers, read by name as fetch's `Headers.get` reads them (repeated values joined by ", "). */
export class ResponseHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
}

/** One hop of a request: what is sent to one URL. */
interface Hop {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: string | undefined;
}

const DECODED_CODINGS = new Set(['gzip', 'x-gzip', 'deflate', 'br']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Request headers that describe a body; dropped with the body when a redirect turns the request into a GET.
const BODY_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
]);
// Request headers never sent to another origin on a redirect (fetch drops Authorization; cookies likewise).
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** Sends the request, follows redirects, and reads the decoded body as UTF-8 text within the cap. */
export async function sendRequest(request: TransportRequest): Promise<TransportResponse> {
  let current: Hop = {
    url: request.url,
    method: request.method,
    headers: request.headers,
    body: request.body,
  };
  for (let redirects = 0; ; redirects++) {
    const url = parseHttpUrl(current.url, request.shownUrl);
    const send = await requesterFor(url);
    const response = await exchange(send, url, current, request.signal, request.shownUrl);
    const location = response.headers.location;
    if (!REDIRECT_STATUSES.has(response.statusCode ?? 0) || location === undefined) {
      const text = await readBody(response, request.maxResponseBytes, request.signal, request.shownUrl);
      return {
        url: url.href,
        status: response.statusCode ?? 0,
        headers: new ResponseHeaders(response.headers),
        text,
      };
    }
    response.resume();
    if (redirects >= MAX_REDIRECTS) {
      throw new HttpError(
        request.shownUrl,
        response.statusCode ?? null,
        `${request.shownUrl} redirected more than ${MAX_REDIRECTS} times`,
        {
          hint: 'the server redirects in a loop; check the URL',
        },
      );
    }
    current = redirected(current, url, location, response.statusCode ?? 0, request.shownUrl);
  }
}

/** The next request of a redirect: 303 (and 301/302 after a POST) becomes a GET without body; no credentials cross origins. */
function redirected(previous: Hop, from: URL, location: string, status: number, shownUrl: string): Hop {
  let target: URL;
  try {
    target = new URL(location, from);
  } catch (cause) {
    throw new HttpError(
      shownUrl,
      status,
      `${shownUrl} redirected to "${location}", which is not a valid URL`,
      {
        cause,
        hint: 'the server sends a broken Location; check the URL',
      },
    );
  }
  const toGet = status === 303 || ((status === 301 || status === 302) && previous.method === 'POST');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(previous.headers)) {
    const key = name.toLowerCase();
    if (toGet && BODY_HEADERS.has(key)) continue;
    if (target.origin !== from.origin && CREDENTIAL_HEADERS.has(key)) continue;
    headers[name] = value;
  }
  return {
    url: target.href,
    method: toGet ? 'GET' : previous.method,
    headers,
    body: toGet ? undefined : previous.body,
  };
}

/** The URL when its scheme is http or https; otherwise a non-retried `HttpError` (the request can never be sent). */
function parseHttpUrl(href: string, shownUrl: string): URL {
  const url = new URL(href);
  if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  throw new HttpError(shownUrl, null, `cannot reach ${shownUrl}: unknown scheme "${url.protocol}"`, {
    hint: 'only http and https URLs are fetched, so it is not retried; check the matching PAPERWIRE_*_URL',
  });
}

type Requester = (url: URL, options: RequestOptions) => ClientRequest;

/** node:https's `request` for an https URL (TLS), node:http's otherwise. */
async function requesterFor(url: URL): Promise<Requester> {
  if (url.protocol === 'https:') return (await import('node:https')).request;
  return (await import('node:http')).request;
}

/** Sends one request and resolves with the response head; the body is left unread. */
function exchange(
  send: Requester,
  url: URL,
  current: Hop,
  signal: AbortSignal,
  shownUrl: string,
): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const headers: Record<string, string> = {
      accept: '*/*',
      'accept-encoding': 'gzip, deflate, br',
      ...current.headers,
    };
    if (current.body !== undefined) headers['content-length'] = String(Buffer.byteLength(current.body));
    let outgoing: ClientRequest;
    try {
      outgoing = send(url, { method: current.method, headers });
    } catch (cause) {
      reject(
        new HttpError(shownUrl, null, `cannot reach ${shownUrl}: ${(cause as Error).message}`, {
          cause,
          hint: 'such a request is refused before sending, so it is not retried; check the matching PAPERWIRE_*_URL',
        }),
      );
      return;
    }
    const onAbort = (): void => {
      outgoing.destroy();
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    outgoing.on('response', (response) => {
      signal.removeEventListener('abort', onAbort);
      resolve(response);
    });
    outgoing.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    outgoing.end(current.body);
  });
}

/** Why the signal aborted, as fetch rejects with it (an `AbortError` unless the aborter gave a reason). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}

/**
 * The decoding stream for a Content-Encoding list, undone last coding first (`deflate` is zlib-wrapped, RFC 9110,
 * as Node 20's fetch reads it); an unknown coding leaves the body as sent, as fetch does.
 */
async function decoded(response: IncomingMessage): Promise<Readable> {
  const codings = (response.headers['content-encoding'] ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length === 0 || !codings.every((coding) => DECODED_CODINGS.has(coding))) return response;
  const { createBrotliDecompress, createGunzip, createInflate } = await import('node:zlib');
  const decoders = codings.reverse().map((coding) => {
    if (coding === 'br') return createBrotliDecompress();
    if (coding === 'deflate') return createInflate();
    return createGunzip();
  });
  // pipeline carries an error or a destroy from any stage to every other, so a cut or corrupt body reaches the reader
  // as the last stage's error; its callback has nothing left to do.
  pipeline([response, ...decoders], () => undefined);
  return decoders[decoders.length - 1] ?? response;
}

/**
 * The body as UTF-8 text, read as a stream and abandoned as soon as the decoded bytes pass `maxBytes` (a declared
 * Content-Length over the cap is refused before reading), so a huge, endless or compressed-bomb answer never fills memory.
 */
async function readBody(
  response: IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
  shownUrl: string,
): Promise<string> {
  const declared = Number(response.headers['content-length'] ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new ResponseTooLargeError(shownUrl, response.statusCode ?? 0, maxBytes);
  }
  const body = await decoded(response);
  const onAbort = (): void => {
    body.destroy(abortReason(signal));
    response.destroy();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      const bytes = chunk as Buffer;
      total += bytes.byteLength;
      if (total > maxBytes) {
        body.destroy();
        response.destroy();
        throw new ResponseTooLargeError(shownUrl, response.statusCode ?? 0, maxBytes);
      }
      chunks.push(bytes);
    }
  } catch (error) {
    if (signal.aborted) throw abortReason(signal);
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
