// The translator interface: one text in, its translation out. Providers live in folders beside this file
// (openai-compatible/) and pass the shared suite in contract.ts; translatePapers() in translate.ts drives them.

import type { Lang } from '../model.js';

export type TextKind = 'title' | 'abstract';

export interface TranslationRequest {
  /** The source text exactly as it should be translated (already whitespace-normalised). */
  text: string;
  kind: TextKind;
  /** Target language; never `en`. */
  lang: Lang;
  signal?: AbortSignal;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface TranslationResult {
  text: string;
  /** As the provider reported it, when it did. */
  usage: TokenUsage | null;
}

/** Translates one text. Throws `TranslateError`, `HttpError` or `TimeoutError` once retries are spent. */
export interface Translator {
  /** Provider and model, e.g. `openai-compatible:gpt-4o-mini`; part of the translation cache key. */
  readonly model: string;
  translate(request: TranslationRequest): Promise<TranslationResult>;
}

/** Where translations are remembered between runs (the store implements it). */
export interface TranslationCache {
  get(sourceHash: string, lang: Lang, model: string): string | null;
  set(sourceHash: string, lang: Lang, model: string, text: string): void;
}
