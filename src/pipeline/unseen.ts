// Each paper once: the digest stage that hides what an earlier digest of the profile showed (`--unseen`, profile
// `unseen = true`), and what the publish step records of every digest so the next one can.

import type { Digest, IsoDate, Profile } from '../model.js';
import type { SelectedSection } from '../select/query.js';
import type { ShownPapers, Store } from '../store/store.js';

/** What the stage kept, and how many distinct papers it hid; `notice` says so in the digest (null: none hidden). */
export interface UnseenSections {
  sections: SelectedSection[];
  hiddenCount: number;
  notice: string | null;
}

/**
 * The profile a digest's papers count as shown to: an ad-hoc digest (`rl~1a2b3c4d`, cli/digest.ts) shows them to
 * its profile (`rl`), whose next digest then hides them too. Profile names never hold `~`.
 */
export function shownProfileOf(profileName: string): string {
  return profileName.split('~')[0] ?? profileName;
}

/**
 * With `profile.unseen`, drops from every section the papers a digest of the profile showed for an earlier
 * listing date. Papers are matched by versionless id, so a v2 replacement or a cross-list of a paper already
 * shown is hidden too; a digest made again for the same date hides nothing of its own. Without it, returns the
 * sections as they are.
 */
export function hideShownPapers(
  sections: SelectedSection[],
  profile: Profile,
  listingDate: IsoDate,
  store: Pick<Store, 'loadShown'>,
): UnseenSections {
  if (profile.unseen !== true) return { sections, hiddenCount: 0, notice: null };
  const name = shownProfileOf(profile.name);
  const shown = store.loadShown(name, listingDate);
  const hidden = new Set<string>();
  const kept = sections.map((section) => ({
    keyword: section.keyword,
    entries: section.entries.filter((listed) => {
      const isShown = shown.has(listed.paper.arxivId);
      if (isShown) hidden.add(listed.paper.arxivId);
      return !isShown;
    }),
  }));
  const count = hidden.size;
  const notice =
    count === 0
      ? null
      : `${count} ${count === 1 ? 'paper' : 'papers'} hidden: shown in an earlier digest of profile ${name} (unseen)`;
  return { sections: kept, hiddenCount: count, notice };
}

/** The papers `digest` shows, as shown to its profile; the publish step saves them with every digest. */
export function shownPapersOf(digest: Digest): ShownPapers {
  const ids = new Set<string>();
  for (const section of digest.sections) for (const entry of section.entries) ids.add(entry.paper.arxivId);
  return { profile: shownProfileOf(digest.profile), arxivIds: [...ids] };
}
