// The one HTTP client: timeouts, retries with backoff, Retry-After, per-host pacing, response-size caps,
// credentials in URLs and redaction. Every source and translator goes through it; HTTP policy is data here.

import { HttpError, QuotaSpentError, TimeoutError, redact, registerSecret } from './errors.js';
import { sendRequest, type ResponseHeaders } from './http-wire.js';

/** How requests of one kind behave. Times are in milliseconds. */
export interface HttpPolicy {
  /** Per attempt, from sending to the last byte of the body. */
  timeoutMs: number;
  /** Extra attempts after the first, for 5xx, 429 (but a spent quota's), timeouts and network errors. */
  retries: number;
  /** First backoff; doubles each retry up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Least time between the starts of two requests to one host under this policy. */
  minIntervalMs: number;
  /** A Retry-After longer than this is not waited for: the request fails at once. */
  maxRetryAfterMs: number;
  /** The most bytes of a body read; a longer answer fails at once with `ResponseTooLargeError`, no retry. */
  maxResponseBytes: number;
  userAgent: string;
  /**
   * Whether a request may be sent again when the service may have acted on it already (a 5xx, a timeout, a dropped
   * connection). False for a request that is not idempotent (a chat message would be posted twice): it is retried
   * only when it certainly was not processed (see `isCertainlyUnprocessed`), and otherwise fails at once.
   */
  isRepeatable: boolean;
}

export const MEGABYTE = 1024 * 1024;

export const USER_AGENT = 'paperwire/0.1 (research-paper digest; https://github.com/paperwire/paperwire)';

/** The policies by name. Sources and translators pick one by name; tests may override any field. */
export const DEFAULT_POLICIES = {
  default: {
    timeoutMs: 30_000,
    retries: 3,
    backoffMs: 1_000,
    maxBackoffMs: 30_000,
    minIntervalMs: 0,
    maxRetryAfterMs: 120_000,
    maxResponseBytes: 20 * MEGABYTE,
    userAgent: USER_AGENT,
    isRepeatable: true,
  },
  // arXiv API terms of use: "no more than one request every three seconds", one connection at a time.
  arxivApi: {
    timeoutMs: 60_000,
    retries: 4,
    backoffMs: 3_000,
    maxBackoffMs: 60_000,
    minIntervalMs: 3_000,
    maxRetryAfterMs: 300_000,
    // A whole archive's day at 2,000 entries a page is a few MB; 50 MB leaves room without holding gigabytes.
    maxResponseBytes: 50 * MEGABYTE,
    userAgent: USER_AGENT,
    isRepeatable: true,
  },
  // arXiv OAI-PMH: "arXiv uses 503 Retry-After replies to implement flow control, be sure to abide by these
  // responses" (arxiv-docs help/oa); one request per 3 s as for arXiv's other APIs. Pages of 2500 arXivRaw records
  // are a few MB; a Retry-After of up to 10 min is waited for.
  arxivOai: {
    timeoutMs: 120_000,
    retries: 5,
    backoffMs: 5_000,
    maxBackoffMs: 120_000,
    minIntervalMs: 3_000,
    maxRetryAfterMs: 600_000,
    maxResponseBytes: 50 * MEGABYTE,
    userAgent: USER_AGENT,
    isRepeatable: true,
  },
  arxivRss: {
    timeoutMs: 60_000,
    retries: 3,
    backoffMs: 2_000,
    maxBackoffMs: 30_000,
    minIntervalMs: 1_000,
    maxRetryAfterMs: 300_000,
    maxResponseBytes: 50 * MEGABYTE,
    userAgent: USER_AGENT,
    isRepeatable: true,
  },
  huggingFace: {
    timeoutMs: 30_000,
    retries: 3,
    backoffMs: 1_000,
    maxBackoffMs: 30_000,
    minIntervalMs: 250,
    maxRetryAfterMs: 120_000,
    maxResponseBytes: 20 * MEGABYTE,
    userAgent: USER_AGENT,
    isRepeatable: true,
  },
  llm: {
    timeoutMs: 120_000,
    retries: 3,
    backoffMs: 2_000,
    maxBackoffMs: 60_000,
    minIntervalMs: 0,
    maxRetryAfterMs: 120_000,
    // One translated text is a few kB; a reply of megabytes is a broken model, not a translation.
    maxResponseBytes: 4 * MEGABYTE,
    userAgent: USER_AGENT,
    // A translation or an embedding asked twice costs tokens, not a wrong result: any failure may be retried.
    isRepeatable: true,
  },
  // Chat services (deliver/chat/): one policy each, for its documented pace between messages to one webhook.
  // Slack incoming webhooks: "1 per second" (api.slack.com/docs/rate-limits, posting messages).
  chatSlack: chatPolicy(1_000),
  // Discord webhooks: 5 requests per 2 s (the X-RateLimit-Limit/-Reset-After a webhook answers with).
  chatDiscord: chatPolicy(400),
  // Telegram Bot API FAQ: no more than one message per second to one chat.
  chatTelegram: chatPolicy(1_000),
  // Feishu custom bot: 100 requests per minute, 5 per second.
  chatFeishu: chatPolicy(200),
  // DingTalk custom robot: 20 messages per minute (more: throttled for 10 minutes).
  chatDingtalk: chatPolicy(3_000),
  // WeCom group robot: "每个机器人发送的消息不能超过20条/分钟" (20 messages per minute).
  chatWecom: chatPolicy(3_000),
  chatWebhook: chatPolicy(0),
} satisfies Record<string, HttpPolicy>;

