// What a command that goes to the network runs on: a LocalRuntime (config, store, progress line, local-runtime.ts)
// and the HTTP client. The sources and translators built on them are in pipeline-deps.ts, loaded only by the
// commands that fetch.

import { DEFAULT_POLICIES, HttpClient, MEGABYTE, type HttpPolicy, type PolicyName } from '../http.js';
import { lockHome, type HomeJob } from '../store/sqlite/index.js';
import type { CliIo } from './io.js';
import { openLocalRuntime, type LocalRuntime, type RuntimeFlags, type StoreAccess } from './local-runtime.js';

export interface Runtime extends LocalRuntime {
  client: HttpClient;
}

/**
 * openLocalRuntime, and the HTTP client, its retries and answers reported to the progress line; the caller finishes
 * the progress and closes the store.
 */
export function openRuntime(values: RuntimeFlags, io: CliIo, access: StoreAccess = 'write'): Runtime {
  const local = openLocalRuntime(values, io, access);
  const { config, progress } = local;
  const everyPolicy: Partial<HttpPolicy> = {};
  if (config.http.retries !== null) everyPolicy.retries = config.http.retries;
  if (config.http.backoffMs !== null) everyPolicy.backoffMs = config.http.backoffMs;
  if (config.http.maxResponseMb !== null) everyPolicy.maxResponseBytes = config.http.maxResponseMb * MEGABYTE;
  const policies = Object.fromEntries(
    (Object.keys(DEFAULT_POLICIES) as PolicyName[]).map((name) => [name, { ...everyPolicy }]),
  ) as Record<PolicyName, Partial<HttpPolicy>>;
  policies.llm = { ...policies.llm, timeoutMs: config.llm.timeoutMs };
  const client = new HttpClient({
    policies,
    onRetry: (event) => progress.retried(event),
    onResponse: (event) => progress.fetched(event),
  });
  return { ...local, client };
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
