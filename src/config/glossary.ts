// Config for the user glossary: the `[glossary.<lang>]` tables → entries per target language, which replace the
// shipped entries of the same term.

import { ConfigError } from '../errors.js';
import { LANGS, type Lang, type UserGlossaryEntry } from '../model.js';
import type { Locate, TomlTable } from './file.js';
import { checkKeys, table } from './values.js';

/**
 * `[glossary.<lang>]` tables: `"term" = "rendering"`, `"term" = ["preferred", "also accepted"]` (an empty list
 * keeps the term as is), or `"term" = { translations = [...], forbidden = [...] }`.
 */
export function loadGlossaryEntries(value: unknown, at: Locate): Partial<Record<Lang, UserGlossaryEntry[]>> {
  const glossary: Partial<Record<Lang, UserGlossaryEntry[]>> = {};
  const targets = LANGS.filter((lang) => lang !== 'en');
  for (const [lang, raw] of Object.entries(table(value, at, 'glossary'))) {
    const key = `glossary.${lang}`;
    if (!(targets as readonly string[]).includes(lang)) {
      throw new ConfigError(at(key), `unknown glossary language "${lang}"`, {
        hint: `allowed: ${targets.join(', ')}`,
      });
    }
    const entries: UserGlossaryEntry[] = [];
    for (const [term, rendering] of Object.entries(table(raw, at, key))) {
      entries.push(glossaryEntry(term, rendering, at, key));
    }
    glossary[lang as Lang] = entries;
  }
  return glossary;
}

function glossaryEntry(term: string, value: unknown, at: Locate, key: string): UserGlossaryEntry {
  const isStrings = (list: unknown): list is string[] =>
    Array.isArray(list) && list.every((item) => typeof item === 'string' && item.trim() !== '');
  if (typeof value === 'string' && value.trim() !== '') return { term, translations: [value] };
  if (isStrings(value)) return { term, translations: [...value] };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const data = value as TomlTable;
    checkKeys(data, ['translations', 'forbidden'], at, key);
    const translations = data['translations'] ?? [];
    const forbidden = data['forbidden'] ?? [];
    if (isStrings(translations) && isStrings(forbidden)) {
      return forbidden.length > 0 ? { term, translations, forbidden } : { term, translations };
    }
  }
  throw new ConfigError(
    at(key),
    `glossary entry "${term}" must be a rendering, a list of renderings, or a table`,
    {
      hint: `e.g. "${term}" = "策略梯度", ["策略梯度"], or { translations = ["策略梯度"], forbidden = ["政策梯度"] }`,
    },
  );
}
