// The classic text digest (`--style classic`), line for line as example 001: a header, one section
// per keyword, eleven lines per paper (one more for each of `- Hugging Face:` and `- Relevance:`), then notices
// and problems. Pure.
import type { Digest, DigestEntry, Lang, Problem } from '../../model.js';
import { absUrl, pdfUrl } from '../../model.js';
import { formatSubjects } from '../../taxonomy.js';
import {
  formatHfFacts,
  formatRelevance,
  oneLine,
  paperLine,
  renderTimes,
  shownTranslation,
} from '../common.js';
import type { Labels } from '../labels.js';
import { markedLine } from '../marks.js';
import { labelsFor } from '../labels.js';

export interface ClassicOptions {
  /** The language of the header and of the translated lines; `en` leaves the translated lines out. */
  lang: Lang;
}

/** The line that separates the sections from the trailing notices and problems. */
export const CLASSIC_TRAILER_SEPARATOR = '----';

/**
 * Renders a digest as classic text. Times: generation in UTC+8, the announcement in US Eastern (EST/EDT)
 * with UTC+8 in brackets. A translation that is null shows the English text. Ends with a newline.
 */
export function renderClassic(digest: Digest, options: ClassicOptions): string {
  const labels = labelsFor(options.lang);
  const times = renderTimes(digest, labels);
  const lines = [`${times.generated}; ${times.announced}`, labels.paperCount(digest.paperCount)];
  for (const section of digest.sections) {
    lines.push(`${labels.keyword}: ${oneLine(section.keyword)}`);
    if (section.entries.length === 0) lines.push(labels.noResult);
    for (const entry of section.entries) lines.push(...renderPaper(entry, labels, options.lang));
  }
  lines.push(...renderTrailer(digest.notices, digest.problems, labels));
  // The closing newline joined in, not appended: appending to a 2 MB text makes a second copy of it.
  lines.push('');
  return lines.join('\n');
}

function renderPaper(entry: DigestEntry, labels: Labels, lang: Lang): string[] {
  const { paper } = entry;
  const translation = shownTranslation(entry, lang);
  const lines = [paperLine(paper, 'title')];
  if (translation) lines.push(markedLine(oneLine(translation.title), entry, 'title'));
  const { tldr } = entry.translation;
  if (translation && typeof tldr === 'string') {
    lines.push(`- ${labels.tldr}: ${markedLine(oneLine(tldr), entry, 'tldr')}`);
  }
  lines.push(
    `- ${labels.authors}: ${paper.authors.map(oneLine).join(', ')}`,
    `- ${labels.subjects}: ${formatSubjects(paper.categories)}`,
    `- ${labels.absLink}: ${absUrl(paper.arxivId)}`,
    `- ${labels.pdfLink}: ${pdfUrl(paper.arxivId)}`,
  );
  if (entry.hf !== null) lines.push(`- Hugging Face: ${formatHfFacts(entry.hf)}`);
  if (entry.relevance !== undefined) lines.push(`- Relevance: ${formatRelevance(entry.relevance)}`);
  lines.push(`- ${labels.abstract}`, paperLine(paper, 'abstract'));
  if (translation && labels.translatedAbstract !== null) {
    lines.push(
      `- ${labels.translatedAbstract}`,
      markedLine(oneLine(translation.abstract), entry, 'abstract'),
    );
  }
  return lines;
}

/** A blank line and a separator, so a reader of sections stops before it, then one line per item. */
function renderTrailer(notices: readonly string[], problems: readonly Problem[], labels: Labels): string[] {
  if (notices.length === 0 && problems.length === 0) return [];
  const lines = ['', CLASSIC_TRAILER_SEPARATOR];
  if (notices.length > 0)
    lines.push(`${labels.notices}:`, ...notices.map((notice) => `- ${oneLine(notice)}`));
  if (problems.length > 0)
    lines.push(`${labels.problems}:`, ...problems.map((problem) => `- ${formatProblem(problem)}`));
  return lines;
}

/** `where: what (rule)` on one line. */
export function formatProblem(problem: Problem): string {
  return oneLine(`${problem.where}: ${problem.what} (${problem.rule})`);
}
