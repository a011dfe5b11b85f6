// Turns what a reader typed into safe FTS5 queries: every term is quoted, so FTS5 operators and stray quotes in
// user input are plain text, never syntax. Pure functions; search.ts runs what they build.

/** FTS5's trigram tokenizer indexes 3-character sequences; shorter terms cannot use the index. */
const TRIGRAM_LENGTH = 3;

/**
 * Splits a query into terms: `"quoted phrases"` stay whole, everything else splits on whitespace, stray
 * double quotes are dropped, and terms without a letter or digit (`-`, `*`, `(`) are ignored.
 */
export function parseSearchTerms(query: string): string[] {
  const terms: string[] = [];
  for (const match of query.matchAll(/"([^"]*)"|([^\s"]+)/g)) {
    const term = (match[1] ?? match[2] ?? '').replace(/\s+/g, ' ').trim();
    if (/[\p{L}\p{N}]/u.test(term)) terms.push(term);
  }
  return terms;
}

/** An FTS5 string literal: double quotes around, inner double quotes doubled (FTS5 query syntax, §3.1). */
export function quoteFtsString(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/** All terms must match (implicit AND); each is a quoted phrase, so `AND`, `NEAR(`, `title:` and `*` are text. */
export function buildMatchExpression(terms: readonly string[]): string {
  return terms.map(quoteFtsString).join(' ');
}

/** True when a term is too short for the trigram index (counted in characters, not UTF-16 units). */
export function isShortForTrigram(term: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- FTS5's trigram tokenizer counts code points too
  return [...term].length < TRIGRAM_LENGTH;
}

/** A LIKE pattern that finds `term` anywhere, with `%`, `_` and `\` escaped (use with `ESCAPE '\'`). */
export function buildLikePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Two LIKE patterns (use with `ESCAPE '\'`) that find `code` in a JSON array of categories such as
 * `["cs.LG","stat.ML"]`: the whole element (`"cs.LG"`), and an element in that archive (`"cs.` finds `cs.LG`).
 * The code is written as JSON writes it, so quotes in it cannot end an element early; LIKE ignores ASCII case.
 */
export function buildCategoryPatterns(code: string): [string, string] {
  const quoted = JSON.stringify(code).replace(/[\\%_]/g, (char) => `\\${char}`);
  return [`%${quoted}%`, `%${quoted.slice(0, -1)}.%`];
}
