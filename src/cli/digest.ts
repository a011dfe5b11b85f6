// `paperwire digest`: one profile's digest for one listing date, rendered to stdout or --out, optionally
// e-mailed (once per address and date), with a summary of the run (translations, checks, problems) on stderr.

import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import {
  checkOutTemplate,
  oneOf,
  parseBudget,
  parseMinScore,
  validateAddresses,
  validateCategories,
  valueError,
  type Config,
  type SmtpConfig,
} from '../config.js';
import { checkDigestPath } from '../deliver/file.js';
import { formatReportChecks } from '../enrich/report.js';
import { ConfigError, UsageError } from '../errors.js';
import {
  LANGS,
  SORTS,
  STYLES,
  TRANSLATION_FAILED,
  countOf,
  formatAudit,
  quoteInput,
  type Digest,
  type IsoDate,
  type Profile,
} from '../model.js';
import { buildDigest, type DigestRun } from '../pipeline/digest.js';
import {
  chatTarget,
  emailTarget,
  publishDigest,
  renamedSkipLine,
  type DeliveryTarget,
  type PublishEvent,
} from '../publish.js';
import { latestListingDate } from '../select/window.js';
import { DIGEST_OPTIONS, parse, parseDate } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import type { ProgressReporter } from './progress.js';
import { buildPipelineDeps, deliveryHolder, digestWebUrl, ratingUrlOf } from './pipeline-deps.js';
import { openRuntime, type Runtime } from './runtime.js';

type DigestValues = ReturnType<typeof parse<typeof DIGEST_OPTIONS>>['values'];

/** Runs `paperwire digest ARGS`; every flag, `--out`, `--email` and `--notify` are checked before any request. */
export async function runDigestCommand(args: string[], io: CliIo, context: CommandContext): Promise<number> {
  const { values } = parse(args, DIGEST_OPTIONS);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const listingDate = parseDate(values.date);
  const recipients = validateAddresses(values.email ?? [], '--email');
  checkOutTemplate(values.out ?? null, '--out');
  const runtime = openRuntime(values, io);
  const { progress } = runtime;
  try {
    const { profile, baseName, changedBy, isOutSpared } = profileFor(runtime.config, values);
    const outPath = await checkedOutPath(
      profile.out,
      values.out === undefined ? `[profiles.${baseName}] out` : '--out',
      listingDate ?? latestListingDate(io.now()),
      io.cwd,
    );
    const smtp = recipients.length > 0 ? smtpOf(runtime) : null;
    const chats = chatTargetsOf(runtime.config, values.notify ?? []);
    const run = await buildDigest(
      { profile, listingDate, now: io.now(), refresh: values.refresh ?? false },
      buildPipelineDeps(runtime),
    );
    const { digest } = run;
    if (changedBy.length > 0) {
      progress.info(
        `ad-hoc digest (${changedBy.join(', ')} differ from profile ${baseName}): archived as ` +
          `${digest.profile}, not over ${baseName}'s archive` +
          (isOutSpared
            ? `; printed, not written over ${baseName}'s out file (--out FILE writes a file)`
            : ''),
      );
    }
    await publishByCommand(digest, profile, {
      outPath,
      recipients,
      chats,
      smtp,
      resend: values.resend ?? false,
      runtime,
      io,
    });
    reportRun(run, profile, progress);
    return 0;
  } finally {
    progress.finish();
    runtime.store.close();
  }
}

/**
 * The publish flow (publish.ts) as the command runs it: archived, printed or written to `outPath` (`{date}`
 * replaced), e-mailed to each address and sent to each chat target not yet sent this digest (all with `resend`),
 * stopping at the first failure.
 */
async function publishByCommand(
  digest: Digest,
  profile: Profile,
  options: {
    outPath: string | null;
    recipients: readonly string[];
    chats: readonly DeliveryTarget[];
    smtp: SmtpConfig | null;
    resend: boolean;
    runtime: Runtime;
    io: CliIo;
  },
): Promise<void> {
  const { outPath, smtp, runtime, io } = options;
  await publishDigest(
    {
      digest,
      style: profile.style,
      lang: profile.lang,
      sort: profile.sort,
      output:
        outPath === null
          ? { kind: 'stdout', write: io.stdout }
          : { kind: 'file', path: outPath.replaceAll('{date}', digest.listingDate) },
      deliveries: [...options.recipients.map((address) => emailTarget(address)), ...options.chats],
      resend: options.resend,
      configuredProfiles: [...runtime.config.profiles.keys()],
      onFailure: 'stop',
    },
    {
      store: runtime.store,
      mail: smtp === null ? null : { settings: smtp, from: smtp.from },
      webUrlOf: (name, date) => digestWebUrl(runtime.config, name, date),
      rateUrl: ratingUrlOf(runtime.config, io.now),
      chatClient: runtime.client,
      now: io.now,
      onEvent: (event) => reportPublished(event, digest, runtime.progress),
      holdDeliveries: deliveryHolder(runtime),
    },
  );
}

