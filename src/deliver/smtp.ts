// E-mail delivery: sends an already rendered message (subject, HTML and plain text) through an SMTP server with
// nodemailer. It never renders; a failure becomes one SmtpError naming host:port and never the password.

import { createHash } from 'node:crypto';
import { createTransport, type SMTPTransportOptions } from 'nodemailer';
import { PaperwireError, registerSecret, type ErrorCode, type PaperwireErrorOptions } from '../errors.js';
import type { SmtpSettings } from '../model.js';

/** One rendered e-mail: `html` and `text` become the two parts of a multipart/alternative body. */
export interface EmailMessage {
  /** `paperwire <digest@example.org>` or a bare address. */
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  /**
   * The Message-ID header, `<...>` (from `buildMessageId`), the same on every retry of one delivery so receiving
   * servers and clients drop a second copy; nodemailer makes up a new one when absent.
   */
  messageId?: string;
}

/** What one delivery is: the digest of `profile` for `listingDate`, to one `recipient`, from `from`. */
export interface DeliveryKey {
  profile: string;
  listingDate: string;
  recipient: string;
  /** `paperwire <digest@example.org>` or a bare address; its domain ends the Message-ID. */
  from: string;
}

/**
 * The stable Message-ID of one delivery: `<paperwire.rl.2026-01-30.<16 hex>@example.org>`. The hex is a hash of
 * profile, listing date and recipient (so two profiles whose names only look alike never share one, and the
 * address is not shown); the readable part keeps only characters RFC 5322's dot-atom allows.
 */
export function buildMessageId(key: DeliveryKey): string {
  const hash = createHash('sha256')
    .update(`${key.profile}\u0000${key.listingDate}\u0000${key.recipient.toLowerCase()}`)
    .digest('hex')
    .slice(0, 16);
  const readable = `${key.profile}.${key.listingDate}`.replace(/[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]/g, '-');
  return `<paperwire.${readable}.${hash}@${domainOf(key.from)}>`.replace(/\.{2,}/g, '.');
}

/** The domain of the sender's address, lower-cased; `localhost` when it has none a Message-ID can carry. */
function domainOf(from: string): string {
  const address = /<([^<>]*)>\s*$/.exec(from)?.[1] ?? from;
  const at = address.lastIndexOf('@');
  const domain =
    at < 0
      ? ''
      : address
          .slice(at + 1)
          .trim()
          .toLowerCase();
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(domain) ? domain : 'localhost';
}

export interface SentEmail {
  /** The Message-ID header the message was sent with, `<...>`. */
  messageId: string;
  /** Recipients the server refused while accepting the others (empty when all were accepted). */
  rejected: string[];
}

/**
 * Sending e-mail through `host:port` failed. `code` is `E_TIMEOUT` for a server that stopped answering and
 * `E_DELIVER` otherwise (login refused, connection refused, TLS or recipients rejected), since each of those
 * is fixed in the `[smtp]` settings or the profile's `email` list.
 */
export class SmtpError extends PaperwireError {
  readonly host: string;
  readonly port: number;
  /** nodemailer's code (`EAUTH`, `ECONNECTION`, `ETIMEDOUT`, ...), or null for a check made before sending. */
  readonly smtpCode: string | null;
  /** The server's reply code (`535`), when the server answered. */
  readonly responseCode: number | null;

  constructor(
    code: ErrorCode,
    settings: Pick<SmtpSettings, 'host' | 'port'>,
    message: string,
    details: PaperwireErrorOptions & { smtpCode?: string | null; responseCode?: number | null } = {},
  ) {
    super(code, message, details);
    this.host = settings.host;
    this.port = settings.port;
    this.smtpCode = details.smtpCode ?? null;
    this.responseCode = details.responseCode ?? null;
  }
}

/**
 * Sends one message. Resolves once the server accepted it for at least one recipient; the message carries
 * Date and Message-ID headers. Throws `SmtpError` for a refused login, an unreachable or silent server, a
 * failed TLS upgrade, or recipients all rejected; its message names `host:port` and never the password.
 */
