// `paperwire run`: the long-running scheduler (schedule.ts) that builds and delivers every profile after each
// arXiv announcement, until cli.ts reports SIGTERM or SIGINT. One run per home: it holds the home's run lock.

import { resolve } from 'node:path';
import type { Config } from '../config.js';
import { missingSmtpError } from '../publish.js';
import { createProfileRunner, createScheduler, createTranslationMender, sleepFor } from '../schedule.js';
import { lockHome, type HomeLock } from '../store/sqlite/index.js';
import { RUN_OPTIONS, parse } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import { buildPipelineDeps, deliveryHolder, digestWebUrl, ratingUrlOf } from './pipeline-deps.js';
import { openRuntime } from './runtime.js';

export async function runScheduleCommand(
  args: string[],
  io: CliIo,
  context: CommandContext,
): Promise<number> {
  const { values } = parse(args, RUN_OPTIONS);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const runtime = openRuntime(values, io);
  const { config, store, progress } = runtime;
  let lock: HomeLock;
  try {
    checkMailSettings(config);
    lock = lockHome(config.home);
  } catch (error) {
    store.close();
    throw error;
  }
  // The scheduler's own lines (delivered, failed, next) always show; --quiet drops the pipeline's.
  const say = (line: string): void => progress.warn(line);
  const controller = new AbortController();
  const stopListening = context.onStop(() => {
    io.stderr('stopping: finishing the current profile, then exiting');
    controller.abort();
  });
  try {
    const pipeline = buildPipelineDeps(runtime);
    const runProfile = createProfileRunner({
      pipeline,
      profiles: config.profiles,
      recipientsOf: (profile) => profile.email,
      chatTargetsOf: (profile) =>
        (profile.notify ?? []).flatMap((name) => {
          const target = config.notify.get(name);
          return target === undefined ? [] : [target];
        }),
      chatClient: runtime.client,
      mail: config.smtp ? { settings: config.smtp, from: config.smtp.from } : null,
      webUrlOf: (profile, listingDate) => digestWebUrl(config, profile, listingDate),
      rateUrl: ratingUrlOf(config, io.now),
      resolvePath: (path) => resolve(io.cwd, path),
      now: io.now,
      log: say,
      holdDeliveries: deliveryHolder(runtime),
    });
    const profiles = [...config.profiles.keys()];
    io.stderr(`run: ${profiles.length} profiles (${profiles.join(', ')}); stop with Ctrl-C or SIGTERM`);
    await createScheduler({
      now: io.now,
      sleep: sleepFor,
      runProfile,
      mendProfile: createTranslationMender({ pipeline, profiles: config.profiles, now: io.now }),
      store,
      profiles,
      delayMs: config.schedule.delayMinutes * 60_000,
      catchUpDays: config.schedule.catchUpDays,
      log: say,
    }).run(controller.signal);
    return 0;
  } finally {
    stopListening();
    progress.finish();
    store.close();
    lock.release();
  }
}

/**
 * Refuses, before anything runs, a profile with e-mail recipients and no SMTP server: the scheduler would fail that
 * profile every hour, delivering none of its targets (its file and chats neither), with one log line each time.
 */
function checkMailSettings(config: Config): void {
  if (config.smtp !== null) return;
  const mailed = [...config.profiles.values()].find((profile) => profile.email.length > 0);
  if (mailed !== undefined) throw missingSmtpError(mailed.name);
}
