// Tests of the pure query builders: what a reader types becomes quoted FTS5 terms and escaped LIKE patterns.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildCategoryMatch,
  buildCategoryPatterns,
  buildLikePattern,
  buildMatchExpression,
  compileSearch,
  isShortForTrigram,
  parseSearchTerms,
} from './fts-query.js';
import { parseSearchQuery } from '../../select/query-parse.js';

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

describe('buildCategoryMatch', () => {
  it('writes a subject class as its token in category_tokens, or a class under it', () => {
    assert.equal(buildCategoryMatch('cs.LG'), 'category_tokens : ("csqqlg9" OR "csqqlgqq" *)');
    assert.equal(
      buildCategoryMatch('cond-mat.stat-mech'),
      'category_tokens : ("condzzmatqqstatzzmech9" OR "condzzmatqqstatzzmechqq" *)',
    );
  });

  it('leaves an archive, and a code with other characters, to paper_facets', () => {
    for (const code of ['cs', 'math-ph', 'cs.', 'cs.LG"', 'cs.L G', 'cs.4', 'cs..LG']) {
      assert.equal(buildCategoryMatch(code), null, code);
    }
  });
});

describe('compileSearch', () => {
  const compiled = (query: string) => {
    const tree = parseSearchQuery(query);
    assert.ok(tree !== null, query);
    return compileSearch(tree);
  };

  it('writes NOT as FTS5 binary NOT beside what the AND finds, fields and prefixes as column filters', () => {
    assert.equal(compiled('robot -survey').english, '(("robot") NOT ("survey"))');
    assert.equal(
      compiled('(robot OR grasp*) NOT ti:"a survey" au:levine').english,
      '((("robot" OR {title abstract authors} : "grasp" *) AND {authors} : "levine") NOT ({title} : "a survey"))',
    );
    assert.equal(compiled('abs:"NEAR(x)"').english, '({abstract} : "NEAR(x)")');
  });

  it('takes the top-level categories out as filters', () => {
    const search = compiled('robot cat:cs.RO -cat:cs.CV');
    assert.equal(search.english, '("robot")');
    assert.deepEqual(search.categories, [
      { code: 'cs.RO', isNegated: false },
      { code: 'cs.CV', isNegated: true },
    ]);
  });

  it('searches translations by LIKE, narrowed by the index on the long top-level words', () => {
    assert.deepEqual(compiled('强化学习 -综述 (机器人 OR RL)').translation, {
      match: '"强化学习"',
      condition:
        "(translations_fts.text LIKE ? ESCAPE '\\' AND NOT translations_fts.text LIKE ? ESCAPE '\\' AND " +
        "(translations_fts.text LIKE ? ESCAPE '\\' OR translations_fts.text LIKE ? ESCAPE '\\'))",
      params: ['%强化学习%', '%综述%', '%机器人%', '%RL%'],
    });
    assert.equal(compiled('强化学习 au:levine').translation, null, 'a translation has no authors');
  });
});
