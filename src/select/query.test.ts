// Tests for the keyword query language: parsing, matching tables, error messages and section selection.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { UsageError } from '../errors.js';
import type { ListedPaper, Paper } from '../model.js';
import { TWENTY_KEYWORDS, UNDATED, listed, samplePaper } from '../../test/helpers/samples.js';
import { compileQuery, foldText, parseQuery, preparePaper, selectSections } from './query.js';
import { findSearchFault, foundTermsOf, parseSearchQuery } from './query-parse.js';

function makePaper(overrides: Partial<Paper> = {}): Paper {
  return samplePaper('2601.00001', {
    ...UNDATED,
    title: 'A paper',
    abstract: 'Nothing here.',
    authors: ['Ada Lovelace'],
    categories: ['cs.LG'],
    ...overrides,
  });
}

// Modelled on the papers of examples/001 (arXiv listing 2026-01-30).
const e2hil = makePaper({
  arxivId: '2601.19969',
  title:
    'E2HiL: Entropy-Guided Sample Selection for Efficient Real-World Human-in-the-Loop Reinforcement Learning',
  abstract:
    'Human-in-the-loop guidance has emerged as an effective approach for enabling faster convergence in online ' +
    'reinforcement\n learning (RL) of complex real-world manipulation tasks. Stable reduction of policy entropy ' +
    'improves the trade-off between exploration and exploitation. Our method is SE(3)-equivariant.',
  authors: ['Haoyuan Deng', 'Yuanjiang Xue', 'Ziwei Wang'],
  categories: ['cs.RO', 'cs.LG'],
  primaryCategory: 'cs.RO',
});
const sobolev = makePaper({
  arxivId: '2601.20071',
  title: 'Distributional value gradients for stochastic environments',
  abstract:
    'Our method utilizes a one-step world model of reward and transition distributions implemented via a ' +
    'conditional Variational Autoencoder (cVAE). We benchmark on several MuJoCo environments. Diffusion policies ' +
    'are not used; we compare against C++ baselines.',
  authors: ['Baptiste Debes', 'Tinne Tuytelaars', 'Zoë Müller'],
  categories: ['cs.LG'],
  primaryCategory: 'cs.LG',
});
const reactor = makePaper({
  arxivId: '2601.20079',
  title: 'Techno-economic optimization of a heat-pipe microreactor, part II',
  abstract:
    'We use the Pareto Envelope Augmented with Reinforcement Learning (PEARL) algorithm; ﬁne-grained costs.',
  authors: ['Paul Seurin', 'Dean Price'],
  categories: ['cs.LG', 'physics.comp-ph'],
  primaryCategory: 'cs.LG',
});
const hepth = makePaper({
  arxivId: 'hep-th/9901001',
  title: 'Strings on a diffusion policy manifold',
  abstract: 'A world of Schrödinger operators.',
  authors: ['Li Wei', 'Oliver Lin'],
  categories: ['hep-th', 'math-ph', 'math.MP'],
  primaryCategory: 'hep-th',
});

const papers = { e2hil, sobolev, reactor, hepth };
type Name = keyof typeof papers;

