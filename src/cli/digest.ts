// `paperwire digest`: one profile's digest for one listing date, rendered to stdout or --out, optionally
// e-mailed (once per address and date), with a summary of the run (translations, checks, problems) on stderr.

import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import {
  oneOf,
  parseBudget,
  parseMinScore,
  validateAddresses,
  validateCategories,
  valueError,
  type Config,
  type SmtpConfig,
} from '../config.js';
import { checkDigestPath, writeDigestFile } from '../deliver/file.js';
import { formatReportChecks } from '../enrich/report.js';
import { ConfigError, UsageError } from '../errors.js';
import { LANGS, SORTS, STYLES, formatAudit, type Digest, type IsoDate, type Profile } from '../model.js';
import { buildDigest, type DigestRun } from '../pipeline/digest.js';
import { recordShownPapers } from '../pipeline/unseen.js';
import { renderDigest } from '../render/text/index.js';
import { renderJson } from '../render/text/json.js';
import { latestListingDate } from '../select/window.js';
import { DIGEST_OPTIONS, parse, parseDate } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import type { ProgressReporter } from './progress.js';
import { buildPipelineDeps, digestWebUrl } from './pipeline-deps.js';
import { openRuntime, type Runtime } from './runtime.js';

type DigestValues = ReturnType<typeof parse<typeof DIGEST_OPTIONS>>['values'];