export async function sendEmail(message: EmailMessage, settings: SmtpSettings): Promise<SentEmail> {
  registerSecret(settings.password);
  const where = `${settings.host}:${settings.port}`;
  if (message.to.length === 0) {
    throw new SmtpError('E_DELIVER', settings, `no recipient for the e-mail to send through ${where}`, {
      hint: 'list addresses in the profile: email = ["you@example.org"]',
    });
  }
  if (settings.user !== null && settings.password === null) {
    throw new SmtpError(
      'E_DELIVER',
      settings,
      `SMTP user "${settings.user}" is set for ${where} but no password`,
      {
        hint: 'set [smtp] password or PAPERWIRE_SMTP_PASSWORD',
      },
    );
  }
  const watch = watchMessageSent();
  const transport = createTransport({ ...transportOptions(settings), logger: watch.logger });
  try {
    const info = await transport.sendMail({
      from: message.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      ...(message.messageId === undefined ? {} : { messageId: message.messageId }),
    });
    return { messageId: info.messageId, rejected: info.rejected.map(addressOf) };
  } catch (error) {
    throw toSmtpError(error, settings, watch.isMessageSent());
  } finally {
    transport.close();
  }
}

function transportOptions(settings: SmtpSettings): SMTPTransportOptions {
  const options: SMTPTransportOptions = {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
    dnsTimeout: settings.timeoutMs,
  };
  if (!settings.secure) {
    if (settings.startTls === 'required') options.requireTLS = true;
    if (settings.startTls === 'opportunistic') options.opportunisticTLS = true;
    if (settings.startTls === 'never') options.ignoreTLS = true;
  }
  if (settings.user !== null) options.auth = { user: settings.user, pass: settings.password ?? '' };
  return options;
}

/** A logger nodemailer takes (bunyan's shape). */
type MailLogger = Exclude<SMTPTransportOptions['logger'], boolean | undefined>;

/**
 * Tells whether the whole message went out on the connection: nodemailer's connection logs it at `info` (its
 * `tnx: 'message'` entry with the byte counts) once the message has been written after the server's 354, whether or
 * not protocol logging is on. Every other entry is dropped, as `logger: false` would: none reaches the terminal.
 */
function watchMessageSent(): { logger: MailLogger; isMessageSent: () => boolean } {
  let isSent = false;
  const ignore = (): void => undefined;
  const logger: MailLogger = {
    trace: ignore,
    debug: ignore,
    warn: ignore,
    error: ignore,
    fatal: ignore,
    info: (entry: unknown) => {
      const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
      if (fields['tnx'] === 'message' && typeof fields['outByteCount'] === 'number') isSent = true;
    },
  };
  return { logger, isMessageSent: () => isSent };
}

function addressOf(address: string | { address: string }): string {
  return typeof address === 'string' ? address : address.address;
}

interface NodemailerError {
  code?: unknown;
  response?: unknown;
  responseCode?: unknown;
  message?: unknown;
}

/** What to do when the server had the whole message and never said whether it took it. */
const MAY_HAVE_ARRIVED_HINT =
  'look for it before sending again: a new send repeats its Message-ID, so most mailboxes keep one copy; ' +
  "the server's log says why it did not answer, often a message size limit or a content filter";

/**
 * One clear sentence per kind of failure (nodemailer's codes: lib/smtp-connection). `isMessageSent`: the whole message
 * had gone out when it failed (watchMessageSent).
 */
