// What a command that never goes to the network runs on: the config, the SQLite store and the progress line.
// Apart from runtime.ts (which adds the HTTP client) so that `search` and the other local commands load no HTTP code.

import { loadConfig, type Config } from '../config.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import type { CliIo } from './io.js';
import { ProgressReporter } from './progress.js';

export interface LocalRuntime {
  config: Config;
  store: Store;
  /** The store was opened read-only (`access` not `write`, and the file may not be written here). */
  isStoreReadOnly: boolean;
  /** The command's stderr: informational lines, warnings, the progress line; finished by the command. */
  progress: ProgressReporter;
}

/**
 * What a command does with the store: `write` (the default), or only `read` it, or read and `search` it. A command
 * that only reads opens a store this process may not write read-only (docs/store.md, "A read-only store"); one that
 * searches is then warned of the papers its searches cannot find.
 */
export type StoreAccess = 'write' | 'read' | 'search';

/** The command-line flags every runtime reads. */
export interface RuntimeFlags {
  config?: string | undefined;
  home?: string | undefined;
  quiet?: boolean | undefined;
}

/**
 * Loads the config (`--config`, `--home`), opens the store and makes the progress line (`--quiet` drops it); the
 * caller finishes the progress and closes the store.
 */
export function openLocalRuntime(
  values: RuntimeFlags,
  io: CliIo,
  access: StoreAccess = 'write',
): LocalRuntime {
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
  return { config, store, isStoreReadOnly: store.isReadOnly, progress };
}