/**
 * A chat service's policy: a short answer, a few retries, and its pace between two messages. A message is not
 * repeatable: a 500 or a timeout may come after the service posted it, and a retry would post it again; the delivery
 * fails instead, and `run`'s later retry (which records each paper sent) takes the rest.
 */
function chatPolicy(minIntervalMs: number): HttpPolicy {
  return {
    timeoutMs: 30_000,
    retries: 3,
    backoffMs: 1_000,
    maxBackoffMs: 30_000,
    minIntervalMs,
    maxRetryAfterMs: 120_000,
    // A chat service answers a few hundred bytes.
    maxResponseBytes: MEGABYTE,
    userAgent: USER_AGENT,
    isRepeatable: false,
  };
}

export type PolicyName = keyof typeof DEFAULT_POLICIES;

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Which policy applies; `default` when not given. */
  policy?: PolicyName;
  signal?: AbortSignal;
  /**
   * Reads what a service says in its answer beyond the status (chat robots answer a refusal or a rate limit with
   * HTTP 200 and a code in the body); null when the status alone decides.
   */
  readReply?: (status: number, text: string) => ReplyVerdict | null;
}

/**
 * A service's own word on an answer: `retry` it (a rate limit, after `retryAfterMs` when it names a wait) like a
 * 429, or `refused` for good (a wrong signature, a bad payload), never retried; `reason` is the service's message.
 */
export type ReplyVerdict =
  { kind: 'retry'; retryAfterMs: number | null; reason: string } | { kind: 'refused'; reason: string };

export interface HttpResponse {
  url: string;
  status: number;
  headers: ResponseHeaders;
  text: string;
}

/** What the client tells its owner about a retry, for one log line. */
export interface RetryEvent {
  url: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

/** What the client tells its owner about each usable (2xx) answer, for progress on a terminal. */
export interface ResponseEvent {
  url: string;
  status: number;
  policy: PolicyName;
}

export interface HttpClientOptions {
  /** Field overrides per policy name (tests shorten intervals; config may lengthen timeouts). */
  policies?: Partial<Record<PolicyName, Partial<HttpPolicy>>>;
  /** Waits `ms`; injectable so tests can record delays. */
  sleep?: (ms: number) => Promise<void>;
  /** The clock pacing and Retry-After dates are read from, in ms since the epoch; injectable with `sleep`. */
  now?: () => number;
  onRetry?: (event: RetryEvent) => void;
  onResponse?: (event: ResponseEvent) => void;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class RetryableStatus extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | null,
    readonly body: string,
    /** The service said it did not act on the request (a rate limit, a 503 naming when to come back). */
    readonly isUnprocessed: boolean,
  ) {
    super(`HTTP ${status}`);
  }
}