function toSmtpError(error: unknown, settings: SmtpSettings, isMessageSent: boolean): SmtpError {
  const found = (typeof error === 'object' && error !== null ? error : {}) as NodemailerError;
  const smtpCode = typeof found.code === 'string' ? found.code : null;
  const responseCode = typeof found.responseCode === 'number' ? found.responseCode : null;
  const reply = typeof found.response === 'string' ? found.response.trim() : null;
  const reason = typeof found.message === 'string' ? found.message : String(error);
  const where = `SMTP server ${settings.host}:${settings.port}`;
  const details = { cause: error, smtpCode, responseCode };
  const fail = (code: ErrorCode, message: string, hint: string): SmtpError =>
    new SmtpError(code, settings, message, { ...details, hint });

  // 530 (RFC 4954): the server wants a login before MAIL FROM; nodemailer reports it as an envelope error.
  const isLoginMissing = responseCode === 530 || (smtpCode === 'EAUTH' && settings.user === null);
  if (isLoginMissing) {
    return fail(
      'E_DELIVER',
      `${where} asks for a login${settings.user === null ? ' and none is configured' : ''}`,
      'set [smtp] user and password (PAPERWIRE_SMTP_USER, PAPERWIRE_SMTP_PASSWORD)',
    );
  }
  if (/wrong version number|SSL routines|ssl3_get_record/i.test(reason)) {
    return fail(
      'E_DELIVER',
      `TLS with ${where} failed: the server does not speak TLS from the first byte on this port`,
      'secure = true is for port 465; for ports 587 and 25 set secure = false and starttls = "required"',
    );
  }
  // RFC 5321 4.2.1: a 4yz reply is a transient failure (a greylisting or busy server): the settings are right.
  if (responseCode !== null && responseCode >= 400 && responseCode < 500) {
    return fail(
      'E_DELIVER',
      `${where} put the e-mail off for now: ${reply ?? reason}`,
      'a temporary refusal (4xx): try again later; `run` retries on its own',
    );
  }
  switch (smtpCode) {
    case 'EAUTH':
      return fail(
        'E_DELIVER',
        `${where} refused the login of "${settings.user ?? ''}"${reply ? `: ${reply}` : ''}`,
        'check [smtp] user and password (PAPERWIRE_SMTP_USER, PAPERWIRE_SMTP_PASSWORD)',
      );
    case 'ETIMEDOUT':
      // Silent after the whole message: host and port are right, and the message may have been delivered.
      if (isMessageSent) {
        return fail(
          'E_TIMEOUT',
          `${where} did not answer within ${settings.timeoutMs} ms after the whole message was sent: it may have ` +
            'arrived',
          MAY_HAVE_ARRIVED_HINT,
        );
      }
      return fail(
        'E_TIMEOUT',
        `no answer from ${where} within ${settings.timeoutMs} ms`,
        'check [smtp] host and port, and that a firewall lets the connection through',
      );
    case 'EDNS':
      return fail('E_DELIVER', `cannot find the ${where}: ${reason}`, 'check [smtp] host');
    case 'ETLS':
      return fail(
        'E_DELIVER',
        `TLS with ${where} failed: ${reason}`,
        'port 465 usually wants secure = true; port 587 wants secure = false with starttls = "required"',
      );
    case 'EENVELOPE':
      return fail(
        'E_DELIVER',
        `${where} rejected the sender or the recipients: ${reply ?? reason}`,
        "check [smtp] from and the profile's email list",
      );
    case 'ECONNECTION':
    case 'ESOCKET':
      // The server had the message and dropped the connection instead of answering for it: host and port are right,
      // and the message may have been delivered (RFC 5321 6.1: the reply after the data is the acceptance).
      if (isMessageSent) {
        return fail(
          'E_DELIVER',
          `${where} closed the connection after the whole message was sent, before accepting it: it may have arrived`,
          MAY_HAVE_ARRIVED_HINT,
        );
      }
      return /ECONNREFUSED/.test(reason)
        ? fail(
            'E_DELIVER',
            `cannot connect to ${where}: connection refused`,
            'check [smtp] host and port, and that the server is running',
          )
        : fail(
            'E_DELIVER',
            `the connection to ${where} failed: ${reason}`,
            'check [smtp] host, port, secure and starttls',
          );
    default:
      return fail(
        'E_DELIVER',
        `sending e-mail through ${where} failed: ${reply ?? reason}`,
        'check the [smtp] settings',
      );
  }
}