describe('compileQuery', () => {
  // query → the papers it matches, out of e2hil, sobolev, reactor, hepth
  const rows: [string, Name[]][] = [
    // plain keywords: one phrase, title or abstract, case- and whitespace-insensitive, on word boundaries
    ['reinforcement learning', ['e2hil', 'reactor']],
    ['Reinforcement   Learning', ['e2hil', 'reactor']],
    ['reinforcement\nlearning', ['e2hil', 'reactor']],
    ['RL', ['e2hil']],
    ['world', ['e2hil', 'sobolev', 'hepth']],
    ['world model', ['sobolev']],
    ['diffusion policy', ['hepth']],
    ['diffusion polic', []],
    ['diffusion polic*', ['sobolev', 'hepth']],
    ['polic*', ['e2hil', 'sobolev', 'hepth']],
    ['policies', ['sobolev']],
    ['human-in-the-loop', ['e2hil']],
    ['human in the loop', []],
    ['SE(3)-equivariant', ['e2hil']],
    ['SE(3)', ['e2hil']],
    ['(cVAE)', ['sobolev']],
    ['C++', ['sobolev']],
    ['schrodinger', ['hepth']],
    ['SCHRÖDINGER', ['hepth']],
    ['fine-grained', ['reactor']],
    ['mujoco', ['sobolev']],
    ['Note: stochastic', []],
    ['stochastic environments', ['sobolev']],
    ['  stochastic environments  ', ['sobolev']],
    ['rock and roll', []],
    // quotes, AND, OR, NOT, implicit AND, precedence NOT > AND > OR
    ['"reinforcement learning"', ['e2hil', 'reactor']],
    ['"diffusion polic"', []],
    ['reinforcement AND world', ['e2hil']],
    ['RL AND entropy', ['e2hil']],
    ['reinforcement learning AND world', ['e2hil']],
    ['"world model" OR microreactor', ['sobolev', 'reactor']],
    ['world OR RL', ['e2hil', 'sobolev', 'hepth']],
    ['world NOT strings', ['e2hil', 'sobolev']],
    ['world -strings', ['e2hil', 'sobolev']],
    ['NOT world', ['reactor']],
    ['-world', ['reactor']],
    ['NOT NOT world', ['e2hil', 'sobolev', 'hepth']],
    ['RL OR mujoco AND cVAE', ['e2hil', 'sobolev']],
    ['RL OR mujoco AND strings', ['e2hil']],
    ['(RL OR mujoco) AND world', ['e2hil', 'sobolev']],
    ['NOT RL AND world', ['sobolev', 'hepth']],
    ['NOT (RL OR world)', ['reactor']],
    ['-(RL OR world)', ['reactor']],
    ['-"world model" world', ['e2hil', 'hepth']],
    ['"SE(3)-equivariant" OR strings', ['e2hil', 'hepth']],
    ['(SE(3) OR PEARL)', ['e2hil', 'reactor']],
    // fields
    ['ti:reinforcement', ['e2hil']],
    ['abs:reinforcement', ['e2hil', 'reactor']],
    ['ti:"diffusion policy"', ['hepth']],
    ['abs:"diffusion policy"', []],
    ['TI:strings', ['hepth']],
    ['ti:(gradients OR microreactor)', ['sobolev', 'reactor']],
    ['-ti:reinforcement world', ['sobolev', 'hepth']],
    ['au:tuytelaars', ['sobolev']],
    ['au:"Tinne Tuytelaars"', ['sobolev']],
    ['au:"Debes Tinne"', []],
    ['au:muller', ['sobolev']],
    ['au:zoe', ['sobolev']],
    ['au:wang', ['e2hil']],
    ['au:li', ['hepth']],
    ['au:liv', []],
    ['au:li*', ['hepth']],
    ['cat:cs.LG', ['e2hil', 'sobolev', 'reactor']],
    ['cat:cs.lg', ['e2hil', 'sobolev', 'reactor']],
    ['cat:cs.RO', ['e2hil']],
    ['cat:cs', ['e2hil', 'sobolev', 'reactor']],
    ['cat:cs.*', ['e2hil', 'sobolev', 'reactor']],
    ['cat:physics', ['reactor']],
    ['cat:math', ['hepth']],
    ['cat:math-ph', ['hepth']],
    ['cat:hep-th', ['hepth']],
    ['cat:hep', []],
    ['cat:cs.L', []],
    ['cat:cs -cat:cs.RO', ['sobolev', 'reactor']],
    ['cat:cs.RO OR (cat:hep-th AND world)', ['e2hil', 'hepth']],
    ['reinforcement cat:physics', ['reactor']],
  ];
  for (const [query, expected] of rows) {
    it(`${JSON.stringify(query)} matches ${expected.length === 0 ? 'nothing' : expected.join(', ')}`, () => {
      const matches = compileQuery(query);
      const matched = (Object.keys(papers) as Name[]).filter((name) => matches(preparePaper(papers[name])));
      assert.deepEqual(matched, expected);
    });
  }
});