/** Reads a Retry-After header (seconds or an HTTP date) as milliseconds from `nowMs`; null when absent. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const when = Date.parse(trimmed);
  if (Number.isNaN(when)) return null;
  return Math.max(0, when - nowMs);
}

/** The one HTTP client. Throws `HttpError` (with status) or `TimeoutError` once retries are spent. */
export class HttpClient {
  private readonly policies: Record<PolicyName, HttpPolicy>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly onRetry: ((event: RetryEvent) => void) | undefined;
  private readonly onResponse: ((event: ResponseEvent) => void) | undefined;
  /** Earliest start time for the next request, per `policy host`. */
  private readonly nextStartMs = new Map<string, number>();

  constructor(options: HttpClientOptions = {}) {
    const policies = { ...DEFAULT_POLICIES } as Record<PolicyName, HttpPolicy>;
    for (const [name, override] of Object.entries(options.policies ?? {})) {
      const key = name as PolicyName;
      policies[key] = { ...policies[key], ...override };
    }
    this.policies = policies;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.onRetry = options.onRetry;
    this.onResponse = options.onResponse;
  }

  policy(name: PolicyName): HttpPolicy {
    return this.policies[name];
  }

  /** Sends the request with the policy's pacing, timeout and retries; returns a 2xx response. */
  async request(request: HttpRequest): Promise<HttpResponse> {
    const policy = this.policies[request.policy ?? 'default'];
    const shownUrl = redact(request.url);
    const sent = withCredentialsAsHeader(request, shownUrl);
    for (let attempt = 0; ; attempt++) {
      await this.waitForTurn(sent, policy);
      try {
        const response = await this.attempt(sent, policy, shownUrl);
        this.onResponse?.({ url: shownUrl, status: response.status, policy: request.policy ?? 'default' });
        return response;
      } catch (error) {
        const delayMs = this.retryDelay(error, attempt, policy, shownUrl);
        const reason = error instanceof RetryableStatus ? `HTTP ${error.status}` : describe(error);
        this.onRetry?.({ url: shownUrl, attempt: attempt + 1, delayMs, reason });
        await this.sleep(delayMs);
      }
    }
  }

  async getText(url: string, options: Omit<HttpRequest, 'url'> = {}): Promise<HttpResponse> {
    return this.request({ ...options, url, method: 'GET' });
  }

