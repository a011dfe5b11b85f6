// The bm25 ranking of the English full-text index (search and "more like this"): paperwire_bm25(), from the native
// extension native/paperwire-fts5.c, which keeps each phrase's count of papers between queries, when it loads
// into the connection; else FTS5's built-in bm25(), which counts every phrase again for each query. Both give the
// same scores while the counts are exact (docs/store.md, "The ranking").

import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';

/** Run from the sources (tests, benches), the extension is the one `npm run build` made in dist/. */
const IS_SOURCE = import.meta.url.endsWith('.ts');

/**
 * The extension's path without its suffix (SQLite adds the platform's: `.so`, `.dylib`, `.dll`), beside the bundle
 * in dist/ (scripts/build.mjs builds it there).
 */
export const RANKING_EXTENSION_PATH = fileURLToPath(
  new URL(`${IS_SOURCE ? '../../../dist/' : './'}paperwire-fts5`, import.meta.url),
);

/** What separates the phrases' names in paperwire_bm25's second argument (native/paperwire-fts5.c). */
const KEY_SEPARATOR = '\x1f';

/** How the English index is ranked on one connection. */
export interface Ranking {
  /** True when paperwire_bm25() loaded: phrase counts are kept between queries. */
  readonly hasKeptCounts: boolean;
  /**
   * The SQL of a row's score over papers_fts with these column weights: `bm25(papers_fts, 5, 1)`, or
   * `paperwire_bm25(papers_fts, ?, 5, 1)`, whose parameter `paramsOf` gives.
   */
  scoreOf(weights: readonly number[]): string;
  /** The parameters of `scoreOf`'s SQL for the MATCH expression `match`, bound before the MATCH's own. */
  paramsOf(match: string): string[];
}

const builtIn: Ranking = {
  hasKeptCounts: false,
  scoreOf: (weights) => `bm25(papers_fts, ${weights.join(', ')})`,
  paramsOf: () => [],
};

const kept: Ranking = {
  hasKeptCounts: true,
  scoreOf: (weights) => `paperwire_bm25(papers_fts, ?, ${weights.join(', ')})`,
  paramsOf: (match) => [namePhrases(match)],
};

/** Whether the extension loaded into each connection, tried once: the search and "more like this" share it. */
const isLoaded = new WeakMap<Database, boolean>();

/**
 * The ranking of `db`'s English index: the extension at `extensionPath` loaded into the connection, else (no such
 * file: a build without a C compiler; or a failed load) the built-in bm25(), without a word, since only the cost
 * differs. `null` asks for the built-in bm25() (tests of its plans). The load is tried once per connection.
 */
export function rankingOf(db: Database, extensionPath: string | null = RANKING_EXTENSION_PATH): Ranking {
  if (extensionPath === null) return builtIn;
  let loaded = isLoaded.get(db);
  if (loaded === undefined) {
    loaded = tryLoad(db, extensionPath);
    isLoaded.set(db, loaded);
  }
  return loaded ? kept : builtIn;
}

function tryLoad(db: Database, extensionPath: string): boolean {
  try {
    // SQLite derives the entry point from the file name: sqlite3_paperwirefts_init.
    db.loadExtension(extensionPath);
    return true;
  } catch {
    return false;
  }
}

/** An FTS5 expression's pieces: a string, a column list, a bareword, or one character of syntax. */
const EXPRESSION_PIECE = /"(?:[^"]|"")*"|\{[^}]*\}|[\p{L}\p{N}_\u0080-\u{10ffff}]+|\S/gu;
/** FTS5's operators (upper case only: `and` is a word to find). */
const OPERATORS = new Set(['AND', 'OR', 'NOT', 'NEAR']);

/**
 * A name for each phrase of the FTS5 expression `match`, in the order FTS5 numbers them (the order they are
 * written), joined by KEY_SEPARATOR: the phrase as written, after the column filters over it and with its prefix
 * mark, so that two phrases share a name only when they find the same papers. paperwire_bm25 keeps each phrase's
 * count under its name (and its tokens); if the names are not as many as FTS5's phrases (a `+` joins two strings
 * into one phrase), it counts afresh.
 */
export function namePhrases(match: string): string {
  const pieces = match.match(EXPRESSION_PIECE) ?? [];
  const names: string[] = [];
  /** The column filters over each open group, the outermost first. */
  const scopes: string[] = [''];
  /** Column filters and marks (`-`, `^`) written before the next phrase or group. */
  let before = '';
  for (let at = 0; at < pieces.length; at += 1) {
    const piece = pieces[at] ?? '';
    const next = pieces[at + 1];
    const isWord = /^[\p{L}\p{N}_\u0080-\u{10ffff}]/u.test(piece);
    if (next === ':' && (piece.startsWith('{') || isWord)) {
      before += `${piece}:`;
      at += 1;
    } else if (piece === '(') {
      // Only the column filters: `("x")` is the phrase `"x"`, and NEAR(…) groups phrases that count alone.
      scopes.push(`${scopes.at(-1) ?? ''}${before}`);
      before = '';
    } else if (piece === ')') {
      if (scopes.length > 1) scopes.pop();
    } else if (piece.startsWith('"') || (isWord && !OPERATORS.has(piece))) {
      names.push(`${scopes.at(-1) ?? ''}${before}${piece}${next === '*' ? '*' : ''}`);
      before = '';
    } else if (piece === '-' || piece === '^') {
      before += piece;
    } else if (piece === ',') {
      // NEAR's distance (`NEAR("a" "b", 10)`) is a number, not a phrase.
      at += 1;
    }
  }
  return names.join(KEY_SEPARATOR);
}
