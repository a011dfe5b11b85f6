// Tests for the glossaries: shipped data, user entries over shipped ones, term matching, instructions.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findGlossaryTerms, glossaryInstructions, loadGlossary } from './glossary.js';
import { JA_ML } from './ja-ml.js';
import { JA_RL } from './ja-rl.js';
import { ZH_ML } from './zh-ml.js';
import { ZH_RL } from './zh-rl.js';

const SHIPPED = [
  { lang: 'zh', entries: [...ZH_RL, ...ZH_ML], atLeast: 300 },
  { lang: 'ja', entries: [...JA_RL, ...JA_ML], atLeast: 100 },
] as const;

for (const { lang, entries, atLeast } of SHIPPED) {
  describe(`shipped ${lang} glossary`, () => {
    it('has its entries, each term once, each with a rendering no forbidden one is part of', () => {
      assert.ok(entries.length >= atLeast, `${entries.length} entries`);
      const terms = entries.map((entry) => entry.term.toLowerCase());
      assert.deepEqual(
        terms.filter((term, i) => terms.indexOf(term) !== i),
        [],
      );
      for (const entry of entries) {
        assert.ok(entry.translations.length > 0, entry.term);
        for (const wrong of entry.forbidden ?? []) {
          // A forbidden rendering inside an accepted one would flag every right translation.
          const clash = entry.translations.filter((rendering) => rendering.includes(wrong));
          assert.deepEqual(clash, [], `${entry.term}: ${wrong}`);
        }
      }
    });

    it('is what loadGlossary gives for the language', () => {
      assert.equal(loadGlossary(lang).entries.length, entries.length);
    });
  });
}

describe('loadGlossary', () => {
  it('keeps only the asked fields and lets user entries replace shipped ones', () => {
    const rlOnly = loadGlossary('zh', ['rl']);
    assert.ok(rlOnly.entries.every((entry) => entry.field === 'rl'));
    const custom = loadGlossary(
      'zh',
      ['rl', 'ml'],
      [
        { term: 'Rollout', translations: [] },
        { term: 'world model', translations: ['世界模型'], forbidden: ['地球模型'] },
      ],
    );
    const rollout = custom.entries.find((entry) => entry.term.toLowerCase() === 'rollout');
    assert.deepEqual(rollout?.translations, ['Rollout']);
    assert.equal(custom.entries.filter((entry) => entry.term.toLowerCase() === 'rollout').length, 1);
    assert.deepEqual(custom.entries.find((entry) => entry.term === 'world model')?.forbidden, ['地球模型']);
  });

  it('ships nothing for languages without a glossary', () => {
    assert.equal(loadGlossary('fr').entries.length, 0);
  });
});

describe('findGlossaryTerms', () => {
  const zh = loadGlossary('zh');
  const terms = (text: string) => findGlossaryTerms(zh, text).map((match) => match.entry.term);
  const table: [string, string[]][] = [
    ['Policies and rewards of an agent.', ['policy', 'reward', 'agent']],
    ['Agentic systems help policymakers.', []],
    ['Off-policy and on policy learning.', ['off-policy', 'policy', 'policy learning']],
    ['The value-function and value function.', ['value function']],
    ['Load policy.json here.', []],
  ];
  it('matches whole terms, plurals and the longest term first', () => {
    for (const [text, expected] of table) assert.deepEqual(terms(text), expected, text);
  });

  it('marks a term covered by a longer one as not required there', () => {
    const matches = findGlossaryTerms(zh, 'Off-policy data.');
    assert.deepEqual(
      matches.map((match) => [match.entry.term, match.isRequired]),
      [
        ['off-policy', true],
        ['policy', false],
      ],
    );
  });
});

describe('glossaryInstructions', () => {
  it('lists the relevant entries in order of first occurrence', () => {
    assert.equal(
      glossaryInstructions(findGlossaryTerms(loadGlossary('zh'), 'An agent learns a policy from rollouts.')),
      [
        'Use these renderings for field terms:',
        '- agent → 智能体 (also: 代理, 主体, 智能代理) (never: 代理人, 特工, 经纪人)',
        '- policy → 策略 (never: 政策, 方针)',
        '- rollout → 展开 (also: 推演, 采样轨迹, 轨迹采样) (never: 推广, 铺开, 推展, 发布)',
      ].join('\n'),
    );
  });

  it('is empty when no term occurs', () => {
    assert.equal(glossaryInstructions(findGlossaryTerms(loadGlossary('zh'), 'Nothing here.')), '');
  });
});
