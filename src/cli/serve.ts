// `paperwire serve`: the web UI, JSON API and feeds (server/) on the store, until cli.ts reports SIGINT or SIGTERM.

import { availableParallelism } from 'node:os';
import { valueError } from '../config.js';
import { UsageError, registerSecret } from '../errors.js';
import { loadRatingKey } from '../rating-links.js';
import { DEFAULT_HOST, DEFAULT_PORT, MIN_TOKEN_LENGTH, startServer } from '../server/index.js';
import { SERVE_OPTIONS, parse } from './args.js';
import { fallbackTranslationOf } from './fallback-translation.js';
import type { CliIo, CommandContext } from './io.js';
import { openLocalRuntime } from './local-runtime.js';
import { parseCount, quoteInput } from '../model.js';

export async function runServeCommand(args: string[], io: CliIo, context: CommandContext): Promise<number> {
  const { values } = parse(args, SERVE_OPTIONS);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  // Digits only (parseCount): Number() reads "" (an unset `$PORT`) as 0, a random port, and "0x50" as 80.
  const port = values.port === undefined ? DEFAULT_PORT : parseCount(values.port);
  if (port === null || port > 65535) {
    throw new UsageError(`--port ${quoteInput(values.port ?? '')} must be a whole number from 0 to 65535`);
  }
  // A token on the command line is visible to other users in `ps`; the environment is preferred.
  const token = values.token || io.env['PAPERWIRE_SERVE_TOKEN'] || null;
  registerSecret(token);
  if (token !== null && token.length < MIN_TOKEN_LENGTH) {
    // Blamed where it came from: a short --token is a usage error, a short variable a config error.
    throw valueError(
      values.token ? '--token' : '$PAPERWIRE_SERVE_TOKEN',
      `the token must be at least ${MIN_TOKEN_LENGTH} characters`,
      { hint: 'e.g. `openssl rand -hex 16`' },
    );
  }
  const runtime = openLocalRuntime(values, io, 'search');
  try {
    const server = await startServer({
      store: runtime.store,
      profiles: [...runtime.config.profiles.keys()],
      fallbackTranslation: fallbackTranslationOf(runtime.config),
      fallbackTranslationIn: (lang) => fallbackTranslationOf(runtime.config, lang),
      host: values.host ?? DEFAULT_HOST,
      port,
      token,
      // A read-only store takes no rating; its home may hold no key, or one another user's process cannot read.
      ratingKey: runtime.isStoreReadOnly ? null : loadRatingKey(runtime.config.home),
      isStoreReadOnly: runtime.isStoreReadOnly,
      publicUrl: runtime.config.web.publicUrl,
      now: io.now,
      log: io.stderr,
      searchWorkers: { dbPath: runtime.config.dbPath, size: searchWorkerCount() },
    });
    io.stderr(`serving ${server.url} (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      context.onStop(resolve);
    });
    await server.close();
    io.stderr('server stopped');
    return 0;
  } finally {
    runtime.store.close();
  }
}

/** One search worker per core, at most 4 (docs/web.md, Search in workers). */
function searchWorkerCount(): number {
  return Math.min(4, Math.max(1, availableParallelism()));
}
