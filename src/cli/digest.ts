// `paperwire digest`: one profile's digest for one listing date, rendered to stdout or --out, optionally
// emailed, with a summary of the run (translations, checks, problems) on stderr.

import { resolve } from 'node:path';
import { oneOf, parseBudget, validateAddresses, validateCategories, type Config } from '../config.js';
import { writeDigestFile } from '../deliver/file.js';
import { buildMessageId, sendEmail } from '../deliver/smtp.js';
import { formatReportChecks } from '../enrich/report.js';
import { ConfigError, UsageError } from '../errors.js';
import { LANGS, SORTS, STYLES, formatAudit, type Digest, type Profile } from '../model.js';
import { buildDigest, type DigestRun } from '../pipeline/digest.js';
import { renderEmail } from '../render/email.js';
import { renderDigest } from '../render/index.js';
import { renderJson } from '../render/json.js';
import { DIGEST_OPTIONS, parse, parseDate } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import { buildPipelineDeps, digestWebUrl, openRuntime, type Runtime } from './runtime.js';

type DigestValues = ReturnType<typeof parse<typeof DIGEST_OPTIONS>>['values'];

export async function runDigestCommand(args: string[], io: CliIo, context: CommandContext): Promise<number> {
  const { values } = parse(args, DIGEST_OPTIONS);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const listingDate = parseDate(values.date);
  const runtime = openRuntime(values, io);
  try {
    const profile = profileFor(runtime.config, values);
    const run = await buildDigest(
      { profile, listingDate, now: io.now(), refresh: values.refresh ?? false },
      buildPipelineDeps(runtime, io),
    );
    const { digest } = run;
    runtime.store.saveDigest({
      profile: digest.profile,
      listingDate: digest.listingDate,
      generatedAt: digest.generatedAt,
      json: renderJson(digest),
    });
    const text = renderDigest(digest, profile.style, { lang: profile.lang });
    if (profile.out) {
      const path = resolve(io.cwd, profile.out.replaceAll('{date}', digest.listingDate));
      await writeDigestFile(path, text);
      io.stderr(`wrote ${path}`);
    } else {
      io.stdout(text);
    }
    await emailDigest(digest, profile, validateAddresses(values.email ?? [], '--email'), runtime, io);
    reportRun(run, profile, io);
    return 0;
  } finally {
    runtime.store.close();
  }
}

/** The profile a digest runs with: the named (or default) profile, then flags on top. */
function profileFor(config: Config, values: DigestValues): Profile {
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
  return {
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
  };
}

/** `--email ADDRESS`...: one message per recipient through the configured SMTP server. */
async function emailDigest(
  digest: Digest,
  profile: Profile,
  recipients: string[],
  runtime: Runtime,
  io: CliIo,
): Promise<void> {
  if (recipients.length === 0) return;
  const smtp = runtime.config.smtp;
  if (smtp === null) {
    throw new ConfigError('--email', 'no SMTP server is configured', {
      hint: 'set [smtp] host and from in paperwire.toml, or PAPERWIRE_SMTP_HOST and PAPERWIRE_SMTP_FROM',
    });
  }
  const webUrl = digestWebUrl(runtime.config, digest.profile, digest.listingDate);
  const email = renderEmail(digest, { lang: profile.lang, webUrl });
  for (const address of recipients) {
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
    io.stderr(`sent to ${address} (${sent.messageId})`);
  }
}

/** The run's summary on stderr: counts, translation checks, notices, failed translations, other problems. */
function reportRun(run: DigestRun, profile: Profile, io: CliIo): void {
  const { digest } = run;
  io.stderr(
    `digest ${digest.listingDate} (${profile.name}): ${digest.paperCount} papers in ${digest.sections.length} sections; ` +
      `translations: ${run.translationRequests} requests, ${run.translationCacheHits} from cache` +
      (run.usage.promptTokens + run.usage.completionTokens > 0
        ? `, ${run.usage.promptTokens} + ${run.usage.completionTokens} tokens`
        : ''),
  );
  if (digest.audit) io.stderr(`listing from ${digest.audit.source}: ${formatAudit(digest.audit)}`);
  const report = digest.translationReport;
  if (report && report.checked + report.fromCache > 0) {
    io.stderr(
      `checks: ${report.checked} checked (${report.passed} passed, ${report.passedOnRetry} on retry, ` +
        `${report.marked} marked ⚠), ${report.fromCache} from cache (${report.cachedMarked} marked); ` +
        formatReportChecks(report),
    );
  }
  for (const notice of digest.notices) io.stderr(`notice: ${notice}`);
  const failed = digest.problems.filter((problem) => problem.rule === 'translation-failed');
  if (failed.length > 0) {
    io.stderr(`${failed.length} translations failed and show the English:`);
    for (const problem of failed) io.stderr(`  ${problem.where}: ${problem.what}`);
  }
  const other = digest.problems.filter((problem) => problem.rule !== 'translation-failed');
  for (const problem of other) io.stderr(`problem: ${problem.where}: ${problem.what}`);
}
