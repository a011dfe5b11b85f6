// How what Hugging Face knows about one paper (HfPaper, in model.ts: the pipeline reads it too) becomes a
// paperwire Paper. One pure mapping; parse.ts builds HfPapers, index.ts hands them out.

import { paperFromHuggingFace, type HfPaper, type Paper } from '../../model.js';

/**
 * The paperwire Paper for what Hugging Face knows. Hugging Face has no categories, versions, comments,
 * journal references or DOIs: categories are [], primaryCategory is '', version is 1 and the rest null,
 * so a store merge must prefer arXiv's metadata for those fields.
 */
export function toPaper(hf: HfPaper): Paper {
  return paperFromHuggingFace(hf);
}
