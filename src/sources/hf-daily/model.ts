// What Hugging Face knows about one paper (Daily Papers, paper search, paper pages), and how it becomes a
// paperwire Paper. Pure types and one pure mapping; parse.ts builds these, index.ts hands them out.

import { paperFromHuggingFace, type Paper } from '../../model.js';

/** The organisation a paper is listed under on Hugging Face (`organization` in the API). */
export interface HfOrganization {
  /** The Hub handle (`Qwen`, `ByteDance-Seed`). */
  name: string;
  /** The display name (`ByteDance Seed`), when the API gives one. */
  fullname: string | null;
}

/** One paper as Hugging Face describes it. Field meanings: docs/sources.md#hugging-face. */
export interface HfPaper {
  /** The arXiv id without version (`paper.id`). */
  arxivId: string;
  title: string;
  /** The arXiv abstract (`paper.summary`), whitespace collapsed; '' when the API gives none. */
  abstract: string;
  /** Author names in paper order; [] when the API lists none. */
  authors: string[];
  /** The arXiv publication time (`paper.publishedAt`). */
  publishedAt: Date | null;
  /** When the paper was put on a Daily Papers listing (`paper.submittedOnDailyAt`); null if never. */
  submittedOnDailyAt: Date | null;
  /** Community upvotes (`paper.upvotes`); 0 when absent. */
  upvotes: number;
  /** Discussion comments (`numComments`); only listings and search carry it, so null for a paper page. */
  comments: number | null;
  organization: HfOrganization | null;
  /** `paper.githubRepo`: a GitHub URL. */
  githubRepo: string | null;
  githubStars: number | null;
  /** Keywords Hugging Face extracted with a language model (`paper.ai_keywords`). */
  aiKeywords: string[];
  /** One-sentence summary Hugging Face generated (`paper.ai_summary`). */
  aiSummary: string | null;
}

/**
 * The paperwire Paper for what Hugging Face knows. Hugging Face has no categories, versions, comments,
 * journal references or DOIs: categories are [], primaryCategory is '', version is 1 and the rest null,
 * so a store merge must prefer arXiv's metadata for those fields.
 */
export function toPaper(hf: HfPaper): Paper {
  return paperFromHuggingFace(hf);
}
