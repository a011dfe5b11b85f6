// Tests the arXiv taxonomy data and its helpers: names, archives, the Subjects line and suggestions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ARCHIVES,
  CATEGORIES,
  LEGACY_ARCHIVES,
  archiveOf,
  categoryName,
  formatSubjects,
  isKnownArchive,
  isKnownCategory,
  suggestCategory,
} from './taxonomy.js';

describe('categoryName', () => {
  const cases: [string, string | null][] = [
    ['cs.LG', 'Machine Learning'],
    ['cs.CL', 'Computation and Language'],
    ['cs.RO', 'Robotics'],
    ['physics.comp-ph', 'Computational Physics'],
    ['stat.ML', 'Machine Learning'],
    ['eess.SY', 'Systems and Control'],
    ['q-fin.TR', 'Trading and Market Microstructure'],
    ['cond-mat.quant-gas', 'Quantum Gases'],
    ['hep-th', 'High Energy Physics - Theory'],
    ['math-ph', 'Mathematical Physics'],
    ['quant-ph', 'Quantum Physics'],
    ['astro-ph', 'Astrophysics'],
    ['cmp-lg', 'Computation and Language'],
    ['cs.XX', null],
    ['cs', null],
    ['CS.LG', null],
  ];
  for (const [code, name] of cases) {
    it(`names ${code} ${name === null ? 'as unknown' : `"${name}"`}`, () => {
      assert.equal(categoryName(code), name);
    });
  }

  it('holds every current category of every archive', () => {
    assert.equal(Object.keys(CATEGORIES).filter((code) => code.startsWith('cs.')).length, 40);
    assert.equal(Object.keys(CATEGORIES).filter((code) => code.startsWith('math.')).length, 32);
    assert.equal(Object.keys(CATEGORIES).filter((code) => code.startsWith('physics.')).length, 22);
    assert.equal(Object.keys(CATEGORIES).length, 155);
  });

  it('puts every category in a known archive', () => {
    for (const code of Object.keys(CATEGORIES)) assert.ok(isKnownArchive(archiveOf(code) ?? ''), code);
  });

  it('maps each closed archive to a current category', () => {
    for (const [code, { subsumedBy }] of Object.entries(LEGACY_ARCHIVES)) {
      assert.ok(isKnownCategory(subsumedBy), `${code} → ${subsumedBy}`);
    }
  });
});

describe('isKnownCategory and isKnownArchive', () => {
  it('knows current and old categories', () => {
    for (const code of ['cs.LG', 'hep-th', 'astro-ph', 'cond-mat', 'q-alg', 'nlin.SI'])
      assert.ok(isKnownCategory(code));
    for (const code of ['cs', 'math', 'cs.lg', 'cs.XX', '']) assert.ok(!isKnownCategory(code), code);
  });

  it('knows the archives that take submissions', () => {
    const archives = [
      'cs',
      'math',
      'physics',
      'stat',
      'eess',
      'econ',
      'q-bio',
      'q-fin',
      'astro-ph',
      'cond-mat',
    ];
    for (const code of [...archives, 'hep-th', 'hep-ex', 'nlin', 'nucl-th', 'gr-qc', 'quant-ph', 'math-ph']) {
      assert.ok(isKnownArchive(code), code);
    }
    for (const code of ['cs.LG', 'cmp-lg', 'hep', 'toString', '']) assert.ok(!isKnownArchive(code), code);
    assert.equal(Object.keys(ARCHIVES).length, 20);
  });
});

describe('archiveOf', () => {
  const cases: [string, string | null][] = [
    ['cs.LG', 'cs'],
    ['physics.comp-ph', 'physics'],
    ['hep-th', 'hep-th'],
    ['math.MP', 'math'],
    ['cmp-lg', 'cmp-lg'],
    ['cs', 'cs'],
    ['xx.YY', null],
  ];
  for (const [code, archive] of cases) {
    it(`gives ${String(archive)} for ${code}`, () => assert.equal(archiveOf(code), archive));
  }
});

describe('formatSubjects', () => {
  it('lists names with codes as arXiv does', () => {
    assert.equal(
      formatSubjects(['cs.LG', 'physics.comp-ph']),
      'Machine Learning (cs.LG); Computational Physics (physics.comp-ph)',
    );
    assert.equal(formatSubjects(['cs.RO', 'cs.LG']), 'Robotics (cs.RO); Machine Learning (cs.LG)');
  });

  it('shows an unknown code as just the code', () => {
    assert.equal(formatSubjects(['cs.XX', 'hep-th']), 'cs.XX; High Energy Physics - Theory (hep-th)');
  });

  it('gives an empty string for no categories', () => {
    assert.equal(formatSubjects([]), '');
  });
});

describe('suggestCategory', () => {
  it('suggests the popular categories of the same archive first', () => {
    assert.equal(suggestCategory('cs.XX')[0], 'cs.LG');
    assert.ok(suggestCategory('cs.XX').every((code) => code.startsWith('cs.')));
  });

  it('fixes the case of a known code', () => {
    assert.deepEqual(suggestCategory('cs.lg'), ['cs.LG']);
    assert.deepEqual(suggestCategory('HEP-TH'), ['hep-th']);
  });

  it('suggests near misses', () => {
    assert.equal(suggestCategory('physics.comp_ph')[0], 'physics.comp-ph');
    assert.equal(suggestCategory('hepth')[0], 'hep-th');
    assert.equal(suggestCategory('stat.ML2')[0], 'stat.ML');
    assert.equal(suggestCategory('LG')[0], 'cs.LG');
  });

  it('returns at most the asked number', () => {
    assert.equal(suggestCategory('cs.XX', 2).length, 2);
  });

  it('suggests nothing for something far from every code', () => {
    assert.deepEqual(suggestCategory('underwater basket weaving'), []);
    assert.deepEqual(suggestCategory(''), []);
  });
});
