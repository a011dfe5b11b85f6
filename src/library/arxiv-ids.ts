// Finds arXiv ids where readers and reference managers write them: bare or versioned ids, `arXiv:` prefixes, abs/pdf
// URLs, and arXiv's DOIs (10.48550/arXiv.*). Pure; every id comes back versionless, as the store keys papers.

import { isArxivId, splitVersionedId } from '../model.js';

/** A new-style (`2501.01234`) or old-style (`hep-th/9901001`, `math.AG/0101001`) id, optionally versioned. */
const ID = String.raw`(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?`;

/** Where an id is written, each with the id as group 1; tried on the whole text or inside free text. */
const FORMS = [
  // https://arxiv.org/abs/2501.01234v2, http://export.arxiv.org/pdf/hep-th/9901001.pdf, arxiv.org/html/...
  String.raw`(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html|format)\/(${ID})(?:\.pdf)?\/?`,
  // 10.48550/arXiv.2501.01234, https://doi.org/10.48550/ARXIV.2501.01234
  String.raw`(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)?10\.48550\/arxiv\.(${ID})`,
  // arXiv:2501.01234v1, arxiv: hep-th/9901001
  String.raw`arxiv:\s*(${ID})`,
];

const WHOLE = FORMS.map((form) => new RegExp(`^(?:${form})$`, 'i'));
const INSIDE = FORMS.map((form) => new RegExp(`(?:^|[^\\w/.])(?:${form})(?![\\w/])`, 'i'));
const BARE = new RegExp(`^${ID}$`);

/**
 * The versionless arXiv id a reference names as a whole (an id, `arXiv:` id, URL or DOI, versioned or not,
 * surrounding spaces allowed); null when it names none. Old-style archives are lower case (`hep-th`), as arXiv
 * writes them, so `HEP-TH/9901001` is not read as one.
 */
export function parseArxivReference(text: string): string | null {
  const trimmed = text.trim();
  if (BARE.test(trimmed)) return versionless(trimmed);
  for (const pattern of WHOLE) {
    const id = pattern.exec(trimmed)?.[1];
    if (id !== undefined) return versionless(id);
  }
  return null;
}

/**
 * The first arXiv id that free text names with a marker (`arXiv preprint arXiv:2402.12345`, a URL, a DOI); null
 * when none. A bare number is never taken from free text: `2402.12345` could be a page range.
 */
export function findArxivReference(text: string): string | null {
  for (const pattern of INSIDE) {
    const id = pattern.exec(text)?.[1];
    if (id !== undefined) return versionless(id);
  }
  return null;
}

/** `2501.01234v2` → `2501.01234`; null when what remains is not an arXiv id (a malformed old-style one). */
function versionless(id: string): string | null {
  const { arxivId } = splitVersionedId(id);
  return isArxivId(arxivId) ? arxivId : null;
}
