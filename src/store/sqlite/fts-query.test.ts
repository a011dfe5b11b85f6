// Tests of the pure query builders: what a reader types becomes quoted FTS5 terms and escaped LIKE patterns.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildCategoryPatterns,
  buildLikePattern,
  buildMatchExpression,
  isShortForTrigram,
  parseSearchTerms,
} from './fts-query.js';

describe('parseSearchTerms', () => {
  const cases: [string, string[]][] = [
    ['reinforcement learning', ['reinforcement', 'learning']],
    ['  GRPO   "entropy ', ['GRPO', 'entropy']],
    ['"diffusion policy" robot', ['diffusion policy', 'robot']],
    ['"  spaced   phrase "', ['spaced phrase']],
    ['AND OR NOT', ['AND', 'OR', 'NOT']],
    ['title:graph NEAR(a b)', ['title:graph', 'NEAR(a', 'b)']],
    ['* - ( ) ^ ""', []],
    ['强化学习 策略', ['强化学习', '策略']],
    ['', []],
  ];
  for (const [query, terms] of cases) {
    it(`splits ${JSON.stringify(query)} into ${JSON.stringify(terms)}`, () => {
      assert.deepEqual(parseSearchTerms(query), terms);
    });
  }
});

describe('buildMatchExpression', () => {
  it('quotes every term so operators are text', () => {
    assert.equal(buildMatchExpression(['GRPO', 'NEAR(a', 'x"y']), '"GRPO" "NEAR(a" "x""y"');
  });
});

describe('isShortForTrigram', () => {
  it('counts characters, not UTF-16 units', () => {
    assert.equal(isShortForTrigram('RL'), true);
    assert.equal(isShortForTrigram('强化'), true);
    assert.equal(isShortForTrigram('强化学'), false);
    assert.equal(isShortForTrigram('🚀🚀'), true);
  });
});

describe('buildLikePattern', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    assert.equal(buildLikePattern('50%_a\\b'), '%50\\%\\_a\\\\b%');
  });
});

describe('buildCategoryPatterns', () => {
  it('finds a whole element of the JSON array, or an element in the archive', () => {
    assert.deepEqual(buildCategoryPatterns('cs.LG'), ['%"cs.LG"%', '%"cs.LG.%']);
    assert.deepEqual(buildCategoryPatterns('cs'), ['%"cs"%', '%"cs.%']);
  });

  it('writes quotes as JSON does and escapes LIKE wildcards', () => {
    // JSON writes a"b as "a\"b"; the backslash is then escaped for LIKE.
    assert.deepEqual(buildCategoryPatterns('a"b'), ['%"a\\\\"b"%', '%"a\\\\"b.%']);
    assert.deepEqual(buildCategoryPatterns('x%_'), ['%"x\\%\\_"%', '%"x\\%\\_.%']);
  });
});
