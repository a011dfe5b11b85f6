// Relevance features, step one: a paper's title, abstract and authors as term counts (words, two-word phrases,
// authors). Pure; vector.ts weighs them, the store caches them per paper (docs/relevance.md).

import { createHash, hash } from 'node:crypto';

/** Term → how often it occurs. Authors are terms too, prefixed with AUTHOR_PREFIX. */
export type TermCounts = Map<string, number>;

/** What features are read from: any paper, library entry or rated paper. */
export interface RelevanceText {
  title: string;
  abstract: string;
  authors: readonly string[];
}

/**
 * Bumped whenever terms are extracted or packed differently, so cached terms of an older one are read again.
 * 2: packed as term ids (termIdOf), with a cheaper text fingerprint (fingerprintText).
 */
export const TERMS_VERSION = 2;

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

/** A paper's term ids ascending, each once, with their counts: what scoring a paper reads. */
export interface PackedCounts {
  ids: Int32Array;
  counts: Float32Array;
}

/**
 * A paper's terms as the store caches them and the model reads them: its PackedCounts and the terms themselves (one
 * a line, in id order; read only where a reason needs a name: the liked papers').
 */
export interface PackedTerms extends PackedCounts {
  terms: string;
}

/**
 * Many papers' term ids and counts end to end, as a day is scored: run `r` is `ids` and `counts` from `starts[r]` to
 * `starts[r + 1]`. One pair of arrays for a day, not two per paper.
 */
export interface PackedRuns {
  ids: Int32Array;
  counts: Float32Array;
  /** One more than there are runs; starts[0] is 0. */
  starts: Int32Array;
}

/**
 * A term's id: FNV-1a over its UTF-16 code units, as a signed 32-bit integer. Feature hashing (Weinberger et al.,
 * 2009): no vocabulary to keep in step, at the price of rare collisions (about one pair per 10⁵ terms of 10⁶), whose
 * terms then share a weight and a frequency.
 */
function termIdOf(term: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < term.length; index += 1) {
    hash = Math.imul(hash ^ term.charCodeAt(index), 0x01000193);
  }
  return hash | 0;
}

/** Term counts packed (see PackedTerms); two terms of one paper with the same id add their counts. */
export function packTerms(counts: TermCounts): PackedTerms {
  const byId = new Map<number, { term: string; count: number }>();
  for (const [term, count] of counts) {
    const id = termIdOf(term);
    const known = byId.get(id);
    if (known === undefined) byId.set(id, { term, count });
    else known.count += count;
  }
  const ids = Int32Array.from(byId.keys()).sort();
  const packed = new Float32Array(ids.length);
  const terms: string[] = [];
  ids.forEach((id, at) => {
    const known = byId.get(id);
    packed[at] = known?.count ?? 0;
    terms.push(known?.term ?? '');
  });
  return { ids, counts: packed, terms: terms.join('\n') };
}

/** Term id → term, for the ids of `packed`; none when it carries no terms (PackedCounts read without them). */
export function namesOf(packed: { ids: Int32Array; terms?: string }): Map<number, string> {
  const names = new Map<number, string>();
  packed.terms?.split('\n').forEach((term, at) => {
    const id = packed.ids[at];
    if (id !== undefined) names.set(id, term);
  });
  return names;
}

/**
 * What identifies the text terms were read from, cheaply (the term cache checks every paper of a day): SHA-1 hex of
 * title, abstract and authors, by Node's one-shot `crypto.hash` (a third of sha256 through createHash, per paper).
 * It only tells a changed text from the one read before; nothing depends on it being hard to forge.
 */
export function fingerprintText(text: RelevanceText): string {
  return hash('sha1', `${text.title}\n${text.abstract}\n${text.authors.join('\n')}`, 'hex');
}

/** What identifies the text an embedding was made from: sha256 hex of title, abstract and authors. */
export function hashRelevanceText(text: RelevanceText): string {
  return createHash('sha256')
    .update(`${text.title}\n${text.abstract}\n${text.authors.join('\n')}`)
    .digest('hex');
}
