// Named errors for everything that can fail in paperwire; each carries a code, its place and a hint.
// The CLI prints `formatError(error)` as one line; secrets are redacted here and in http.ts, nowhere else.

export type ErrorCode =
  | 'E_CONFIG'
  | 'E_USAGE'
  | 'E_FEED'
  | 'E_HTTP'
  | 'E_TIMEOUT'
  | 'E_TRANSLATE'
  | 'E_STORE'
  | 'E_DELIVER'
  | 'E_NO_ANNOUNCEMENT';

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
    super('E_FEED', `${message} (${url})`, options);
    this.url = url;
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

/** Why a listing date has no announcement: none that day, none yet, or arXiv did not exist yet. */
export type NoAnnouncementKind = 'weekend' | 'holiday' | 'not-yet' | 'before-arxiv';

/** The asked listing date has no arXiv announcement (weekend, holiday, not yet announced, before arXiv). */
export class NoAnnouncementError extends PaperwireError {
  /** Absent when the thrower did not say; read as a day without an announcement (weekend or holiday). */
  readonly kind?: NoAnnouncementKind;
  constructor(message: string, options: PaperwireErrorOptions & { kind?: NoAnnouncementKind } = {}) {
    super('E_NO_ANNOUNCEMENT', message, options);
    if (options.kind !== undefined) this.kind = options.kind;
  }
}

export function isPaperwireError(error: unknown): error is PaperwireError {
  return error instanceof PaperwireError;
}

const secrets = new Set<string>();

/** Registers a value (API key, password) that must never appear in any message paperwire prints. */
export function registerSecret(secret: string | null | undefined): void {
  if (secret && secret.length >= 4) secrets.add(secret);
}

/** Replaces every registered secret, and anything shaped like a bearer token or key parameter, with `***`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1***')
    .replace(/([?&](?:api[_-]?key|key|token|auth_key)=)[^&\s]+/gi, '$1***');
}

/** One line for the terminal: `paperwire: <message> (hint: ...)`, redacted. */
export function formatError(error: unknown): string {
  if (isPaperwireError(error)) {
    const hint = error.hint ? ` (${error.hint})` : '';
    return redact(`paperwire: ${error.message}${hint}`).replace(/\s*\n\s*/g, ' ');
  }
  const message = error instanceof Error ? error.message : String(error);
  return redact(`paperwire: unexpected error: ${message}`).replace(/\s*\n\s*/g, ' ');
}
