// What every command runs on: the config, the SQLite store, the HTTP client and the progress line. The
// sources and translators built on them are in pipeline-deps.ts, loaded only by the commands that fetch.

import { loadConfig, type Config } from '../config.js';
import { DEFAULT_POLICIES, HttpClient, MEGABYTE, type HttpPolicy, type PolicyName } from '../http.js';
import { lockHome, openSqliteStore, type HomeJob } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import type { CliIo } from './io.js';
import { ProgressReporter } from './progress.js';

export interface Runtime {
  config: Config;
  store: Store;
  /** The store was opened read-only (`access` not `write`, and the file may not be written here). */
  isStoreReadOnly: boolean;
  client: HttpClient;
  /** The command's stderr: informational lines, warnings, the progress line; finished by the command. */
  progress: ProgressReporter;
}

/**
 * What a command does with the store: `write` (the default), or only `read` it, or read and `search` it. A command
 * that only reads opens a store this process may not write read-only (docs/store.md, "A read-only store"); one that
 * searches is then warned of the papers its searches cannot find.
 */
export type StoreAccess = 'write' | 'read' | 'search';

/**
 * Loads the config (`--config`, `--home`), opens the store and builds the HTTP client, its retries and answers
 * reported to the progress line (`--quiet` drops it); the caller finishes the progress and closes the store.
 */
export function openRuntime(
  values: { config?: string | undefined; home?: string | undefined; quiet?: boolean | undefined },
  io: CliIo,
  access: StoreAccess = 'write',
): Runtime {
  const flags: { config?: string; home?: string } = {};
  if (values.config !== undefined) flags.config = values.config;
  if (values.home !== undefined) flags.home = values.home;
  const config = loadConfig({ cwd: io.cwd, env: io.env, flags });
  const isQuiet = values.quiet ?? false;
  const store = openSqliteStore(config.dbPath, {
    // A file made by an older paperwire is upgraded before the command: say so, as a migration may take minutes.
    onUpgrade: (migration) => {
      if (isQuiet) return;
      io.stderr(`upgrading ${config.dbPath} to schema ${migration.version} (a large store may take minutes)`);
    },
    readsOnly: access !== 'write',
  });
  const everyPolicy: Partial<HttpPolicy> = {};
  if (config.http.retries !== null) everyPolicy.retries = config.http.retries;
  if (config.http.backoffMs !== null) everyPolicy.backoffMs = config.http.backoffMs;
  if (config.http.maxResponseMb !== null) everyPolicy.maxResponseBytes = config.http.maxResponseMb * MEGABYTE;
  const policies = Object.fromEntries(
    (Object.keys(DEFAULT_POLICIES) as PolicyName[]).map((name) => [name, { ...everyPolicy }]),
  ) as Record<PolicyName, Partial<HttpPolicy>>;
  policies.llm = { ...policies.llm, timeoutMs: config.llm.timeoutMs };
  const progress = new ProgressReporter(io, { isQuiet });
  if (access === 'search' && store.isReadOnly) {
    const unindexed = store.countUnindexedPapers();
    if (unindexed > 0) {
      progress.warn(
        `notice: ${config.dbPath} is read-only here: ${unindexed} papers saved since the last search are not in ` +
          'its search index, so no search finds them until a paperwire that can write the store searches it',
      );
    }
  }
  const client = new HttpClient({
    policies,
    onRetry: (event) => progress.retried(event),
    onResponse: (event) => progress.fetched(event),
  });
  return { config, store, isStoreReadOnly: store.isReadOnly, client, progress };
}

/**
 * Runs `run` on a runtime while holding the home's lock for `job` (one import or harvest per home, never beside
 * `run`), then finishes the progress line, closes the store and releases the lock, whatever happened. A home that
 * is locked already is refused before anything is done.
 */
export async function withLockedRuntime<T>(
  values: Parameters<typeof openRuntime>[0],
  io: CliIo,
  job: HomeJob,
  run: (runtime: Runtime) => Promise<T>,
): Promise<T> {
  const runtime = openRuntime(values, io);
  let lock: ReturnType<typeof lockHome>;
  try {
    lock = lockHome(runtime.config.home, process.pid, job);
  } catch (error) {
    runtime.store.close();
    throw error;
  }
  try {
    return await run(runtime);
  } finally {
    runtime.progress.finish();
    runtime.store.close();
    lock.release();
  }
}
