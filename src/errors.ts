// Named errors for everything that can fail in paperwire; each carries a code, its place and a hint.
// The CLI prints `formatError(error)` as one line; secrets are redacted here and in http.ts, nowhere else.

import { inspect } from 'node:util';

export type ErrorCode =
  | 'E_CONFIG'
  | 'E_USAGE'
  | 'E_FEED'
  | 'E_HTTP'
  | 'E_TIMEOUT'
  | 'E_TRANSLATE'
  | 'E_STORE'
  | 'E_LIBRARY'
  | 'E_IMPORT'
  | 'E_DELIVER'
  | 'E_NO_ANNOUNCEMENT'
  | 'E_NOT_READY';

export interface PaperwireErrorOptions {
  hint?: string;
  cause?: unknown;
}

/** The root of every error paperwire throws on purpose. `message` says what failed and where. */
export class PaperwireError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | null;

  constructor(code: ErrorCode, message: string, options: PaperwireErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint ?? null;
  }
}

/** A config file, environment variable or flag value is wrong. `where` is `file:line`, `$VAR` or `--flag`. */
export class ConfigError extends PaperwireError {
  readonly where: string;
  constructor(where: string, message: string, options: PaperwireErrorOptions = {}) {
    super('E_CONFIG', `${where}: ${message}`, options);
    this.where = where;
  }
}

/** The command line itself is wrong (unknown flag, missing value). Exit code 2. */
export class UsageError extends PaperwireError {
  constructor(message: string, options: PaperwireErrorOptions = {}) {
    super('E_USAGE', message, { hint: 'run `paperwire --help` for usage', ...options });
  }
}

/** A whole feed or API document is unusable (not XML, wrong root, error document). */
export class FeedError extends PaperwireError {
  readonly url: string;
  constructor(url: string, message: string, options: PaperwireErrorOptions = {}) {
    // The message names the URL's start: a server's resumption token, which the URL carries, can be megabytes.
    const shown = url.length > FEED_URL_SHOWN_CHARS ? `${url.slice(0, FEED_URL_SHOWN_CHARS)}…` : url;
    super('E_FEED', `${message} (${shown})`, options);
    this.url = url;
  }
}

/** The characters of a URL a FeedError's message shows. */
const FEED_URL_SHOWN_CHARS = 300;

/**
 * An OAI-PMH repository answered with an `<error code="…">` it cannot be harvested past (`badArgument`,
 * `badResumptionToken`, `badVerb`, ...). `oaiCode` is the protocol's code; `noRecordsMatch` is an empty list, not this.
 */
export class OaiError extends FeedError {
  readonly oaiCode: string;
  constructor(url: string, oaiCode: string, message: string, options: PaperwireErrorOptions = {}) {
    super(url, message, options);
    this.oaiCode = oaiCode;
  }
}

/** An HTTP request got an answer it cannot use, after the retries the policy allows. */
export class HttpError extends PaperwireError {
  readonly url: string;
  readonly status: number | null;
  readonly body: string;
  constructor(
    url: string,
    status: number | null,
    message: string,
    options: PaperwireErrorOptions & { body?: string } = {},
  ) {
    super('E_HTTP', message, options);
    this.url = url;
    this.status = status;
    this.body = options.body ?? '';
  }
}

/** An answer longer than the policy's `maxResponseBytes`: reading stopped there, and it is never retried. */
export class ResponseTooLargeError extends HttpError {
  readonly maxBytes: number;
  constructor(url: string, status: number, maxBytes: number, options: PaperwireErrorOptions = {}) {
    super(url, status, `${url} sent more than ${formatMegabytes(maxBytes)}; stopped reading`, {
      hint: 'if so large an answer is expected, raise [http] max_response_mb or PAPERWIRE_HTTP_MAX_RESPONSE_MB',
      ...options,
    });
    this.maxBytes = maxBytes;
  }
}

/**
 * The service says the account's quota or credit is spent (a 429 saying so, DeepL's 456, a 402): it will not lift
 * during this run, so it is never retried and the translate stage stops asking that provider.
 */
export class QuotaSpentError extends HttpError {}

function formatMegabytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return Number.isInteger(megabytes) ? `${megabytes} MB` : `${bytes} bytes`;
}

/** A delivery (`chat:slack`, ...) failed; `target` names it, never a secret of its URL. The HTTP error is the cause. */
export class DeliveryError extends PaperwireError {
  readonly target: string;
  constructor(target: string, message: string, options: PaperwireErrorOptions = {}) {
    super('E_DELIVER', `${target}: ${message}`, options);
    this.target = target;
  }
}

/** A request took longer than its `timeoutMs`, after the retries the policy allows. */
export class TimeoutError extends PaperwireError {
  readonly url: string;
  readonly timeoutMs: number;
  constructor(url: string, timeoutMs: number, options: PaperwireErrorOptions = {}) {
    super('E_TIMEOUT', `no answer from ${url} within ${timeoutMs} ms`, options);
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}

/** A translation could not be had for one text (after retries) or its reply was unusable. */
export class TranslateError extends PaperwireError {
  constructor(message: string, options: PaperwireErrorOptions = {}) {
    super('E_TRANSLATE', message, options);
  }
}

/** The database cannot be opened, migrated or written. */
export class StoreError extends PaperwireError {
  readonly path: string;
  constructor(path: string, message: string, options: PaperwireErrorOptions = {}) {
    super('E_STORE', `${path}: ${message}`, options);
    this.path = path;
  }
}

/**
 * A library export given to `library add` is unusable as a whole (unreadable, of no format paperwire reads, not
 * valid JSON). `where` is the file, with the line when one is to blame. One bad entry is a Problem instead.
 */
export class LibraryFileError extends PaperwireError {
  readonly where: string;
  constructor(where: string, message: string, options: PaperwireErrorOptions = {}) {
    super('E_LIBRARY', `${where}: ${message}`, options);
    this.where = where;
  }
}

/**
 * A snapshot given to `import` is unusable as a whole (unreadable, a broken gzip stream, nothing in it a paper).
 * `where` is the file, with the line when one is to blame. One bad line is a Problem instead.
 */
export class ImportFileError extends PaperwireError {
  readonly where: string;
  constructor(where: string, message: string, options: PaperwireErrorOptions = {}) {
    super('E_IMPORT', `${where}: ${message}`, options);
    this.where = where;
  }
}

/**
 * Why a listing date has no listing: `weekend` and `holiday` never will (not a failure for cron); `not-yet` will,
 * once arXiv announces it; `before-arxiv` is older than arXiv itself.
 */
export type NoAnnouncementKind = 'weekend' | 'holiday' | 'not-yet' | 'before-arxiv';

/** The asked listing date has no arXiv announcement: `kind` says why, the message says when there is one. */
export class NoAnnouncementError extends PaperwireError {
  readonly kind: NoAnnouncementKind;
  constructor(kind: NoAnnouncementKind, message: string, options: PaperwireErrorOptions = {}) {
    super('E_NO_ANNOUNCEMENT', message, options);
    this.kind = kind;
  }
}

/**
 * The listing of a date was announced but the sources do not carry all of it yet: the RSS feed still shows an
 * earlier listing date, or the API serves fewer papers than it counts. `run` retries later; nothing is delivered.
 */
export class ListingNotReadyError extends PaperwireError {
  readonly listingDate: string;
  constructor(listingDate: string, message: string, options: PaperwireErrorOptions = {}) {
    super('E_NOT_READY', `listing ${listingDate} is not ready: ${message}`, options);
    this.listingDate = listingDate;
  }
}

export function isPaperwireError(error: unknown): error is PaperwireError {
  return error instanceof PaperwireError;
}

const secrets = new Set<string>();

/**
 * Registers a value (API key, password) that must never appear in any message paperwire prints; its
 * percent-encoded spelling (as it would sit in a URL) is registered too.
 */
export function registerSecret(secret: string | null | undefined): void {
  if (!secret || secret.length < 4) return;
  secrets.add(secret);
  const encoded = encodeURIComponent(secret);
  if (encoded !== secret) secrets.add(encoded);
}

/**
 * Registers the secret parts of a URL that is itself a credential (a chat webhook: Slack's `/services/T…/B…/…`,
 * Discord's `/webhooks/id/token`, Feishu's `/hook/<uuid>`, DingTalk's `access_token`): its path and query, each
 * long path segment with a digit, and each query value.
 */
export function registerUrlSecrets(url: string): void {
  if (!URL.canParse(url)) return;
  const parsed = new URL(url);
  registerSecret(`${parsed.pathname}${parsed.search}`.replace(/^\/$/, ''));
  for (const segment of parsed.pathname.split('/')) {
    if (/\d/.test(segment) && segment.length >= 8) registerSecret(segment);
  }
  for (const value of parsed.searchParams.values()) registerSecret(value);
}

/**
 * True when `text` holds a registered secret that `source` does not: an answer from outside (a model's translation)
 * that would carry a key or password into digests, pages and feeds. A secret the source itself holds is public text.
 */
export function addsSecret(text: string, source: string): boolean {
  for (const secret of secrets) if (text.includes(secret) && !source.includes(secret)) return true;
  return false;
}

// Query parameters that carry credentials: OAuth (access_token, code, client_secret), API keys (key, api_key,
// auth_key as DeepL names it), signed URLs (sig, signature), and plain password/secret/token parameters.
const SECRET_PARAMETER =
  /([?&;](?:access_token|refresh_token|id_token|token|key|api[_-]?key|apikey|auth_key|sig|signature|code|password|passwd|secret|client_secret)=)[^&#\s"'<>]+/gi;
// `scheme://user:password@host` (or a bare `scheme://token@host`): the userinfo part of any URL-shaped text.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@"'<>]+@/gi;

/**
 * Replaces every registered secret (a Basic credential is registered by whoever builds it), the userinfo of
 * any URL, anything shaped like a bearer token, and credential query parameters, with `***`. The one redactor: errors, stacks, logs, stored
 * digests and pages all pass through it.
 */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out
    .replace(/\b((?:Bearer|DeepL-Auth-Key)\s+)[A-Za-z0-9._~+/=:-]+/gi, '$1***')
    .replace(URL_USERINFO, '$1***@')
    .replace(SECRET_PARAMETER, '$1***');
}

/** One line for the terminal: `paperwire: <message> (hint: ...)`, redacted. */
export function formatError(error: unknown): string {
  if (isPaperwireError(error)) {
    const hint = error.hint ? ` (${error.hint})` : '';
    return `paperwire: ${clipMiddle(oneLine(redact(error.message)))}${oneLine(redact(hint))}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `paperwire: unexpected error: ${clipMiddle(oneLine(redact(message)))}`;
}

/**
 * The most of an error's message a line shows. A message quotes what it refuses: a 100,000-character id or name is
 * cut in its middle, so the line keeps what it is about and why (its start and its end).
 */
const MAX_MESSAGE_CHARS = 480;

/** `text` within MAX_MESSAGE_CHARS: its start and its end around ` … `. Cut after redacting, so no part of a secret shows. */
function clipMiddle(text: string): string {
  if (text.length <= MAX_MESSAGE_CHARS) return text;
  // By code point, so an emoji or a CJK extension character is never split in two.
  const chars = Array.from(text);
  if (chars.length <= MAX_MESSAGE_CHARS) return text;
  const tailChars = Math.floor(MAX_MESSAGE_CHARS / 3);
  const headChars = MAX_MESSAGE_CHARS - tailChars - 3;
  return `${chars.slice(0, headChars).join('')} … ${chars.slice(-tailChars).join('')}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/**
 * The stack for `--debug`, then each cause's stack (or message) under `caused by:`, redacted like every other
 * line: a cause may quote what a server echoed back (an SMTP 535 repeating the password).
 */
export function formatStack(error: unknown): string {
  const lines: string[] = [];
  const seen = new Set<unknown>();
  for (let current: unknown = error; current !== undefined && !seen.has(current);) {
    seen.add(current);
    const text = current instanceof Error ? (current.stack ?? current.message) : inspect(current);
    lines.push(lines.length === 0 ? text : `caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return redact(lines.join('\n'));
}