/** Runs `paperwire digest ARGS`; every flag, `--out` and `--email` are checked before any request. */
export async function runDigestCommand(args: string[], io: CliIo, context: CommandContext): Promise<number> {
  const { values } = parse(args, DIGEST_OPTIONS);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const listingDate = parseDate(values.date);
  const recipients = validateAddresses(values.email ?? [], '--email');
  const runtime = openRuntime(values, io);
  const { progress } = runtime;
  try {
    const { profile, baseName, changedBy } = profileFor(runtime.config, values);
    const outPath = await checkedOutPath(
      profile.out,
      values.out === undefined ? `[profiles.${baseName}] out` : '--out',
      listingDate ?? latestListingDate(io.now()),
      io.cwd,
    );
    const smtp = recipients.length > 0 ? smtpOf(runtime) : null;
    const run = await buildDigest(
      { profile, listingDate, now: io.now(), refresh: values.refresh ?? false },
      buildPipelineDeps(runtime),
    );
    const { digest } = run;
    archiveDigest(digest, { baseName, changedBy }, runtime);
    const text = renderDigest(digest, profile.style, { lang: profile.lang });
    if (outPath !== null) {
      const path = outPath.replaceAll('{date}', digest.listingDate);
      await writeDigestFile(path, text);
      progress.info(`wrote ${path}`);
    } else {
      io.stdout(text);
    }
    if (smtp !== null) {
      await emailDigest(digest, profile, recipients, smtp, {
        runtime,
        resend: values.resend ?? false,
        now: io.now,
      });
    }
    reportRun(run, profile, progress);
    return 0;
  } finally {
    progress.finish();
    runtime.store.close();
  }
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

/**
 * The profile a digest runs with: the named (or default) profile, then flags on top. When the flags change what
 * the digest holds (CONTENT_FLAGS), it is ad-hoc: named `<profile>~<hash of those settings>`, so it is archived
 * beside the profile's own digests and never over them; `changedBy` lists the flags.
 */
function profileFor(
  config: Config,
  values: DigestValues,
): { profile: Profile; baseName: string; changedBy: string[] } {
  const name = values.profile ?? config.defaultProfile;
  const base = config.profiles.get(name);
  if (!base) {
    throw new UsageError(
      `--profile "${name}" is not in ${config.configPath ?? 'the config (no paperwire.toml found)'}`,
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
    unseen: values.unseen ?? base.unseen ?? false,
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
  if (changed.length === 0) return { profile, baseName: base.name, changedBy: [] };
  // Fields added later join the hash only when set (`unseen` while false, `minScore` and `top` while null), so
  // the names of earlier ad-hoc digests stay as they were.
  const hashed = content.filter(
    (value, index) =>
      !(fields[index] === 'unseen' && value === 'false') &&
      !(LATER_FIELDS.has(fields[index] ?? 'tldr') && value === 'null'),
  );
  const hash = createHash('sha256').update(hashed.join('\n')).digest('hex').slice(0, 8);
  return {
    profile: { ...profile, name: `${base.name}~${hash}` },
    baseName: base.name,
    changedBy: changed.map((field) => CONTENT_FLAGS[field]),
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

/**
 * Saves the digest to the archive under its profile's name, saying so when it is ad-hoc (its own name), and records
 * the papers it shows as shown to the profile (for --unseen).
 */
function archiveDigest(
  digest: Digest,
  adHoc: { baseName: string; changedBy: string[] },
  runtime: Runtime,
): void {
  runtime.store.saveDigest({
    profile: digest.profile,
    listingDate: digest.listingDate,
    generatedAt: digest.generatedAt,
    json: renderJson(digest),
  });
  recordShownPapers(digest, runtime.store);
  if (adHoc.changedBy.length === 0) return;
  runtime.progress.info(
    `ad-hoc digest (${adHoc.changedBy.join(', ')} differ from profile ${adHoc.baseName}): archived as ` +
      `${digest.profile}, not over ${adHoc.baseName}'s archive`,
  );
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
 * `--email ADDRESS`...: one message per recipient through the configured SMTP server, each recorded in the store
 * (target `email:ADDRESS`, as `run` records its own); an address that already got this profile's digest of this
 * date is skipped with one line, unless `--resend`.
 */
async function emailDigest(
  digest: Digest,
  profile: Profile,
  recipients: string[],
  smtp: SmtpConfig,
  options: { runtime: Runtime; resend: boolean; now: () => Date },
): Promise<void> {
  const { runtime } = options;
  const { store, progress } = runtime;
  // nodemailer and the e-mail renderer are loaded only when a digest is e-mailed.
  const [{ buildMessageId, sendEmail }, { renderEmail }] = await Promise.all([
    import('../deliver/smtp.js'),
    import('../render/html/email.js'),
  ]);
  const webUrl = digestWebUrl(runtime.config, digest.profile, digest.listingDate);
  const email = renderEmail(digest, { lang: profile.lang, webUrl });
  for (const address of new Set(recipients)) {
    const target = `email:${address}`;
    const sentAt = store.loadDelivery(digest.profile, digest.listingDate, target);
    if (sentAt !== null && !options.resend) {
      progress.info(
        `not sent to ${address}: it got ${digest.profile} ${digest.listingDate} at ${sentAt.toISOString()} ` +
          '(--resend sends it again)',
      );
      continue;
    }
    const key = {
      profile: digest.profile,
      listingDate: digest.listingDate,
      recipient: address,
      from: smtp.from,
    };
    const sent = await sendEmail(
      { from: smtp.from, to: [address], ...email, messageId: buildMessageId(key) },
      smtp,
    );
    store.saveDelivery(digest.profile, digest.listingDate, target, options.now());
    progress.info(`sent to ${address} (${sent.messageId})`);
  }
}

/**
 * The run's summary on stderr: counts and translation checks (informational), then notices, failed translations
 * and other problems (always shown).
 */
function reportRun(run: DigestRun, profile: Profile, progress: ProgressReporter): void {
  const { digest } = run;
  progress.info(
    `digest ${digest.listingDate} (${profile.name}): ${digest.paperCount} papers in ${digest.sections.length} sections; ` +
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
  const failed = digest.problems.filter((problem) => problem.rule === 'translation-failed');
  if (failed.length > 0) {
    progress.warn(`${failed.length} translations failed and show the English:`);
    for (const problem of failed) progress.warn(`  ${problem.where}: ${problem.what}`);
  }
  const other = digest.problems.filter((problem) => problem.rule !== 'translation-failed');
  for (const problem of other) progress.warn(`problem: ${problem.where}: ${problem.what}`);
}
