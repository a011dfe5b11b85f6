// The Markdown digest (`--style markdown`): the classic digest's content as headings, links and lists,
// with feed text escaped where it would break the layout. Pure.
import type { Digest, DigestEntry, Lang } from '../../model.js';
import { absUrl, pdfUrl } from '../../model.js';
import { formatSubjects } from '../../taxonomy.js';
import { formatProblem } from './classic.js';
import { formatHfFacts, formatRelevance, oneLine, paperLine, renderTimes } from '../common.js';
import type { Labels } from '../labels.js';
import { FLAG_MARK, markedLine } from '../marks.js';
import { labelsFor } from '../labels.js';

export interface MarkdownOptions {
  /** The language of the headings and translated text; `en` leaves translations out. */
  lang: Lang;
}

/**
 * Renders a digest as CommonMark. Unlike the classic style, a translation that is null is left out
 * rather than repeating the English. Ends with a newline.
 */
export function renderMarkdown(digest: Digest, options: MarkdownOptions): string {
  const labels = labelsFor(options.lang);
  const times = renderTimes(digest, labels);
  const blocks: string[] = [
    `# ${escapeMarkdown(labels.digestTitle)} ${digest.listingDate}`,
    [times.generated, times.announced, labels.paperCount(digest.paperCount)]
      .map((fact) => `- ${escapeMarkdown(fact)}`)
      .join('\n'),
  ];
  for (const section of digest.sections) {
    blocks.push(`## ${labels.keyword}: ${escapeMarkdown(oneLine(section.keyword))}`);
    if (section.entries.length === 0) blocks.push(escapeMarkdown(labels.noResult));
    for (const entry of section.entries) blocks.push(...renderPaper(entry, labels, options.lang));
  }
  if (digest.notices.length > 0 || digest.problems.length > 0) blocks.push('---');
  if (digest.notices.length > 0) {
    blocks.push(
      `## ${labels.notices}`,
      digest.notices.map((n) => `- ${escapeMarkdown(oneLine(n))}`).join('\n'),
    );
  }
  if (digest.problems.length > 0) {
    blocks.push(
      `## ${labels.problems}`,
      digest.problems.map((p) => `- ${escapeMarkdown(formatProblem(p))}`).join('\n'),
    );
  }
  return `${blocks.join('\n\n')}\n`;
}

function renderPaper(entry: DigestEntry, labels: Labels, lang: Lang): string[] {
  const { paper, translation } = entry;
  const isTranslated = lang !== 'en';
  const blocks = [`### [${escapeMarkdown(paperLine(paper, 'title'))}](${absUrl(paper.arxivId)})`];
  if (isTranslated && translation.title !== null) {
    blocks.push(markedLine(escapeMarkdown(oneLine(translation.title)), entry, 'title'));
  }
  if (isTranslated && typeof translation.tldr === 'string') {
    blocks.push(
      `**${labels.tldr}:** ${markedLine(escapeMarkdown(oneLine(translation.tldr)), entry, 'tldr')}`,
    );
  }
  blocks.push(
    [
      `- **${labels.authors}:** ${escapeMarkdown(paper.authors.map(oneLine).join(', '))}`,
      `- **${labels.subjects}:** ${escapeMarkdown(formatSubjects(paper.categories))}`,
      `- **${labels.absLink}:** <${absUrl(paper.arxivId)}>`,
      `- **${labels.pdfLink}:** <${pdfUrl(paper.arxivId)}>`,
      ...(entry.hf === null ? [] : [`- **Hugging Face:** ${escapeMarkdown(formatHfFacts(entry.hf))}`]),
      ...(entry.relevance === undefined
        ? []
        : [`- **Relevance:** ${escapeMarkdown(formatRelevance(entry.relevance))}`]),
    ].join('\n'),
    `#### ${labels.abstract}`,
    escapeMarkdown(paperLine(paper, 'abstract')),
  );
  if (isTranslated && labels.translatedAbstract !== null && translation.abstract !== null) {
    blocks.push(
      `#### ${labels.translatedAbstract}`,
      markedLine(escapeMarkdown(oneLine(translation.abstract)), entry, 'abstract'),
    );
  }
  const flags = isTranslated ? (translation.flags ?? []) : [];
  if (flags.length > 0) {
    // The reasons, footnote-like: one small line per flag, hard breaks between them.
    blocks.push(
      flags
        .map(
          (flag) =>
            `<sub>${FLAG_MARK} ${flag.field}, ${flag.check}: ${escapeMarkdown(oneLine(flag.detail))}</sub>`,
        )
        .join('  \n'),
    );
  }
  return blocks;
}

/**
 * Backslash-escapes what Markdown would read as markup in feed text: emphasis, code, links, HTML,
 * and a `#`, `>`, list marker or table pipe that would change the block. Text stays readable as source.
 */
export function escapeMarkdown(text: string): string {
  const inline = text.replace(/[\\`*_[\]<>|~]/g, (char) => `\\${char}`).replace(/&(?=#?\w+;)/g, '\\&');
  // At the start of a block, `#`, `+`, `-`, `=` and `1.` / `1)` would make a heading, list or rule.
  return inline.replace(/^(\s*)([#+\-=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}