/** The flags that change what a digest holds (its document), by the Profile field each sets. */
const CONTENT_FLAGS = {
  keywords: '--keyword',
  categories: '--category',
  lang: '--lang',
  sort: '--sort',
  includeCross: '--include-cross',
  includeReplaced: '--include-replaced',
  tldr: '--tldr',
  maxTokens: '--max-tokens',
  maxPapers: '--max-papers',
  minScore: '--min-score',
  top: '--top',
  unseen: '--unseen',
} as const satisfies Partial<Record<keyof Profile, string>>;

/** CONTENT_FLAGS fields added after ad-hoc names were first given (issue 10). */
const LATER_FIELDS: ReadonlySet<keyof typeof CONTENT_FLAGS> = new Set(['minScore', 'top']);

/** `--unseen` switches the profile's `unseen` on for one run, `--no-unseen` off; both at once is a usage error. */
function unseenOf(values: DigestValues, base: Profile): boolean {
  if (values.unseen === true && values['no-unseen'] === true) {
    throw new UsageError('--unseen and --no-unseen contradict each other', { hint: 'give one of them' });
  }
  if (values['no-unseen'] === true) return false;
  return values.unseen ?? base.unseen ?? false;
}

/**
 * The profile a digest runs with: the named (or default) profile, then flags on top. When the flags change what
 * the digest holds (CONTENT_FLAGS), it is ad-hoc: named `<profile>~<hash of those settings>`, so it is archived
 * beside the profile's own digests and never over them; `changedBy` lists the flags. An ad-hoc digest never writes
 * the profile's `out` file either (the file is the profile's archive, what `run` delivers): it goes to --out or
 * stdout, and `isOutSpared` says the profile's file was left alone.
 */
function profileFor(
  config: Config,
  values: DigestValues,
): { profile: Profile; baseName: string; changedBy: string[]; isOutSpared: boolean } {
  const name = values.profile ?? config.defaultProfile;
  const base = config.profiles.get(name);
  if (!base) {
    throw new UsageError(
      `--profile ${quoteInput(name)} is not in ${config.configPath ?? 'the config (no paperwire.toml found)'}`,
      {
        hint: `profiles: ${[...config.profiles.keys()].join(', ')}`,
      },
    );
  }
  const profile: Profile = {
    ...base,
    keywords: values.keyword && values.keyword.length > 0 ? values.keyword : base.keywords,
    categories: values.category ? validateCategories(values.category, '--category') : base.categories,
    lang: oneOf(values.lang, LANGS, '--lang', 'lang') ?? base.lang,
    style: oneOf(values.style, STYLES, '--style', 'style') ?? base.style,
    sort: oneOf(values.sort, SORTS, '--sort', 'sort') ?? base.sort,
    includeCross: values['include-cross'] ?? base.includeCross,
    includeReplaced: values['include-replaced'] ?? base.includeReplaced,
    out: values.out ?? base.out,
    tldr: values.tldr ?? base.tldr ?? false,
    maxTokens: parseBudget(values['max-tokens'], '--max-tokens') ?? base.maxTokens ?? null,
    maxPapers: parseBudget(values['max-papers'], '--max-papers') ?? base.maxPapers ?? null,
    minScore: parseMinScore(values['min-score'], '--min-score') ?? base.minScore ?? null,
    top: parseBudget(values.top, '--top') ?? base.top ?? null,
    unseen: unseenOf(values, base),
  };
  const fields = Object.keys(CONTENT_FLAGS) as (keyof typeof CONTENT_FLAGS)[];
  // Unset optional fields read as the values a digest runs with (no TL;DR, no budget).
  const contentOf = (of: Profile) =>
    fields.map((field) =>
      JSON.stringify(of[field] ?? (field === 'tldr' || field === 'unseen' ? false : null)),
    );
  const baseContent = contentOf(base);
  const content = contentOf(profile);
  const changed = fields.filter((_, index) => content[index] !== baseContent[index]);
  if (changed.length === 0) return { profile, baseName: base.name, changedBy: [], isOutSpared: false };
  // Fields added later join the hash only when set (`unseen` while false, `minScore` and `top` while null), so
  // the names of earlier ad-hoc digests stay as they were.
  const hashed = content.filter(
    (value, index) =>
      !(fields[index] === 'unseen' && value === 'false') &&
      !(LATER_FIELDS.has(fields[index] ?? 'tldr') && value === 'null'),
  );
  const hash = createHash('sha256').update(hashed.join('\n')).digest('hex').slice(0, 8);
  return {
    profile: { ...profile, name: `${base.name}~${hash}`, out: values.out ?? null },
    baseName: base.name,
    changedBy: changed.map((field) => CONTENT_FLAGS[field]),
    isOutSpared: values.out === undefined && base.out !== null,
  };
}

/**
 * The absolute `--out` (or profile `out`) path, `{date}` kept, once checked that a digest of `likelyDate` can be
 * written there; null for stdout. Throws before any work, at `where`: a usage error for `--out`, a config error
 * for a profile's `out`.
 */
