// Adapts any Store to the translator's cache, so translations are remembered in the database between runs.

import type { Store } from '../store.js';

/**
 * The shape of `TranslationCache` in enrich/translator.ts, declared here so the store does not import from
 * enrich/; a `string` lang accepts every `Lang`, so this is assignable to `TranslationCache`.
 */
export interface StoreTranslationCache {
  get(sourceHash: string, lang: string, model: string): string | null;
  set(sourceHash: string, lang: string, model: string, text: string): void;
}

/** The translation cache that reads and writes `store`'s translations. Errors are the store's `StoreError`s. */
export function translationCacheOf(store: Store): StoreTranslationCache {
  return {
    get: (sourceHash, lang, model) => store.loadTranslation({ sourceHash, lang, model }),
    set: (sourceHash, lang, model, text) => store.saveTranslation({ sourceHash, lang, model }, text),
  };
}
