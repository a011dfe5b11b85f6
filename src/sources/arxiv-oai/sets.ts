// What `--set` means on arXiv's OAI-PMH: the archive or category a user types (`cs`, `cs.LG`, `hep-th`) as the new
// endpoint's set spec (`cs`, `cs:cs:LG`, `physics:hep-th`). Sets: arXiv/oaipmh create_set_list.py, arxiv-docs help/oa.

import { UsageError } from '../../errors.js';
import { archiveOf, isKnownArchive, isKnownCategory, suggestCategory } from '../../taxonomy.js';

/** arXiv's top-level groups, each a set; every archive outside them belongs to `physics`. */
const GROUPS = ['cs', 'econ', 'eess', 'math', 'physics', 'q-bio', 'q-fin', 'stat'];

const EXAMPLES = 'e.g. --set cs, --set cs.LG, --set hep-th, or a set spec such as cs:cs:LG';

/**
 * The set spec for what the user typed: a group (`cs`, `math`, `physics`) as itself; a physics archive (`hep-th`,
 * `astro-ph`) as `physics:hep-th`; a category (`cs.LG`, `astro-ph.HE`) as `cs:cs:LG`, `physics:astro-ph:HE`; a
 * spec with `:` as written, once its group is checked. Old set names (`cs`, `physics:hep-th`) are new ones too.
 * @throws UsageError naming the value and the fix for anything arXiv has no set for.
 */
export function parseSetName(typed: string): string {
  const name = typed.trim();
  if (name.includes(':')) {
    const group = name.split(':')[0] ?? '';
    if (GROUPS.includes(group) && /^[a-z-]+(?::[A-Za-z-]+){1,2}$/.test(name)) return name;
    throw unknownSet(typed);
  }
  if (GROUPS.includes(name)) return name;
  if (isKnownArchive(name)) return `physics:${name}`;
  const archive = archiveOf(name);
  if (name.includes('.') && archive !== null && isKnownCategory(name)) {
    const subject = name.slice(archive.length + 1);
    const group = GROUPS.includes(archive) ? archive : 'physics';
    return `${group}:${archive}:${subject}`;
  }
  throw unknownSet(typed);
}

function unknownSet(typed: string): UsageError {
  const close = suggestCategory(typed);
  const guess = close.length > 0 ? `; did you mean ${close.join(' or ')}?` : '';
  return new UsageError(`--set "${typed}" is not an arXiv archive, category or set${guess}`, {
    hint: EXAMPLES,
  });
}