  /** POSTs `body` as JSON and parses the JSON reply; a reply that is not JSON is an `HttpError`. */
  async postJson(
    url: string,
    body: unknown,
    options: Omit<HttpRequest, 'url' | 'body'> = {},
  ): Promise<unknown> {
    const headers = { 'content-type': 'application/json', accept: 'application/json', ...options.headers };
    const response = await this.request({
      ...options,
      url,
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    try {
      return JSON.parse(response.text) as unknown;
    } catch (cause) {
      throw new HttpError(
        redact(url),
        response.status,
        `${redact(url)} answered with text that is not JSON`,
        {
          cause,
          body: response.text.slice(0, 500),
        },
      );
    }
  }

  private async waitForTurn(request: HttpRequest, policy: HttpPolicy): Promise<void> {
    if (policy.minIntervalMs <= 0) return;
    const key = `${request.policy ?? 'default'} ${new URL(request.url).host}`;
    const now = this.now();
    const start = Math.max(now, this.nextStartMs.get(key) ?? 0);
    this.nextStartMs.set(key, start + policy.minIntervalMs);
    if (start > now) await this.sleep(start - now);
  }

  private async attempt(request: HttpRequest, policy: HttpPolicy, shownUrl: string): Promise<HttpResponse> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('timeout')), policy.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, controller.signal]) : controller.signal;
    try {
      const response = await sendRequest({
        url: request.url,
        method: request.method ?? 'GET',
        headers: { 'user-agent': policy.userAgent, ...request.headers },
        ...(request.body === undefined ? {} : { body: request.body }),
        signal,
        maxResponseBytes: policy.maxResponseBytes,
        shownUrl,
      });
      const text = response.text;
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.now());
      if (isQuotaSpent(response.status, text, retryAfterMs)) {
        throw new QuotaSpentError(
          shownUrl,
          response.status,
          `${shownUrl} answered HTTP ${response.status}${brief(text)}`,
          {
            body: redact(text.slice(0, 500)),
            hint: 'the account has no quota or credit left: add some, or use another provider',
          },
        );
      }
      const verdict = request.readReply?.(response.status, text) ?? null;
      if (verdict?.kind === 'retry') {
        throw new RetryableStatus(
          response.status,
          verdict.retryAfterMs ?? retryAfterMs,
          verdict.reason,
          true,
        );
      }
      if (verdict?.kind === 'refused') {
        throw new HttpError(
          shownUrl,
          response.status,
          `${shownUrl} answered HTTP ${response.status}${brief(verdict.reason)}`,
          { body: redact(text.slice(0, 500)), hint: hintForStatus(response.status) },
        );
      }
      if (response.status === 429 || response.status >= 500) {
        // RFC 9110 15.5.30, 15.6.4: a 429, or a 503 that says when to come back, refused the request unprocessed.
        const isUnprocessed = response.status === 429 || (response.status === 503 && retryAfterMs !== null);
        throw new RetryableStatus(response.status, retryAfterMs, text, isUnprocessed);
      }
      if (response.status < 200 || response.status >= 300) {
        throw new HttpError(
          shownUrl,
          response.status,
          `${shownUrl} answered HTTP ${response.status}${brief(text)}`,
          {
            body: redact(text.slice(0, 500)),
            hint: hintForStatus(response.status),
          },
        );
      }
      return { url: request.url, status: response.status, headers: response.headers, text };
    } catch (error) {
      if (controller.signal.aborted && !(request.signal?.aborted ?? false)) {
        throw new TimeoutError(shownUrl, policy.timeoutMs, { cause: error });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** How long to wait before the next attempt; throws the final error when no retry is left. */
  private retryDelay(error: unknown, attempt: number, policy: HttpPolicy, shownUrl: string): number {
    const backoff = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** attempt);
    const attempts = `after ${attempt + 1} attempt${attempt === 0 ? '' : 's'}`;
    if (error instanceof RetryableStatus) {
      const message = `${shownUrl} answered HTTP ${error.status} ${attempts}${brief(error.body)}`;
      if (error.retryAfterMs !== null && error.retryAfterMs > policy.maxRetryAfterMs) {
        throw new HttpError(
          shownUrl,
          error.status,
          `${message}; it asks to wait ${Math.round(error.retryAfterMs / 1000)} s`,
          {
            body: redact(error.body.slice(0, 500)),
            hint: 'try again later',
          },
        );
      }
      if (!policy.isRepeatable && !error.isUnprocessed) {
        throw new HttpError(shownUrl, error.status, message, {
          body: redact(error.body.slice(0, 500)),
          hint: NOT_REPEATED,
        });
      }
      if (attempt >= policy.retries) {
        throw new HttpError(shownUrl, error.status, message, {
          body: redact(error.body.slice(0, 500)),
          hint: hintForStatus(error.status),
        });
      }
      return Math.max(backoff, error.retryAfterMs ?? 0);
    }
    if (error instanceof TimeoutError) {
      if (!policy.isRepeatable) {
        throw new TimeoutError(shownUrl, policy.timeoutMs, { cause: error, hint: NOT_REPEATED });
      }
      if (attempt >= policy.retries) {
        throw new TimeoutError(shownUrl, policy.timeoutMs, { cause: error, hint: `gave up ${attempts}` });
      }
      return backoff;
    }
    if (error instanceof HttpError) throw error;
    if (error instanceof Error && error.name === 'AbortError') throw error;
    if (!policy.isRepeatable && !isNeverSent(error)) {
      throw new HttpError(shownUrl, null, `${shownUrl} failed ${attempts}: ${describe(error)}`, {
        cause: error,
        hint: NOT_REPEATED,
      });
    }
    if (attempt >= policy.retries) {
      throw new HttpError(shownUrl, null, `cannot reach ${shownUrl} ${attempts}: ${describe(error)}`, {
        cause: error,
        hint: 'check the address and your network, or set the matching PAPERWIRE_*_URL',
      });
    }
    return backoff;
  }
}

