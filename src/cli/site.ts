// `paperwire site --out DIR [--url URL]`: the archive as a static site (server/site/), for GitHub Pages, any static
// host or file://, one summary line, and a warning per saved digest left out because it cannot be read.

import { resolve } from 'node:path';
import { baseUrlFault } from '../config.js';
import { UsageError } from '../errors.js';
import { buildSite } from '../server/site/index.js';
import { SITE_OPTIONS, parse } from './args.js';
import { fallbackTranslationOf } from './fallback-translation.js';
import type { CliIo, CommandContext } from './io.js';
import { openLocalRuntime } from './local-runtime.js';
import { quoteInput } from '../model.js';

export async function runSiteCommand(args: string[], io: CliIo, context: CommandContext): Promise<number> {
  const { values } = parse(args, SITE_OPTIONS);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const outDir = values.out;
  if (outDir === undefined || outDir.trim() === '') {
    throw new UsageError('site needs --out DIR, the folder to write the site to', {
      hint: 'e.g. paperwire site --out site',
    });
  }
  const siteUrl = values.url === undefined ? null : checkSiteUrl(values.url);
  const runtime = openLocalRuntime(values, io, 'read');
  try {
    const { counts, problems } = await buildSite({
      store: runtime.store,
      profiles: [...runtime.config.profiles.keys()],
      fallbackTranslation: fallbackTranslationOf(runtime.config),
      outDir: resolve(io.cwd, outDir),
      siteUrl,
    });
    runtime.progress.info(
      `wrote the site to ${outDir}: ${counts.page} pages, ${counts.feed} feeds, ${counts.data} data files`,
    );
    for (const problem of problems) {
      runtime.progress.warn(`left out ${problem.where}: ${problem.what}`);
    }
    return 0;
  } finally {
    runtime.progress.finish();
    runtime.store.close();
  }
}

/** `--url`: where the site will be served, an http(s) URL without user:password (feeds carry it to everyone). */
function checkSiteUrl(value: string): string {
  const url = /^https?:\/\/\S+$/.test(value) && URL.canParse(value) ? new URL(value) : null;
  if (url === null) {
    throw new UsageError(`--url ${quoteInput(value)} is not an http(s) URL`, {
      hint: 'give the address the site is served at, e.g. https://you.github.io/papers',
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw new UsageError('--url carries user:password, and the feeds would show it to every reader', {
      hint: 'give the public address of the site',
    });
  }
  const baseFault = baseUrlFault(value);
  if (baseFault !== null) {
    throw new UsageError(`--url ${quoteInput(value)} ${baseFault}`, {
      hint: 'give the address the site is served at alone, e.g. https://you.github.io/papers',
    });
  }
  return value.replace(/\/+$/, '');
}
