// The translation shown with a paper no saved digest translated, as `serve`, `site` and `feed` show it.
import type { Config } from '../config.js';
import type { Lang } from '../model.js';
import { GLOSSARY_FIELDS, loadGlossary } from '../enrich/glossary/glossary.js';
import type { FallbackTranslation } from '../server/index.js';

/**
 * Papers no digest translated are shown in `chosen` (`feed --lang`), else the default profile's language, checked
 * with that language's glossary.
 */
export function fallbackTranslationOf(config: Config, chosen?: Lang): FallbackTranslation {
  const lang = chosen ?? config.profiles.get(config.defaultProfile)?.lang ?? 'en';
  return { lang, glossary: loadGlossary(lang, GLOSSARY_FIELDS, config.glossary[lang] ?? []) };
}