const NOT_REPEATED = 'the service may have taken it, so it is not sent again now';

// Network errors raised before a connection was made, so the request never reached the service: refused, no route,
// a name that does not resolve (Node's `code` on the socket's error).
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Whether a network error certainly came before the request was sent (a reset or a hang-up may come after). */
function isNeverSent(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code =
    'code' in error
      ? error.code
      : error.cause instanceof Error && 'code' in error.cause
        ? error.cause.code
        : '';
  return NEVER_SENT_CODES.has(String(code));
}

// Answers that say the account's quota or credit is spent: HTTP 402 Payment Required, DeepL's 456 "Quota exceeded"
// (DeepL API docs, errors), and a 429 whose body says so (OpenAI: code "insufficient_quota", "You exceeded your
// current quota").
const QUOTA_STATUSES = new Set([402, 456]);
const QUOTA_SPENT = /insufficient_quota|quota (?:exhausted|exceeded)|exceeded your current quota/i;
// A 429 that names a wait is a rate limit, even when it speaks of a quota (Gemini's per-minute quota answers carry
// `"retryDelay"` in the body; any service may send Retry-After).
const ASKS_TO_WAIT = /"retryDelay"|retry in \d/i;

/** Whether an answer says the quota or credit is spent, so that retrying cannot help during this run. */
function isQuotaSpent(status: number, body: string, retryAfterMs: number | null): boolean {
  if (QUOTA_STATUSES.has(status)) return true;
  if (status !== 429 || !QUOTA_SPENT.test(body)) return false;
  return (retryAfterMs ?? 0) === 0 && !ASKS_TO_WAIT.test(body);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : null;
  const code = cause && 'code' in cause ? String(cause.code) : '';
  if (code) return redact(`${error.message} (${code})`);
  return redact(cause ? `${error.message}: ${cause.message}` : error.message);
}

/**
 * The request with any `user:password@` taken out of its URL and sent as Basic authentication instead (fetch
 * refuses URLs with credentials; RFC 7617); the password is registered as a secret. Throws a non-retried
 * `HttpError` for a URL that does not parse, or one with credentials whose request has its own Authorization.
 */
function withCredentialsAsHeader(request: HttpRequest, shownUrl: string): HttpRequest {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch (cause) {
    throw new HttpError(shownUrl, null, `"${shownUrl}" is not a valid URL`, {
      cause,
      hint: 'check the matching PAPERWIRE_*_URL or config key',
    });
  }
  if (url.username === '' && url.password === '') return request;
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  registerSecret(password);
  if (password === '') registerSecret(user);
  const credential = Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
  registerSecret(credential);
  const headers = { ...request.headers };
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) {
    throw new HttpError(
      shownUrl,
      null,
      `${shownUrl} carries user:password, but this request has its own key`,
      {
        hint: 'remove user:password from the URL; the key is sent instead',
      },
    );
  }
  headers['authorization'] = `Basic ${credential}`;
  url.username = '';
  url.password = '';
  return { ...request, url: url.toString(), headers };
}

function brief(body: string): string {
  const line = redact(body.replace(/\s+/g, ' ').trim()).slice(0, 120);
  return line ? `: ${line}` : '';
}

function hintForStatus(status: number): string {
  if (status === 401 || status === 403) return 'check the API key and its permissions';
  if (status === 404) return 'check the URL, or the date asked for';
  if (status === 429) return 'the service is rate-limiting; try again later';
  if (status >= 500) return 'the service is failing; try again later';
  return 'check the request';
}