describe('parseQuery', () => {
  it('reads a plain keyword as one phrase term', () => {
    assert.deepEqual(parseQuery('Reinforcement\n  Learning'), {
      kind: 'term',
      field: null,
      text: 'reinforcement learning',
      isPrefix: false,
    });
  });

  it('gives NOT precedence over AND, and AND over OR', () => {
    const term = (text: string) => ({ kind: 'term', field: null, text, isPrefix: false });
    assert.deepEqual(parseQuery('a OR NOT b c'), {
      kind: 'or',
      operands: [term('a'), { kind: 'and', operands: [{ kind: 'not', operand: term('b') }, term('c')] }],
    });
  });

  it('applies a field to every term of its group', () => {
    assert.deepEqual(parseQuery('au:(smith OR "van der")'), {
      kind: 'or',
      operands: [
        { kind: 'term', field: 'au', text: 'smith', isPrefix: false },
        { kind: 'term', field: 'au', text: 'van der', isPrefix: false },
      ],
    });
  });

  // query → exact UsageError message
  const errors: [string, string][] = [
    ['a AND (b', 'query "a AND (b": missing ")" at column 9'],
    ['(a OR b', 'query "(a OR b": missing ")" at column 8'],
    ['a AND (b   ', 'query "a AND (b   ": missing ")" at column 9'],
    ['a OR b)', 'query "a OR b)": unexpected ")" at column 7'],
    [')', 'query ")": unexpected ")" at column 1'],
    ['a AND', 'query "a AND": missing term after AND at column 6'],
    ['a OR', 'query "a OR": missing term after OR at column 5'],
    ['NOT', 'query "NOT": missing term after NOT at column 4'],
    ['a AND (', 'query "a AND (": missing term after "(" at column 8'],
    ['AND b', 'query "AND b": unexpected AND at column 1'],
    ['a OR OR b', 'query "a OR OR b": unexpected OR at column 6'],
    ['a () b', 'query "a () b": empty parentheses at column 3'],
    ['"diffusion policy', 'query "\\"diffusion policy": missing closing quote at column 18'],
    ['a "" b', 'query "a \\"\\" b": empty phrase "" at column 3'],
    ['ti: robot', 'query "ti: robot": missing value after "ti:" at column 4'],
    ['robot au:', 'query "robot au:": missing value after "au:" at column 10'],
    [
      'title:robot',
      'query "title:robot": unknown field "title:" (fields are ti:, abs:, au:, cat:) at column 1',
    ],
    [
      'x OR author:"Yi Hu"',
      'query "x OR author:\\"Yi Hu\\"": unknown field "author:" (fields are ti:, abs:, au:, cat:) at column 6',
    ],
    ['a OR *', 'query "a OR *": "*" has nothing to match at column 6'],
    ['', 'query "": empty query at column 1'],
    ['   ', 'query "   ": empty query at column 1'],
    ['a\nAND (b', 'query "a\\nAND (b": missing ")" at column 9'],
  ];
  for (const [query, message] of errors) {
    it(`rejects ${JSON.stringify(query)}`, () => {
      assert.throws(
        () => parseQuery(query),
        (error: unknown) =>
          error instanceof UsageError && error.message === message && error.code === 'E_USAGE',
      );
    });
  }
});

describe('foldText', () => {
  const rows: [string, string][] = [
    ['Reinforcement\n  Learning ', 'reinforcement learning'],
    ['Schrödinger Zoë', 'schrodinger zoe'],
    ['ﬁne', 'fine'],
    ['ＡＢＣ', 'abc'],
  ];
  for (const [input, expected] of rows) {
    it(`folds ${JSON.stringify(input)} to ${JSON.stringify(expected)}`, () =>
      assert.equal(foldText(input), expected));
  }
});

describe('selectSections', () => {
  const listing = [listed(reactor), listed(hepth), listed(e2hil), listed(sobolev)];

  it('keeps listing order and puts a paper in every section it matches', () => {
    const sections = selectSections(listing, ['reinforcement learning', 'diffusion policy', 'world']);
    assert.deepEqual(
      sections.map((section) => [section.keyword, section.entries.map((entry) => entry.paper.arxivId)]),
      [
        ['reinforcement learning', ['2601.20079', '2601.19969']],
        ['diffusion policy', ['hep-th/9901001']],
        ['world', ['hep-th/9901001', '2601.19969', '2601.20071']],
      ],
    );
  });

  it('returns an empty section for a keyword nothing matches', () => {
    assert.deepEqual(selectSections(listing, ['quantum gravity']), [
      { keyword: 'quantum gravity', entries: [] },
    ]);
  });

  it('throws UsageError for a bad keyword before matching anything', () => {
    assert.throws(() => selectSections(listing, ['fine', 'a AND (b']), UsageError);
  });

  it('matches 20 keywords against 2,000 papers, one section each (its speed: bench/select.ts)', () => {
    const many: ListedPaper[] = [];
    for (let i = 0; i < 2000; i += 1) {
      const base = [e2hil, sobolev, reactor, hepth][i % 4] as Paper;
      many.push(
        listed({ ...base, arxivId: `2601.${String(i).padStart(5, '0')}`, abstract: base.abstract.repeat(4) }),
      );
    }
    const sections = selectSections(many, TWENTY_KEYWORDS);
    assert.equal(sections.length, 20);
    // 'reinforcement learning' is in E2HiL's and the reactor paper's abstracts: 2 of every 4 copies.
    assert.equal(sections[0]?.entries.length, 1000);
  });
});

