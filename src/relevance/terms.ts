// Relevance features, step one: a paper's title, abstract and authors as term counts (words, two-word phrases,
// authors). Pure; vector.ts weighs them, the store caches them per paper (docs/relevance.md).

import { createHash } from 'node:crypto';

/** Term → how often it occurs. Authors are terms too, prefixed with AUTHOR_PREFIX. */
export type TermCounts = Map<string, number>;

/** What features are read from: any paper, library entry or rated paper. */
export interface RelevanceText {
  title: string;
  abstract: string;
  authors: readonly string[];
}

/** Bumped whenever terms are extracted differently, so cached counts of an older extraction are recomputed. */
export const TERMS_VERSION = 1;

const AUTHOR_PREFIX = '@';

/** Title words count this many times: a title says what a paper is about more densely than its abstract. */
const TITLE_WEIGHT = 2;

// Function words and the phrases every abstract uses; they say nothing about a paper's topic.
const STOP_WORDS = new Set(
  (
    'a about above across after again against all almost also although always am among an and another any are ' +
    'around as at be because been before being below between both but by can cannot could did do does doing done ' +
    'down due during each either else enough especially even ever every few for from further furthermore given ' +
    'had has have having here hence how however i if in into is it its itself just least less let like made make ' +
    'makes many may me more moreover most much must my neither no nor not now of off often on once one only onto ' +
    'or other others otherwise our ours out over own per perhaps rather same several shall she should show shows ' +
    'shown since so some such than that the their them themselves then there thereby therefore these they this ' +
    'those though through thus to too toward towards under until up upon us use used uses using very via was we ' +
    'well were what whatever when where whereas whether which while who whom whose why will with within without ' +
    'would yet you your paper propose proposed proposes present presents introduce introduces novel new approach ' +
    'method methods result results work demonstrate demonstrates based existing recent recently first two three ' +
    'various different significantly significant achieve achieves achieving provide provides study studies ' +
    'consider considered obtain obtained find found able state-of-the-art et al'
  ).split(' '),
);

const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

/**
 * A word as a term: accents folded, lower case, plurals made singular (`policies` → `policy`, `models` → `model`);
 * null for a stop word, a lone letter or a number. Deliberately light: full stemmers fold `embedding` and `embed`
 * together but also `general` and `generation`, and their stems make poor reasons.
 */
export function foldWord(word: string): string | null {
  const folded = word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  if (folded.length < 2 || STOP_WORDS.has(folded) || /^[\d-]+$/.test(folded)) return null;
  return singularOf(folded);
}

function singularOf(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:sses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is|ics)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** An author's name as a term: `@` + folded family name + first initial (`@nadolsky p`). */
export function authorTermOf(name: string): string | null {
  const parts = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\\.|[{}"'`^~]/g, '')
    .toLowerCase()
    .split(/[\s.]+/)
    .filter((part) => part !== '');
  const family = parts.at(-1);
  if (family === undefined) return null;
  const initial = parts.length > 1 ? ` ${parts[0]?.[0] ?? ''}` : '';
  return `${AUTHOR_PREFIX}${family}${initial}`;
}

/**
 * The term counts of a text: each word (folded, see foldWord), each pair of neighbouring words that are not
 * stop words (`policy optimization`), title terms counted TITLE_WEIGHT times, and each author once.
 */
export function extractTerms(text: RelevanceText): TermCounts {
  const counts: TermCounts = new Map();
  addWords(counts, text.title, TITLE_WEIGHT);
  addWords(counts, text.abstract, 1);
  for (const author of text.authors) {
    const term = authorTermOf(author);
    if (term !== null) counts.set(term, 1);
  }
  return counts;
}

function addWords(counts: TermCounts, text: string, weight: number): void {
  // LaTeX commands and math say little about the topic and make odd reasons.
  const plain = text.replace(/\$[^$]*\$/g, ' ').replace(/\\[a-zA-Z]+/g, ' ');
  let previous: string | null = null;
  let previousEnd = -1;
  for (const match of plain.matchAll(WORD)) {
    const term = foldWord(match[0]);
    const start = match.index;
    if (term !== null) {
      counts.set(term, (counts.get(term) ?? 0) + weight);
      // A phrase only when nothing but spaces stands between its words (no comma, no stop word).
      if (previous !== null && /^\s+$/.test(plain.slice(previousEnd, start))) {
        const phrase = `${previous} ${term}`;
        counts.set(phrase, (counts.get(phrase) ?? 0) + weight);
      }
    }
    previous = term;
    previousEnd = start + match[0].length;
  }
}

/** True for an author term (AUTHOR_PREFIX). */
export function isAuthorTerm(term: string): boolean {
  return term.startsWith(AUTHOR_PREFIX);
}

/** What identifies the text terms were read from: sha256 hex of title, abstract and authors. */
export function hashRelevanceText(text: RelevanceText): string {
  return createHash('sha256')
    .update(`${text.title}\n${text.abstract}\n${text.authors.join('\n')}`)
    .digest('hex');
}
