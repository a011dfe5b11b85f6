// The keyword query language of the select stage: compiles a parsed keyword (query-parse.ts) into a matcher over
// papers prepared once and sorts a listing into one section per keyword. See docs/query-language.md.

import { hasCleanText, type ListedPaper, type Paper } from '../model.js';
import { foldCleanText, foldText } from './fold.js';
import { parseQuery, type Query } from './query-parse.js';

export { foldText } from './fold.js';
export { parseQuery } from './query-parse.js';

/**
 * A paper with its text folded once, so that many queries can run against it cheaply. Each field is folded when a
 * query first reads it: a listing's keywords rarely name authors or categories, and 2,000 papers have some 12,000
 * authors to fold.
 */
export interface PreparedPaper {
  readonly paper: Paper;
  readonly title: string;
  readonly abstract: string;
  /** Each author's name, folded. */
  readonly authors: readonly string[];
  /** Categories in lower case. */
  readonly categories: readonly string[];
}

/** True when a prepared paper matches a compiled query. */
export type PaperMatcher = (paper: PreparedPaper) => boolean;

/** One digest section before enrichment: the keyword as written and its matching papers in listing order. */
export interface SelectedSection {
  keyword: string;
  entries: ListedPaper[];
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Folds a paper's searchable text once, as matchers read it; pass the result to any number of matchers. */
export function preparePaper(paper: Paper): PreparedPaper {
  return new FoldedPaper(paper);
}

/** PreparedPaper with each field folded on its first read and kept. */
class FoldedPaper implements PreparedPaper {
  private foldedTitle: string | undefined;
  private foldedAbstract: string | undefined;
  private foldedAuthors: string[] | undefined;
  private lowerCategories: string[] | undefined;

  constructor(readonly paper: Paper) {}

  get title(): string {
    return (this.foldedTitle ??= this.fold('title'));
  }

  get abstract(): string {
    return (this.foldedAbstract ??= this.fold('abstract'));
  }

  get authors(): readonly string[] {
    return (this.foldedAuthors ??= this.paper.authors.map(foldText));
  }

  get categories(): readonly string[] {
    return (this.lowerCategories ??= this.paper.categories.map((category) => category.toLowerCase()));
  }

  private fold(field: 'title' | 'abstract'): string {
    const text = this.paper[field];
    return hasCleanText(this.paper, field) ? foldCleanText(text) : foldText(text);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

function isWordChar(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  if (code < 0x80) {
    return (
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x30 && code <= 0x39) ||
      code === 0x5f ||
      (code >= 0x41 && code <= 0x5a)
    );
  }
  return WORD_CHAR.test(char);
}

/** Finds `needle` in `haystack` with word boundaries where the needle starts/ends with a word character. */
function makeFinder(needle: string, isPrefix: boolean): (haystack: string) => boolean {
  const needsStart = isWordChar(needle[0]);
  const needsEnd = !isPrefix && isWordChar(needle[needle.length - 1]);
  return (haystack) => {
    let from = haystack.indexOf(needle);
    while (from >= 0) {
      const isStartOk = !needsStart || !isWordChar(haystack[from - 1]);
      const isEndOk = !needsEnd || !isWordChar(haystack[from + needle.length]);
      if (isStartOk && isEndOk) return true;
      from = haystack.indexOf(needle, from + 1);
    }
    return false;
  };
}

function compileCategory(text: string, isPrefix: boolean): PaperMatcher {
  // `cat:cs` and `cat:cs.*` mean the archive: cs itself or any cs.XX; `cat:cs.lg` means the one category.
  const base = text.replace(/\.$/, '');
  const isArchive = isPrefix || !base.includes('.');
  return (paper) =>
    paper.categories.some((category) => category === base || (isArchive && category.startsWith(`${base}.`)));
}

function compileNode(node: Query): PaperMatcher {
  switch (node.kind) {
    case 'and': {
      const operands = node.operands.map(compileNode);
      return (paper) => operands.every((operand) => operand(paper));
    }
    case 'or': {
      const operands = node.operands.map(compileNode);
      return (paper) => operands.some((operand) => operand(paper));
    }
    case 'not': {
      const operand = compileNode(node.operand);
      return (paper) => !operand(paper);
    }
    case 'term': {
      if (node.field === 'cat') return compileCategory(node.text, node.isPrefix);
      const find = makeFinder(node.text, node.isPrefix);
      switch (node.field) {
        case 'ti':
          return (paper) => find(paper.title);
        case 'abs':
          return (paper) => find(paper.abstract);
        case 'au':
          return (paper) => paper.authors.some(find);
        default:
          // Title, then abstract: folded text holds no line break, so no phrase spans the two, and each edge reads
          // as a word boundary on its own as it did between them.
          return (paper) => find(paper.title) || find(paper.abstract);
      }
    }
  }
}

/** Parses and compiles a keyword or query; throws `UsageError` as `parseQuery` does. */
export function compileQuery(text: string): PaperMatcher {
  return compileNode(parseQuery(text));
}

/**
 * Sorts a listing into one section per keyword, in keyword order, each keeping listing order. A paper matching
 * several keywords appears in each of their sections (the digest counts it once). Every keyword is compiled
 * before any paper is matched, so a bad keyword throws `UsageError` at once.
 */
export function selectSections(
  papers: readonly ListedPaper[],
  keywords: readonly string[],
): SelectedSection[] {
  const matchers = keywords.map((keyword) => ({ keyword, matches: compileQuery(keyword) }));
  const prepared = papers.map((listed) => ({ listed, prepared: preparePaper(listed.paper) }));
  return matchers.map(({ keyword, matches }) => ({
    keyword,
    entries: prepared.filter((item) => matches(item.prepared)).map((item) => item.listed),
  }));
}