describe('parseSearchQuery (search, trend and feeds)', () => {
  it('leaves plain words, "phrases" and stray quotes to the plain search', () => {
    for (const query of [
      'diffusion policy',
      'GRPO "entropy',
      '"world model" RL',
      'title:graph',
      'SE(3) Müller',
    ]) {
      assert.equal(parseSearchQuery(query), null, query);
    }
  });

  it('reads a word or phrase ending in * as a prefix, alone too', () => {
    assert.deepEqual(parseSearchQuery('polic*'), {
      kind: 'term',
      field: null,
      text: 'polic',
      isPrefix: true,
    });
    assert.deepEqual(parseSearchQuery('"diffusion  polic*"'), {
      kind: 'term',
      field: null,
      text: 'diffusion polic',
      isPrefix: true,
    });
    assert.deepEqual(parseSearchQuery('C*-algebra'), null, 'a * inside a word is a character');
  });

  it('reads a query in the language with its terms as written, for the full-text indexes to fold', () => {
    const term = (text: string, field: string | null = null) => ({
      kind: 'term',
      field,
      text,
      isPrefix: false,
    });
    assert.deepEqual(parseSearchQuery('Müller -"Schrödinger  Equation" cat:cs.LG'), {
      kind: 'and',
      operands: [
        term('Müller'),
        { kind: 'not', operand: term('Schrödinger Equation') },
        term('cs.LG', 'cat'),
      ],
    });
    assert.deepEqual(parseSearchQuery('a OR b'), { kind: 'or', operands: [term('a'), term('b')] });
    assert.deepEqual(parseSearchQuery('TI:robot*'), {
      kind: 'term',
      field: 'ti',
      text: 'robot',
      isPrefix: true,
    });
  });

  const refusals: [string, string][] = [
    ['-survey', 'a search needs a word to find'],
    ['NOT a', 'a search needs a word to find'],
    ['cat:cs.LG', 'a search needs a word to find'],
    ['cat:cs -robot', 'a search needs a word to find'],
    ['a OR -b', 'NOT leaves papers out of what the words beside it find'],
    ['a (b OR NOT c)', 'NOT leaves papers out of what the words beside it find'],
    ['a OR cat:cs', 'cat: narrows the whole search'],
    ['a -(b cat:cs)', 'cat: narrows the whole search'],
    ['a (b -c) OR (-d)', 'NOT leaves papers out of what the words beside it find'],
    ['a -"++"', '"++" has no letter or digit to search for'],
    ['a AND (b', 'missing ")" at column 9'],
  ];
  for (const [query, fault] of refusals) {
    it(`refuses ${JSON.stringify(query)}: ${fault}`, () => {
      assert.throws(
        () => parseSearchQuery(query),
        (error: unknown) =>
          error instanceof UsageError && error.message.startsWith(`query ${JSON.stringify(query)}: ${fault}`),
      );
    });
  }

  it('accepts NOT inside an AND of a group, and the negated category beside the words', () => {
    assert.notEqual(parseSearchQuery('(a -b) OR c'), null);
    assert.notEqual(parseSearchQuery('a -cat:cs.CV -(b OR c)'), null);
  });
});

describe('findSearchFault', () => {
  it('names a query beyond the limits, a malformed one, or none', () => {
    assert.equal(findSearchFault('diffusion policy'), null);
    assert.equal(findSearchFault('robot -survey'), null);
    assert.deepEqual(findSearchFault('a OR -b'), {
      message:
        'query "a OR -b": NOT leaves papers out of what the words beside it find (robot -survey), not inside OR',
      hint: 'the query language is in docs/query-language.md',
    });
    assert.match(findSearchFault('a '.repeat(65))?.message ?? '', /has 65 words; at most 64/);
  });
});

describe('foundTermsOf', () => {
  it('gives the terms a search finds by, longest first: none under NOT, no cat:, no operator', () => {
    assert.deepEqual(foundTermsOf('(robot OR "world model") -survey ti:grasp* cat:cs.RO NOT au:levine'), [
      'world model',
      'robot',
      'grasp',
    ]);
    assert.equal(foundTermsOf('plain words'), null, 'a plain search marks its words as before');
  });
});
