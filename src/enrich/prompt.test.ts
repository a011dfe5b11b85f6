// Tests for the translation instructions: stable per language and kind, and carrying the rules that matter.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TranslateError } from '../errors.js';
import { TRANSLATION_LANGS, buildInstructions } from './prompt.js';

describe('buildInstructions', () => {
  it('is identical for every call with the same language and kind', () => {
    assert.equal(buildInstructions('zh', 'abstract'), buildInstructions('zh', 'abstract'));
  });

  it('shares everything but the last line between title and abstract', () => {
    const title = buildInstructions('zh', 'title').split('\n');
    const abstract = buildInstructions('zh', 'abstract').split('\n');
    assert.deepEqual(title.slice(0, -1), abstract.slice(0, -1));
    assert.notEqual(title.at(-1), abstract.at(-1));
  });

  it('tells a zh model to keep names, numbers, LaTeX and URLs, and to render policy as 策略', () => {
    const text = buildInstructions('zh', 'abstract');
    for (const needle of [
      'Simplified Chinese',
      'TIPS',
      '提示',
      '$...$',
      'URLs',
      'numbers',
      '策略',
      '政策',
      'Output only',
    ]) {
      assert.ok(text.includes(needle), `missing ${needle}`);
    }
  });

  for (const lang of TRANSLATION_LANGS) {
    it(`has distinct instructions for ${lang}`, () => {
      const others = TRANSLATION_LANGS.filter((other) => other !== lang).map((other) =>
        buildInstructions(other, 'title'),
      );
      assert.ok(!others.includes(buildInstructions(lang, 'title')));
    });
  }

  it('refuses English, which is never translated', () => {
    assert.throws(() => buildInstructions('en', 'title'), TranslateError);
  });
});
