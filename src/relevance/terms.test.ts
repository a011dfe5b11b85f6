// Tests for extractTerms and its folding: input → expected terms.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { authorTermOf, extractTerms, foldWord } from './terms.js';

describe('foldWord', () => {
  // word → term (null: not a term)
  const rows: [string, string | null][] = [
    ['Policies', 'policy'],
    ['models', 'model'],
    ['Sim-to-Real', 'sim-to-real'],
    ['analysis', 'analysis'],
    ['robotics', 'robotics'],
    ['classes', 'class'],
    ['Señales', 'senale'],
    ['the', null],
    ['2026', null],
    ['x', null],
  ];
  for (const [word, term] of rows) it(`folds ${word}`, () => assert.equal(foldWord(word), term));
});

describe('authorTermOf', () => {
  it('keeps the family name and first initial, accents and TeX folded', () => {
    assert.equal(authorTermOf('Pavel M. Nadolsky'), '@nadolsky p');
    assert.equal(authorTermOf("C. Bal\\'azs"), '@balazs c');
    assert.equal(authorTermOf('Csaba Balázs'), '@balazs c');
    assert.equal(authorTermOf('  '), null);
  });
});

describe('extractTerms', () => {
  it('counts title words twice, pairs neighbouring words, and adds authors', () => {
    const counts = extractTerms({
      title: 'Robot Manipulation',
      abstract: 'Robot grasping, with $x^2$ tactile sensing of objects.',
      authors: ['Ana Ruiz'],
    });
    assert.equal(counts.get('robot'), 3);
    assert.equal(counts.get('robot manipulation'), 2);
    assert.equal(counts.get('robot grasping'), 1);
    assert.equal(counts.get('grasping tactile'), undefined); // a comma and a stop word stand between
    assert.equal(counts.get('tactile sensing'), 1);
    assert.equal(counts.get('object'), 1);
    assert.equal(counts.get('@ruiz a'), 1);
    assert.equal(counts.has('x'), false);
  });
});
