// Config for profiles: the `[profiles.<name>]` tables → one Profile each, and `default_profile` → which one
// runs when none is named.

import { normalize } from 'node:path';
import { ConfigError } from '../errors.js';
import { LANGS, SORTS, STYLES, quoteInput, type Profile } from '../model.js';
import type { Locate } from './file.js';
import {
  bool,
  checkKeys,
  checkOutTemplate,
  isTableName,
  oneOf,
  optionalPositive,
  optionalString,
  parseMinScore,
  stringList,
  table,
  validateAddresses,
  validateCategories,
} from './values.js';

const PROFILE_KEYS = [
  'keywords',
  'categories',
  'lang',
  'style',
  'sort',
  'include_cross',
  'include_replaced',
  'out',
  'email',
  'tldr',
  'max_tokens',
  'max_papers',
  'min_score',
  'top',
  'unseen',
  'notify',
] as const;

/** Reads every `[profiles.<name>]` in file order; unset keywords, categories, lang, style and sort come from `defaults`. */
export function loadProfiles(
  value: unknown,
  at: Locate,
  defaults: Omit<Profile, 'name'>,
): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  const all = table(value, at, 'profiles');
  for (const [name, raw] of Object.entries(all)) {
    const key = `profiles.${name}`;
    if (!isTableName(name)) {
      throw new ConfigError(
        at(key),
        `profile name ${quoteInput(name)} may use only letters, digits, "-" and "_"`,
      );
    }
    const data = table(raw, at, key);
    checkKeys(data, PROFILE_KEYS, at, key);
    const notify = stringList(data['notify'], at, `${key}.notify`);
    profiles.set(name, {
      name,
      keywords: stringList(data['keywords'], at, `${key}.keywords`) ?? defaults.keywords,
      categories: validateCategories(
        stringList(data['categories'], at, `${key}.categories`) ?? defaults.categories,
        at(`${key}.categories`),
      ),
      lang: oneOf(data['lang'], LANGS, at, `${key}.lang`) ?? defaults.lang,
      style: oneOf(data['style'], STYLES, at, `${key}.style`) ?? defaults.style,
      sort: oneOf(data['sort'], SORTS, at, `${key}.sort`) ?? defaults.sort,
      includeCross: bool(data['include_cross'], at, `${key}.include_cross`) ?? false,
      includeReplaced: bool(data['include_replaced'], at, `${key}.include_replaced`) ?? false,
      out: checkOutTemplate(optionalString(data['out'], at, `${key}.out`), at(`${key}.out`)),
      email: validateAddresses(stringList(data['email'], at, `${key}.email`) ?? [], at(`${key}.email`)),
      tldr: bool(data['tldr'], at, `${key}.tldr`) ?? false,
      maxTokens: optionalPositive(data['max_tokens'], at, `${key}.max_tokens`),
      maxPapers: optionalPositive(data['max_papers'], at, `${key}.max_papers`),
      minScore: parseMinScore(data['min_score'], at(`${key}.min_score`)),
      top: optionalPositive(data['top'], at, `${key}.top`),
      unseen: bool(data['unseen'], at, `${key}.unseen`) ?? false,
      ...(notify === null ? {} : { notify }),
    });
  }
  refuseSharedOut(profiles, at);
  return profiles;
}

/**
 * Two profiles writing one `out` file (a profile copied and its `out` left as it was): `run` delivered both, and each
 * day one profile's digest replaced the other's without a word. Paths are compared as written, less `./` and doubled
 * slashes (both are resolved against the same folder).
 */
function refuseSharedOut(profiles: ReadonlyMap<string, Profile>, at: Locate): void {
  const byPath = new Map<string, string>();
  for (const profile of profiles.values()) {
    if (profile.out === null) continue;
    const path = normalize(profile.out);
    const other = byPath.get(path);
    if (other !== undefined) {
      throw new ConfigError(
        at(`profiles.${profile.name}.out`),
        `profiles ${other} and ${profile.name} write the same out file (${profile.out}), each replacing the other's digest`,
        { hint: `give [profiles.${profile.name}] its own out, e.g. digests/${profile.name}-{date}.md` },
      );
    }
    byPath.set(path, profile.name);
  }
}

/**
 * The default profile's name: `default_profile` when set (throws `ConfigError` if it names no profile), else the
 * first profile in the file, else a built-in one named "default", which is then added to `profiles`.
 */
export function loadDefaultProfile(
  value: unknown,
  profiles: Map<string, Profile>,
  at: Locate,
  builtIn: Omit<Profile, 'name'>,
): string {
  const defaultProfile =
    optionalString(value, at, 'default_profile') ?? profiles.keys().next().value ?? 'default';
  if (!profiles.has(defaultProfile)) {
    if (value !== undefined) {
      const names = [...profiles.keys()].join(', ') || '(none)';
      throw new ConfigError(
        at('default_profile'),
        `"default_profile" names ${quoteInput(defaultProfile)}, which is not a profile`,
        {
          // `define [profiles.../x]` was a header TOML cannot parse, and quoted it names a profile refused above.
          hint: isTableName(defaultProfile)
            ? `define [profiles.${defaultProfile}] or choose one of: ${names}`
            : `a profile name is letters, digits, "-" and "_" only; choose one of: ${names}`,
        },
      );
    }
    profiles.set(defaultProfile, { name: defaultProfile, ...builtIn });
  }
  return defaultProfile;
}
