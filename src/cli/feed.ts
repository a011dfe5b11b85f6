// `paperwire feed QUERY [--out FILE] [--lang L] [--limit N]`: a feed of the store's newest papers matching a query
// (server/query-feed.ts), RSS or Atom by the file's extension, written atomically; RSS on stdout without --out.

import { resolve } from 'node:path';
import { checkPathText, oneOf, valueError } from '../config.js';
import { UsageError } from '../errors.js';
import { checkDigestPath, writeDigestFile } from '../deliver/file.js';
import { LANGS, countOf, quoteInput } from '../model.js';
import { findSearchFault } from '../select/query-parse.js';
import { renderQueryFeed, SEARCH_FEED_ITEMS } from '../server/query-feed.js';
import { FEED_OPTIONS, parse, parseLimit } from './args.js';
import { fallbackTranslationOf } from './fallback-translation.js';
import type { CliIo, CommandContext } from './io.js';
import { openLocalRuntime } from './local-runtime.js';

export async function runFeedCommand(args: string[], io: CliIo, context: CommandContext): Promise<number> {
  const { values, positionals } = parse(args, FEED_OPTIONS, true);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const query = positionals.join(' ').trim();
  if (query === '') {
    throw new UsageError('feed needs a QUERY', {
      hint: 'e.g. paperwire feed "diffusion policy" --out dp.xml',
    });
  }
  const fault = findSearchFault(query);
  if (fault !== null) throw new UsageError(fault.message, { hint: fault.hint });
  const format = values.out === undefined ? 'rss' : formatOf(values.out);
  const lang = oneOf(values.lang, LANGS, '--lang', 'lang');
  const limit = parseLimit(values.limit, SEARCH_FEED_ITEMS);
  const outPath = values.out === undefined ? null : await checkedFeedPath(values.out, io.cwd);
  const runtime = openLocalRuntime(values, io, 'search');
  try {
    const fallback = fallbackTranslationOf(runtime.config, lang ?? undefined);
    const { xml, itemCount } = renderQueryFeed({
      store: runtime.store,
      fallbackTranslation: fallback,
      isLangChosen: lang !== null,
      query,
      format,
      siteUrl: runtime.config.web.publicUrl,
      limit,
    });
    if (outPath === null) {
      io.stdout(xml);
    } else {
      await writeDigestFile(outPath, xml, { what: 'the feed', hint: 'check --out' });
      runtime.progress.info(
        `wrote ${countOf(itemCount, 'paper')} matching "${query}" to ${values.out ?? ''}`,
      );
    }
    return 0;
  } finally {
    runtime.progress.finish();
    runtime.store.close();
  }
}

/**
 * The absolute `--out` path, once checked as `digest --out` is (digest.ts `checkedOutPath`): no control character,
 * not a folder, not under /proc, a folder on the way that can be made and written. A UsageError before any work:
 * the feed was built first and the path refused after.
 */
async function checkedFeedPath(out: string, cwd: string): Promise<string> {
  checkPathText(out, '--out', 'feeds/diffusion.xml');
  const path = resolve(cwd, out);
  const fault = await checkDigestPath(path);
  if (fault === null) return path;
  throw valueError('--out', fault, {
    hint: 'choose a file in a writable folder on an ordinary disk, e.g. --out feeds/diffusion.xml',
  });
}

/** RSS for `.xml` and `.rss`, Atom for `.atom`; any other file name is a usage error. */
function formatOf(path: string): 'rss' | 'atom' {
  if (/\.(xml|rss)$/i.test(path)) return 'rss';
  if (/\.atom$/i.test(path)) return 'atom';
  throw new UsageError(`--out ${quoteInput(path)} must end in .xml or .rss (RSS 2.0) or .atom (Atom 1.0)`, {
    hint: 'e.g. --out diffusion.xml',
  });
}
