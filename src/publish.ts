// The publish flow `digest` and `run` share, after the pipeline built a digest: render it, write the command's
// output (stdout or a file), save it to the archive and deliver it (a profile's file, e-mail, chat targets), recording
// each delivery.

import type { ChatSendDeps, ChatSendResult } from './deliver/chat/index.js';
import { writeDigestFile } from './deliver/file.js';
import type { buildMessageId, sendEmail } from './deliver/smtp.js';
import { ConfigError, DeliveryError, PaperwireError } from './errors.js';
import type { ChatTarget, Digest, IsoDate, Lang, RatingKind, SmtpSettings, Sort, Style } from './model.js';
import { shownPapersOf } from './pipeline/unseen.js';
import type { RenderedEmail, renderEmail } from './render/html/email.js';
import { renderDigest } from './render/text/index.js';
import { renderJson } from './render/text/json.js';
import { parseDigestJson } from './render/text/json-parse.js';
import type { Store } from './store/store.js';

/**
 * Where a digest is delivered, recorded in the store under `name` (`file:PATH`, `email:ADDRESS`, `chat:NAME`) once
 * it succeeded, so it is never delivered twice. A chat target's papers are also recorded as each message
 * is taken (`chat:NAME#paper 2612.01234`), so a send cut between messages resumes with the papers not yet sent.
 */
export type DeliveryTarget = { name: string } & (
  { kind: 'file'; path: string } | { kind: 'email'; address: string } | { kind: 'chat'; chat: ChatTarget }
);

/** The delivery target writing to `path` (absolute, `{date}` replaced). */
export function fileTarget(path: string): DeliveryTarget {
  return { kind: 'file', name: `file:${path}`, path };
}

/** The delivery target mailing `address`. */
export function emailTarget(address: string): DeliveryTarget {
  return { kind: 'email', name: `email:${address}`, address };
}

/** The delivery target sending the compact digest to a chat target (`[notify.<name>]`). */
export function chatTarget(chat: ChatTarget): DeliveryTarget {
  return { kind: 'chat', name: `chat:${chat.name}`, chat };
}

/** The SMTP server and the sender. */
export interface MailSettings {
  settings: SmtpSettings;
  from: string;
}

/** What publishing did, step by step, for the caller's progress lines. */
export type PublishEvent =
  | { kind: 'written'; path: string }
  | {
      kind: 'delivered';
      target: DeliveryTarget;
      messageId: string | null;
      /** A chat target's messages sent now, and its papers left out as sent by an earlier run. */
      messages?: ChatSendResult;
    }
  | {
      kind: 'skipped';
      target: DeliveryTarget;
      sentAt: Date;
      /** The profile, gone from the config, whose delivery of the same papers this one is (a rename), if so. */
      renamedFrom?: string;
    }
  | { kind: 'failed'; target: DeliveryTarget; error: unknown };

export interface PublishRequest {
  digest: Digest;
  /** The style of the output and of a file delivery; the language of those and of the e-mail. */
  style: Style;
  lang: Lang;
  /** The order of a chat message's papers (the profile's sort); `listing` when absent. */
  sort?: Sort;
  /**
   * The command's own output, always written and never recorded: stdout, or a file (absolute, `{date}`
   * replaced; written atomically); null for none.
   */
  output: { kind: 'stdout'; write: (text: string) => void } | { kind: 'file'; path: string } | null;
  /** Delivered in order, each skipped when the store records it as delivered, unless `resend`. */
  deliveries: readonly DeliveryTarget[];
  resend: boolean;
  /**
   * The profiles the config names. A target that got the same papers of the listing date from a profile not among
   * them (a profile renamed since) is not sent them again (`renamedDeliveryOf`); empty: every profile counts as gone.
   */
  configuredProfiles: readonly string[];
  /**
   * How a failed delivery ends the publish: `stop` throws its error at once (a command run by hand); `tryAll`
   * goes on to the others, then throws one error naming the failed ones (the scheduler retries those later).
   */
  onFailure: 'stop' | 'tryAll';
}

export interface PublishDeps {
  store: Pick<
    Store,
    'saveDigest' | 'recordShown' | 'loadDelivery' | 'saveDelivery' | 'loadDeliveriesTo' | 'loadDigest'
  >;
  /** Null when no SMTP server is configured: an e-mail delivery then fails with a ConfigError (callers check first). */
  mail: MailSettings | null;
  /** Where the web UI shows a digest, linked from the e-mail; null for no link. */
  webUrlOf: (profile: string, listingDate: IsoDate) => string | null;
  /** The signed rating link of a paper and rating (render/html/email.ts); absent or null: the e-mail has none. */
  rateUrl?: ((arxivId: string, kind: RatingKind) => string) | null;
  /** Sends chat messages (http.ts's client); absent or null: a chat delivery fails. */
  chatClient?: ChatSendDeps['client'] | null;
  /** When a delivery is recorded as done, and the time chat signatures carry. */
  now: () => Date;
  onEvent: (event: PublishEvent) => void;
  /**
   * Waits until no other process is delivering from this store, and holds that until the returned release is
   * called (the home's `deliver` lock): what is recorded as delivered is read again after it, so two processes
   * never send one target twice.
   */
  holdDeliveries: () => Promise<() => void>;
}

