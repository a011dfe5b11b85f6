// Pure: a DeepL /v2/translate reply (parsed JSON) → the translation. Reply shape:
// { translations: [{ detected_source_language, text }] }. DeepL reports characters, not tokens: usage is null.

import { TranslateError } from '../../errors.js';
import type { TranslationResult } from '../translator.js';

/** Reads `translations[0].text` (trimmed). Throws `TranslateError` naming the field and `url` otherwise. */
export function parseDeeplReply(reply: unknown, { url }: { url: string }): TranslationResult {
  const from = `the reply from ${url}`;
  if (!isRecord(reply)) throw new TranslateError(`${from} is not a JSON object`);
  if (typeof reply['message'] === 'string' && reply['translations'] === undefined) {
    throw new TranslateError(`${from} is an error: ${reply['message'].replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  const translations = reply['translations'];
  if (!Array.isArray(translations)) throw new TranslateError(`${from} has no "translations" array`);
  const first: unknown = translations[0];
  if (!isRecord(first)) throw new TranslateError(`${from} has no translations[0]`);
  const text = first['text'];
  if (typeof text !== 'string') throw new TranslateError(`${from} has no translations[0].text`);
  if (text.trim() === '') throw new TranslateError(`${from} has an empty translations[0].text`);
  return { text: text.trim(), usage: null };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
