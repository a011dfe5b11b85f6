// `paperwire run`'s profile runner over a store that already holds the day's listing (nothing is fetched or
// translated), for the tests of what it delivers: src/schedule.test.ts (files, e-mail) and src/schedule-chat.test.ts.
import type { Translator } from '../../src/enrich/translator.js';
import type { Profile } from '../../src/model.js';
import type { PipelineDeps } from '../../src/pipeline/digest.js';
import { createProfileRunner, type ProfileRunnerDeps } from '../../src/schedule.js';
import type { Source } from '../../src/sources/source.js';
import { translationCacheOf } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/store.js';

/** A profile `rl` for reinforcement learning in cs.LG, in English, classic, delivered nowhere until `overrides` say. */
export function sampleProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    name: 'rl',
    keywords: ['reinforcement learning'],
    categories: ['cs.LG'],
    lang: 'en',
    style: 'classic',
    sort: 'listing',
    email: [],
    includeCross: true,
    includeReplaced: false,
    out: null,
    ...overrides,
  };
}

const offline: Source = {
  name: 'arxiv-api',
  fetchListing: () => Promise.reject(new Error('the listing is in the store; nothing is fetched')),
};

/**
 * publish.ts's `holdDeliveries` for a test whose process is the only one delivering from its store: nothing to wait
 * for (the real lock, the home's `deliver` lock, is tested in lock.test.ts and digest-guards.e2e).
 */
export const soleDeliverer = (): Promise<() => void> => Promise.resolve(() => undefined);

/**
 * The runner of `profile` over `store` (both sources offline, no translator, paths as given), with the rest of its
 * dependencies from `deps`.
 */
export function createOfflineProfileRunner(
  store: Store,
  profile: Profile,
  deps: Omit<ProfileRunnerDeps, 'pipeline' | 'profiles' | 'resolvePath' | 'holdDeliveries'>,
): ReturnType<typeof createProfileRunner> {
  return createProfileRunner({
    pipeline: offlinePipeline(store),
    profiles: new Map([[profile.name, profile]]),
    resolvePath: (path) => path,
    holdDeliveries: soleDeliverer,
    ...deps,
  });
}

/** The pipeline's dependencies over `store`: both sources offline, `translator` (none by default), one at a time. */
export function offlinePipeline(store: Store, translator: Translator | null = null): PipelineDeps {
  return {
    store,
    rss: { ...offline, name: 'arxiv-rss' },
    api: offline,
    translator,
    cache: translationCacheOf(store),
    concurrency: 1,
    log: () => undefined,
  };
}