/**
 * Publishes a built digest: writes the output, saves its JSON document to the archive (under `digest.profile`),
 * records the papers it shows as shown to its profile (for `--unseen`), then delivers it to each target (see
 * PublishRequest's `onFailure`). An e-mail carries the same Message-ID on every retry (`buildMessageId`): a copy
 * the server took before a lost 250 is the same message to the receiver.
 * nodemailer and the e-mail renderer are loaded only when an e-mail is sent.
 */
export async function publishDigest(request: PublishRequest, deps: PublishDeps): Promise<void> {
  const { digest, output } = request;
  let text: string | null = null;
  const renderText = (): string => (text ??= renderDigest(digest, request.style, { lang: request.lang }));
  // The output first: a store that cannot archive the digest (a full disk) still lets the reader have it; nothing
  // is delivered then, since no delivery could be recorded.
  if (output?.kind === 'stdout') output.write(renderText());
  if (output?.kind === 'file') {
    await writeDigestFile(output.path, renderText());
    deps.onEvent({ kind: 'written', path: output.path });
  }
  deps.store.saveDigest(
    {
      profile: digest.profile,
      listingDate: digest.listingDate,
      generatedAt: digest.generatedAt,
      json: renderJson(digest),
    },
    shownPapersOf(digest),
  );
  const targets = uniqueTargets(request.deliveries);
  if (targets.length === 0) return;
  const release = await deps.holdDeliveries();
  try {
    await deliverEach(targets, request, deps, renderText);
  } finally {
    release();
  }
}

/** Delivers to each target not recorded as delivered (all of them with `resend`), recording each as it succeeds. */
async function deliverEach(
  targets: readonly DeliveryTarget[],
  request: PublishRequest,
  deps: PublishDeps,
  renderText: () => string,
): Promise<void> {
  const { digest } = request;
  const sendEmailTo = emailSender(request, deps);
  const sendChatTo = chatSender(request, deps);
  const failed: string[] = [];
  let attempted = 0;
  for (const target of targets) {
    const sentAt = deps.store.loadDelivery(digest.profile, digest.listingDate, target.name);
    if (sentAt !== null && !request.resend) {
      deps.onEvent({ kind: 'skipped', target, sentAt });
      continue;
    }
    const renamed = request.resend ? null : renamedDeliveryOf(target, request, deps.store);
    if (renamed !== null) {
      // Recorded under the new name too, with the first time: the next run finds it without comparing digests.
      deps.store.saveDelivery(digest.profile, digest.listingDate, target.name, renamed.sentAt);
      deps.onEvent({ kind: 'skipped', target, sentAt: renamed.sentAt, renamedFrom: renamed.profile });
      continue;
    }
    attempted += 1;
    try {
      let messageId: string | null = null;
      let messages: ChatSendResult | undefined;
      if (target.kind === 'file') await writeDigestFile(target.path, renderText());
      else if (target.kind === 'email') messageId = await sendEmailTo(target.address);
      else messages = await sendChatTo(target);
      deps.store.saveDelivery(digest.profile, digest.listingDate, target.name, deps.now());
      deps.onEvent({ kind: 'delivered', target, messageId, ...(messages === undefined ? {} : { messages }) });
    } catch (error) {
      if (request.onFailure === 'stop') throw error;
      failed.push(target.name);
      deps.onEvent({ kind: 'failed', target, error });
    }
  }
  if (failed.length > 0) {
    throw new PaperwireError(
      'E_DELIVER',
      `${failed.length} of ${attempted} deliveries of ${digest.profile} ${digest.listingDate} failed (${failed.join(', ')})`,
    );
  }
}

/**
 * The delivery of the same listing date to the same target by a profile the config no longer names whose archived
 * digest shows the same papers: the profile was renamed (`[profiles.rl]` to `[profiles.robots]`), and the target
 * has this digest already. Null when there is none; then the target is sent the digest. A profile that still exists
 * is a different digest the target chose to get too, and a digest of other papers is news to the target.
 */
function renamedDeliveryOf(
  target: DeliveryTarget,
  request: PublishRequest,
  store: Pick<Store, 'loadDeliveriesTo' | 'loadDigest'>,
): { profile: string; sentAt: Date } | null {
  const { digest } = request;
  const configured = new Set(request.configuredProfiles);
  const papers = paperSetOf(digest);
  for (const earlier of store.loadDeliveriesTo(digest.listingDate, target.name)) {
    if (earlier.profile === digest.profile || configured.has(earlier.profile)) continue;
    const stored = store.loadDigest(earlier.profile, digest.listingDate);
    if (stored !== null && paperSetOf(parsedOrNull(stored.json)) === papers) return earlier;
  }
  return null;
}