async function checkedOutPath(
  out: string | null,
  where: string,
  likelyDate: IsoDate,
  cwd: string,
): Promise<string | null> {
  if (out === null) return null;
  const path = resolve(cwd, out);
  const fault = await checkDigestPath(path.replaceAll('{date}', likelyDate));
  if (fault === null) return path;
  throw valueError(where, fault, {
    hint: 'choose a file in a writable folder on an ordinary disk, e.g. --out digests/{date}.md',
  });
}

/** The chat targets `--notify` names (repeated, or comma lists), checked before any work. */
function chatTargetsOf(config: Config, names: readonly string[]): DeliveryTarget[] {
  const wanted = names.flatMap((name) => name.split(',')).map((name) => name.trim());
  return [...new Set(wanted.filter((name) => name !== ''))].map((name) => {
    const target = config.notify.get(name);
    if (target !== undefined) return chatTarget(target);
    const known = [...config.notify.keys()];
    throw new UsageError(`--notify: ${quoteInput(name)} is not a chat target`, {
      hint:
        known.length > 0
          ? `targets: ${known.join(', ')}`
          : 'add a [notify.NAME] table (docs/chat.md), or set PAPERWIRE_NOTIFY_SLACK_URL and the like',
    });
  });
}

/** The configured SMTP server, checked before any work because `--email` was given. */
function smtpOf(runtime: Runtime): SmtpConfig {
  const { smtp } = runtime.config;
  if (smtp === null) {
    throw new ConfigError('--email', 'no SMTP server is configured', {
      hint: 'set [smtp] host and from in paperwire.toml, or PAPERWIRE_SMTP_HOST and PAPERWIRE_SMTP_FROM',
    });
  }
  return smtp;
}

/**
 * The lines of the publish flow: the file written, and for `--email ADDRESS`... each message sent, or the address
 * skipped because it already got this profile's digest of this date (deliveries recorded as `run` records its own).
 */
function reportPublished(event: PublishEvent, digest: Digest, progress: ProgressReporter): void {
  if (event.kind === 'written') {
    progress.info(`wrote ${event.path}`);
  } else if (event.kind === 'delivered' && event.target.kind === 'email') {
    progress.info(`sent to ${event.target.address} (${event.messageId ?? 'no Message-ID'})`);
  } else if (event.kind === 'skipped' && event.renamedFrom !== undefined) {
    progress.info(`${renamedSkipLine(event)} (--resend sends it again)`);
  } else if (event.kind === 'skipped' && event.target.kind === 'email') {
    progress.info(
      `not sent to ${event.target.address}: it got ${digest.profile} ${digest.listingDate} at ` +
        `${event.sentAt.toISOString()} (--resend sends it again)`,
    );
  } else if (event.kind === 'delivered' && event.target.kind === 'chat') {
    const sent = event.messages?.sent ?? 0;
    const skipped = event.messages?.skipped ?? 0;
    progress.info(
      `sent to ${event.target.name} (${countOf(sent, 'message')}` +
        `${skipped > 0 ? `; ${countOf(skipped, 'paper')} sent before, not again` : ''})`,
    );
  } else if (event.kind === 'skipped' && event.target.kind === 'chat') {
    progress.info(
      `${event.target.name}: already sent ${digest.profile} ${digest.listingDate} at ` +
        `${event.sentAt.toISOString()} (--resend sends it again)`,
    );
  }
}

/**
 * The run's summary on stderr: counts and translation checks (informational), then notices, failed translations
 * and other problems (always shown).
 */
function reportRun(run: DigestRun, profile: Profile, progress: ProgressReporter): void {
  const { digest } = run;
  progress.info(
    `digest ${digest.listingDate} (${profile.name}): ${countOf(digest.paperCount, 'paper')} in ` +
      `${countOf(digest.sections.length, 'section')}; ` +
      `translations: ${run.translationRequests} requests, ${run.translationCacheHits} from cache` +
      (run.usage.promptTokens + run.usage.completionTokens > 0
        ? `, ${run.usage.promptTokens} + ${run.usage.completionTokens} tokens`
        : ''),
  );
  if (digest.audit) progress.info(`listing from ${digest.audit.source}: ${formatAudit(digest.audit)}`);
  const report = digest.translationReport;
  if (report && report.checked + report.fromCache > 0) {
    progress.info(
      `checks: ${report.checked} checked (${report.passed} passed, ${report.passedOnRetry} on retry, ` +
        `${report.marked} marked ⚠), ${report.fromCache} from cache (${report.cachedMarked} marked); ` +
        formatReportChecks(report),
    );
  }
  for (const notice of digest.notices) progress.warn(`notice: ${notice}`);
  const failed = digest.problems.filter((problem) => problem.rule === TRANSLATION_FAILED);
  if (failed.length > 0) {
    progress.warn(`${failed.length} translations failed and show the English:`);
    for (const problem of failed) progress.warn(`  ${problem.where}: ${problem.what}`);
  }
  const other = digest.problems.filter((problem) => problem.rule !== TRANSLATION_FAILED);
  for (const problem of other) progress.warn(`problem: ${problem.where}: ${problem.what}`);
}
