// The translator interface: one text in, its translation out. Providers live in folders beside this file
// (openai-compatible/) and pass the shared suite in contract.ts; translatePapers() in translate.ts drives them.

import type { Lang } from '../model.js';

/** What to write: a title's or an abstract's translation, or a one-line TL;DR of a paper (title and abstract). */
export type TextKind = 'title' | 'abstract' | 'tldr';

export interface TranslationRequest {
  /**
   * The source text exactly as it should be translated (already whitespace-normalised); providers send it alone,
   * as the last thing in the request (the chat user message, DeepL's `text`).
   */
  text: string;
  kind: TextKind;
  /** Target language; never `en`. */
  lang: Lang;
  /**
   * Per-text lines that follow the fixed instructions: the glossary entries the text contains and, on a retry,
   * what the previous answer got wrong. Chat providers append them to the system message after a blank line, so
   * the fixed instructions stay a byte-identical prefix across requests (prefix caching); providers without
   * instructions ignore them. Absent or empty: none.
   */
  notes?: readonly string[];
  /**
   * The most completion tokens the answer may use (under a token budget); chat providers send it as
   * `max_tokens`, so an answer cannot cost more than was reserved. Absent: no limit is sent.
   */
  maxOutputTokens?: number;
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
  /** The kinds this provider can write (DeepL translates but cannot summarise); absent: every kind. */
  readonly kinds?: readonly TextKind[];
  translate(request: TranslationRequest): Promise<TranslationResult>;
}

/** Where translations are remembered between runs (the store implements it). */
export interface TranslationCache {
  get(sourceHash: string, lang: Lang, model: string): string | null;
  set(sourceHash: string, lang: Lang, model: string, text: string): void;
}