/** The digest's papers as one comparable text (sorted ids); null for a document that does not read. */
function paperSetOf(digest: Digest | null): string | null {
  if (digest === null) return null;
  return [...shownPapersOf(digest).arxivIds].sort().join(' ');
}

/** A stored digest document, or null when it does not read (edited by hand): then it is taken as another digest. */
function parsedOrNull(json: string): Digest | null {
  try {
    return parseDigestJson(json);
  } catch {
    return null;
  }
}

/**
 * The targets of `publishDigest` not yet recorded as delivered. Callers that build a digest only to deliver it
 * ask first, so a digest delivered everywhere is not built again.
 */
export function pendingDeliveries(
  store: Pick<Store, 'loadDelivery'>,
  key: { profile: string; listingDate: IsoDate },
  targets: readonly DeliveryTarget[],
): DeliveryTarget[] {
  return targets.filter((target) => store.loadDelivery(key.profile, key.listingDate, target.name) === null);
}

/** The line of a target skipped since it got the same papers from a profile gone from the config (publish.ts). */
export function renamedSkipLine(event: PublishEvent & { kind: 'skipped' }): string {
  return (
    `not sent to ${event.target.name}: it got the same papers from profile ${event.renamedFrom ?? '?'} at ` +
    `${event.sentAt.toISOString()}, a profile no longer in the config (renamed?)`
  );
}

/** The error of an e-mail delivery with no SMTP server configured; callers check before building a digest. */
export function missingSmtpError(profile: string): ConfigError {
  return new ConfigError('[smtp]', `profile ${profile} has e-mail recipients but no SMTP server is set`, {
    hint: 'set [smtp] host and from (or PAPERWIRE_SMTP_HOST and PAPERWIRE_SMTP_FROM)',
  });
}

function uniqueTargets(targets: readonly DeliveryTarget[]): DeliveryTarget[] {
  const byName = new Map(targets.map((target) => [target.name, target]));
  return [...byName.values()];
}

/** Sends the digest's e-mail (rendered once, on the first send) to one address; returns its Message-ID. */
function emailSender(request: PublishRequest, deps: PublishDeps): (address: string) => Promise<string> {
  const { digest } = request;
  let prepared: Promise<{ mailer: Mailer; email: RenderedEmail }> | null = null;
  return async (address) => {
    const { mail } = deps;
    if (mail === null) throw missingSmtpError(digest.profile);
    const webUrl = deps.webUrlOf(digest.profile, digest.listingDate);
    prepared ??= loadMailer().then((mailer) => ({
      mailer,
      email: mailer.renderEmail(digest, { lang: request.lang, webUrl, rateUrl: deps.rateUrl ?? null }),
    }));
    const { mailer, email } = await prepared;
    const key = {
      profile: digest.profile,
      listingDate: digest.listingDate,
      recipient: address,
      from: mail.from,
    };
    const messageId = mailer.buildMessageId(key);
    const sent = await mailer.sendEmail(
      { from: mail.from, to: [address], ...email, messageId },
      mail.settings,
    );
    return sent.messageId;
  };
}

/**
 * Sends the compact digest to one chat target, skipping its messages an earlier run sent (all are sent again with
 * `resend`), recording each as it is taken. The chat modules load only when a chat target is delivered.
 */
function chatSender(
  request: PublishRequest,
  deps: PublishDeps,
): (target: DeliveryTarget & { kind: 'chat' }) => Promise<ChatSendResult> {
  const { digest } = request;
  return async (target) => {
    const client = deps.chatClient ?? null;
    if (client === null)
      throw new DeliveryError(target.name, 'no HTTP client was given to send chat messages');
    const [{ sendChatDigest }, { renderChatDigest }] = await Promise.all([
      import('./deliver/chat/index.js'),
      import('./render/text/chat.js'),
    ]);
    const chat = renderChatDigest(digest, { top: target.chat.top, sort: request.sort ?? 'listing' });
    const messageName = (key: string): string => `${target.name}#${key}`;
    return sendChatDigest(chat, target.chat, {
      client,
      now: deps.now,
      isMessageSent: (key) =>
        !request.resend &&
        deps.store.loadDelivery(digest.profile, digest.listingDate, messageName(key)) !== null,
      recordMessage: (key) =>
        deps.store.saveDelivery(digest.profile, digest.listingDate, messageName(key), deps.now()),
    });
  };
}

interface Mailer {
  buildMessageId: typeof buildMessageId;
  sendEmail: typeof sendEmail;
  renderEmail: typeof renderEmail;
}

/** nodemailer and the e-mail renderer, loaded only when a digest is e-mailed. */
async function loadMailer(): Promise<Mailer> {
  const [smtp, email] = await Promise.all([import('./deliver/smtp.js'), import('./render/html/email.js')]);
  return { buildMessageId: smtp.buildMessageId, sendEmail: smtp.sendEmail, renderEmail: email.renderEmail };
}
