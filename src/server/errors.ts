// Errors a request can end in, each with its HTTP status; app.ts's onError turns them into the error page or
// the API's JSON error. They are PaperwireErrors with code E_USAGE: the request, not the server, was wrong.
import { PaperwireError, type PaperwireErrorOptions } from '../errors.js';

export class WebRequestError extends PaperwireError {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413,
    message: string,
    options: PaperwireErrorOptions = {},
  ) {
    super('E_USAGE', message, options);
  }
}

/** Nothing is at this address: no such digest, paper or page. */
export class NotFoundError extends WebRequestError {
  constructor(message: string, options: PaperwireErrorOptions = {}) {
    super(404, message, options);
  }
}

/** A parameter is malformed (a date that is not YYYY-MM-DD, an id that is not an arXiv id). */
export class BadRequestError extends WebRequestError {
  constructor(message: string, options: PaperwireErrorOptions = {}) {
    super(400, message, options);
  }
}

/** A write without the right `Authorization: Bearer <token>`. */
export class UnauthorizedError extends WebRequestError {
  constructor(message: string, options: PaperwireErrorOptions = {}) {
    super(401, message, options);
  }
}

/** A write to a server started without a token: writes are off. */
export class ForbiddenError extends WebRequestError {
  constructor(message: string, options: PaperwireErrorOptions = {}) {
    super(403, message, options);
  }
}

/** A request body larger than its route reads (a rating form is a few hundred bytes). */
export class PayloadTooLargeError extends WebRequestError {
  constructor(message: string, options: PaperwireErrorOptions = {}) {
    super(413, message, options);
  }
}
