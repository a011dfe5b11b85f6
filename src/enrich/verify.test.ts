// Tests for verify.ts: the real translations of the example digests (known faults flagged, hand-checked
// pairs left alone), then one small table per check, each with a case that passes and one that fails.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Lang } from '../model.js';
import { loadGlossary } from './glossary/glossary.js';
import type { TextKind } from './translator.js';
import { readExamplePairs, type ExamplePair } from '../../test/helpers/example-pairs.js';
import { describeFailures, extractProtected, verifyTranslation, type CheckName } from './verify.js';

const zh = loadGlossary('zh', ['rl', 'ml']);

const pairs = readExamplePairs();

function checksFailed(pair: ExamplePair): CheckName[] {
  const result = verifyTranslation({ ...pair, lang: 'zh', glossary: zh });
  return [...new Set(result.failures.map((failure) => failure.check))].sort();
}

// Every flagged pair, found by reading all 86 pairs against their sources (see docs/verification.md).
const EXPECTED_FLAGS: Record<string, CheckName[]> = {
  '001#2A': ['glossary', 'latex'], // \method → \方法; 政策熵; 趋同 for convergence; 操 lost in 现实作任务
  '001#3A': ['glossary'], // state-action → 状态-作用
  '001#5A': ['glossary'], // distillation → 提纯/蒸发, quantized → 量子化
  '001#8A': ['latex'], // $2048$ → 2048美元, $(N,K)$ dropped
  '001#9A': ['latex'], // $\approx -0.25$ → $\约-0.25$
  '001#11T': ['glossary'], // Policy-Aware → 政策感知
  '001#11A': ['glossary'], // rollout sizes dropped, embodied → 具象
  '001#12A': ['latex'], // $\method → $\方法
  '001#13A': ['glossary'], // ensemble → 集合
  '001#15T': ['glossary'], // rollout → 推广
  '001#15A': ['acronyms', 'glossary'], // LLM-as-a-Judge → “法官”式LLM; rollout → 推广
  '001#16A': ['glossary'], // on-policy → 策略 (the on- is gone)
  '001#17A': ['glossary'], // alignment → 比对
  '001#18A': ['glossary'], // Group Relative Policy Optimization → 小组相对政策优化
  '001#22A': ['glossary'], // policy updates → 政策更新
  '001#24T': ['glossary'], // Growing Policy Optimization → 政策优化
  '001#24A': ['glossary'], // "for legged robots" dropped, 政策学习, 零shot
  '001#26T': ['acronyms'], // MeanFlow → 平均流
  '001#26A': ['acronyms', 'glossary'], // MeanFlow, RoboMimic translated away; flow matching → 流量匹配
  '001#28T': ['glossary'], // Policy Learning → 政策学习
  '001#28A': ['glossary'], // 政策学习; hypervolume → 超流量
  '001#29A': ['glossary'], // out-of-distribution → 非分销; 政策学习
  '001#31A': ['glossary'], // 学分分配, 代币, 提炼回政策, rollouts → 推展
  '001#32A': ['glossary'], // rollouts → 推广; token → 代币
  '000#1': ['glossary'], // normalizing flow → 正则化流
  '000#4': ['length'], // an invented closing sentence
  '000#6': ['glossary'], // "before rollout generation" dropped
  '000#11': ['urls'], // invented https://example.com
  '000#12': ['glossary'], // Double Deep Q-Networks → 双层深度Q网络, Dueling DQN → 斗士DQN
  '000#13': ['acronyms'], // Sibling-GRPO → 兄弟优势GRPO
  '000#14': ['urls'], // this https URL → [请在此处插入实际的URL]
  '000#17': ['acronyms', 'length'], // (BT) dropped; a paragraph of commentary appended
  '000#18': ['glossary'], // off-policy → 脱策
  '000#20': ['glossary'], // DRL agent → DRL 代理人
};

// Pairs read against their sources and found faithful (names, numbers, math and terms all right).
const HAND_CHECKED_CORRECT = [
  '001#1T',
  '001#1A',
  '001#2T',
  '001#3T',
  '001#6A',
  '001#7A',
  '001#13T',
  '001#14A',
  '001#21A',
  '001#23A',
  '001#25A',
  '001#27A',
  '001#30A',
  '001#33T',
  '001#33A',
  '000#2',
  '000#5',
  '000#7',
  '000#8',
  '000#9',
  '000#19',
];

describe('verifyTranslation on the example digests', () => {
  it('reads 86 pairs: 33 titles and 53 abstracts', () => {
    assert.equal(pairs.length, 86);
    assert.equal(pairs.filter((pair) => pair.kind === 'title').length, 33);
  });

  it('flags exactly the pairs with known faults, with the checks that catch them', () => {
    const flagged: Record<string, CheckName[]> = {};
    for (const pair of pairs) {
      const checks = checksFailed(pair);
      if (checks.length > 0) flagged[pair.id] = checks;
    }
    assert.deepEqual(flagged, EXPECTED_FLAGS);
  });

  it('leaves the hand-checked correct pairs alone', () => {
    for (const id of HAND_CHECKED_CORRECT) {
      const pair = pairs.find((candidate) => candidate.id === id);
      assert.ok(pair, id);
      assert.deepEqual(checksFailed(pair), [], id);
    }
  });

  it('names the translated \\method, the $2048$ read as dollars and 政策熵', () => {
    const details = (id: string) =>
      verifyTranslation({
        ...(pairs.find((pair) => pair.id === id) as ExamplePair),
        lang: 'zh',
        glossary: zh,
      })
        .failures.map((failure) => failure.detail)
        .join('\n');
    assert.match(details('001#2A'), /\\方法/);
    assert.match(details('001#2A'), /"policy entropy" as 策略熵, not 政策/);
    assert.match(details('001#8A'), /\$2048\$ is math, not money/);
    assert.match(details('001#8A'), /\$\(N,K\)\$/);
    assert.match(details('000#13'), /Sibling-GRPO/);
  });

  it('accepts exact native forms of numbers: 20万, 5700, 1960亿, 2.12倍, 18毫秒 for $18$ms', () => {
    for (const id of ['001#30A', '001#15A', '000#19', '000#7', '000#4']) {
      const checks = checksFailed(pairs.find((pair) => pair.id === id) as ExamplePair);
      assert.ok(!checks.includes('numbers') && !checks.includes('latex'), `${id}: ${checks.join(', ')}`);
    }
  });
});

interface Case {
  source: string;
  translation: string;
  lang?: Lang;
  kind?: TextKind;
  /** The check expected to fail, or null for a translation that passes every check. */
  fails: CheckName | null;
}

function runCases(cases: readonly Case[]): void {
  for (const { source, translation, lang = 'zh', kind = 'abstract', fails } of cases) {
    const glossary = lang === 'zh' ? zh : loadGlossary(lang);
    const result = verifyTranslation({ source, translation, lang, kind, glossary });
    const checks = result.failures.map((failure) => failure.check);
    if (fails === null) assert.deepEqual(result.failures, [], `${translation} should pass`);
    else assert.ok(checks.includes(fails), `${translation} should fail ${fails}, got ${checks.join(', ')}`);
  }
}

const LONG_SOURCE =
  'We study how large models learn to reason when the training signal is sparse and noisy, and we ' +
  'show that a simple change to the objective makes learning more stable across many tasks and settings.';
const LONG_ZH =
  '我们研究了在训练信号稀疏且有噪声时大型模型如何学习推理，并表明对目标的一个简单修改能使学习在许多任务和设置中更加稳定。';

describe('extractProtected', () => {
  const table: [string, string[]][] = [
    ['We propose TIPS and NF-HIQL on Qwen-2.5 7B.', ['TIPS', 'NF-HIQL', 'Qwen-2.5']],
    ['E2HiL uses a cVAE and reports pass@k.', ['E2HiL', 'cVAE', 'pass@k']],
    ['A KL-divergence bound for GRPO-based training of LLMs.', ['KL', 'GRPO', 'LLMs']],
    ['However, This Method works. I think A is fine in Phase II and part III.', []],
    ['Human-in-the-Loop Vision-Language Models (VLMs) at 0.2 dB.', ['VLMs']],
    ['Variational sEquence-level Soft Policy Optimization (VESPO).', ['VESPO']],
  ];
  it('finds the names a translation must keep, and no ordinary words', () => {
    for (const [source, expected] of table)
      assert.deepEqual(extractProtected(source).identifiers, expected, source);
  });

  it('reads numbers with their signs, percent and magnitude, but not list markers', () => {
    const numbers = extractProtected(
      '(1) gains of 11.8% and +7 points, -0.5 loss, 2.12x faster on 3K and 200,000 items.',
    ).numbers;
    assert.deepEqual(
      numbers.map((number) => [number.display, number.key]),
      [
        ['11.8%', '11.8%'],
        ['+7', '+7'],
        ['-0.5', '-0.5'],
        ['2.12x', '2.12'],
        ['3K', '3000'],
        ['200,000', '200000'],
      ],
    );
  });

  it('reads a number whose suffix is a name of Object.prototype as a plain number', () => {
    const numbers = extractProtected(
      'After 3toString, 2constructor and 7valueOf steps on 5xyz items.',
    ).numbers;
    assert.deepEqual(
      numbers.map((number) => number.key),
      ['3', '2', '7', '5'],
    );
  });
});

describe('the acronyms check', () => {
  it('requires names verbatim, allowing a dropped plural and glossary forms of RL', () => {
    runCases([
      {
        source: 'We propose TIPS for GRPO with LLMs.',
        translation: '我们为GRPO和LLM提出了TIPS。',
        fails: null,
      },
      { source: 'We propose TIPS for GRPO.', translation: '我们为GRPO提出了提示。', fails: 'acronyms' },
      { source: 'RL with Sibling-GRPO.', translation: '使用Sibling-GRPO的强化学习。', fails: null },
      { source: 'RL with Sibling-GRPO.', translation: '使用兄弟GRPO的强化学习。', fails: 'acronyms' },
    ]);
  });
});

describe('the numbers check', () => {
  it('requires every number with its sign and percent, in any exact form', () => {
    runCases([
      {
        source: 'Accuracy rises by 11.8% and +7 points.',
        translation: '准确率提升11.8%和+7个百分点。',
        fails: null,
      },
      {
        source: 'Accuracy rises by 11.8% and +7 points.',
        translation: '准确率提升11.8%和7个百分点。',
        fails: 'numbers',
      },
      {
        source: 'Accuracy rises by 11.8% on 3K items.',
        translation: '在3000个样本上准确率提升11.8%。',
        fails: null,
      },
      { source: 'Accuracy rises by 42.1\\% here.', translation: '准确率在此提升了42.1%。', fails: null },
      {
        source: 'Accuracy rises by 11.8% on 3K items.',
        translation: '在大量样本上准确率提升。',
        fails: 'numbers',
      },
    ]);
  });
});

describe('the latex check', () => {
  it('requires math and commands unchanged, a bare number for numeric math, and no dollars', () => {
    runCases([
      {
        source: 'We call it \\method and bound $x^2$.',
        translation: '我们称之为\\method，并界定$x^2$。',
        fails: null,
      },
      {
        source: 'We call it \\method and bound $x^2$.',
        translation: '我们称之为\\方法，并界定$x^2$。',
        fails: 'latex',
      },
      { source: 'It scales to lengths up to $2048$.', translation: '它可扩展到2048的长度。', fails: null },
      {
        source: 'It scales to lengths up to $2048$.',
        translation: '它可扩展到最高2048美元的长度。',
        fails: 'latex',
      },
      {
        source: 'A key lever is the \\emph{data recipe}.',
        translation: '关键因素是“数据配方”。',
        fails: null,
      },
    ]);
  });
});

describe('the urls check', () => {
  it('requires the source links and rejects invented ones', () => {
    runCases([
      { source: 'Code: https://github.com/a/b.', translation: '代码：https://github.com/a/b。', fails: null },
      { source: 'Code: https://github.com/a/b.', translation: '代码已公开。', fails: 'urls' },
      { source: 'Code is at this https URL.', translation: '代码见 https://example.com。', fails: 'urls' },
      { source: 'Code is at this https URL.', translation: '代码见此 https 网址。', fails: null },
      { source: 'Code is at this https URL.', translation: '代码见[请在此处插入实际的URL]。', fails: 'urls' },
      { source: 'Code is at this https URL.', translation: '代码见【链接】。', fails: 'urls' },
      // Brackets the source has are no note; with no arXiv placeholder in the source, none is looked for.
      {
        source: 'Scores in [0, 1]; code at this https URL.',
        translation: '分数在[0, 1]内；代码见此网址。',
        fails: null,
      },
      {
        source: 'See [Appendix A] and https://a.b/c.',
        translation: '见[附录A]和https://a.b/c。',
        fails: null,
      },
    ]);
  });

  it('reports an invented link once, not its text as a placeholder too', () => {
    const result = verifyTranslation({
      source: 'Code is at this https URL.',
      translation: '代码见[此链接](https://example.com)。',
      lang: 'zh',
      kind: 'abstract',
      glossary: zh,
    });
    assert.deepEqual(
      result.failures.filter((failure) => failure.check === 'urls').map((failure) => failure.detail),
      ['Do not add links the source does not have (https://example.com).'],
    );
  });
});

describe('the glossary check', () => {
  it('requires an accepted rendering and no forbidden one, matching whole terms only', () => {
    runCases([
      { source: 'We improve the policy.', translation: '我们改进了策略。', fails: null },
      { source: 'We improve the policy.', translation: '我们改进了政策。', fails: 'glossary' },
      { source: 'We study transport policies.', translation: '我们研究交通政策。', fails: null },
      {
        source: 'We help policymakers and agentic systems.',
        translation: '我们帮助决策者和自主系统。',
        fails: null,
      },
      { source: 'Off-policy data helps.', translation: '离策略数据有帮助。', fails: null },
      { source: 'Off-policy data helps.', translation: '脱策数据有帮助。', fails: 'glossary' },
    ]);
  });
});

describe('the glossary check in Japanese', () => {
  it("requires the Japanese glossary's renderings and rejects its known wrong ones", () => {
    runCases([
      {
        source: 'We improve the policy with rewards.',
        translation: '報酬を用いて方策を改善する。',
        lang: 'ja',
        fails: null,
      },
      {
        source: 'We improve the policy with rewards.',
        translation: '報酬を用いて政策を改善する。',
        lang: 'ja',
        fails: 'glossary',
      },
      {
        source: 'Reinforcement learning agents explore.',
        translation: '強化学習エージェントが探索する。',
        lang: 'ja',
        fails: null,
      },
      {
        source: 'Reinforcement learning agents explore.',
        translation: '補強学習エージェントが探索する。',
        lang: 'ja',
        fails: 'glossary',
      },
      {
        source: 'We fine-tune a transformer.',
        translation: 'トランスフォーマーをファインチューニングする。',
        lang: 'ja',
        fails: null,
      },
      {
        source: 'We fine-tune a transformer.',
        translation: '変圧器をファインチューニングする。',
        lang: 'ja',
        fails: 'glossary',
      },
      {
        source: 'Exploration and exploitation in bandits.',
        translation: 'バンディットにおける探索と活用。',
        lang: 'ja',
        fails: null,
      },
      {
        source: 'Exploration and exploitation in bandits.',
        translation: '盗賊における探索と搾取。',
        lang: 'ja',
        fails: 'glossary',
      },
    ]);
  });
});

describe('the length check', () => {
  it('flags translations far shorter or longer than the source', () => {
    runCases([
      { source: LONG_SOURCE, translation: LONG_ZH, fails: null },
      { source: LONG_SOURCE, translation: '我们研究了大型模型。', fails: 'length' },
      { source: LONG_SOURCE, translation: LONG_ZH.repeat(3), fails: 'length' },
      { source: LONG_SOURCE, translation: ' ', fails: 'length' },
    ]);
  });
});

describe('the language check', () => {
  it('requires the target script, and for Latin languages more of its words than English ones', () => {
    runCases([
      { source: LONG_SOURCE, translation: LONG_SOURCE, fails: 'language' },
      { source: LONG_SOURCE, translation: `${LONG_SOURCE.slice(0, 120)}模型学习推理。`, fails: 'language' },
      { source: LONG_SOURCE, translation: LONG_ZH, lang: 'ja', fails: 'language' },
      {
        source: 'Ranking-aware reinforcement learning for ordinal ranking',
        translation: 'Apprentissage par renforcement sensible au classement pour le classement ordinal',
        lang: 'fr',
        kind: 'title',
        fails: null,
      },
      {
        source: 'Ranking-aware reinforcement learning for ordinal ranking',
        translation: 'Ranking-aware learning for the ordinal ranking of the items and the tasks',
        lang: 'fr',
        kind: 'title',
        fails: 'language',
      },
    ]);
  });
});

describe('describeFailures', () => {
  it('names exactly what was dropped and what to fix', () => {
    const result = verifyTranslation({
      source: 'TIPS improves the policy by 11.8%.',
      translation: '提示将政策提高了。',
      lang: 'zh',
      kind: 'abstract',
      glossary: zh,
    });
    assert.equal(
      describeFailures(result.failures),
      'The translation dropped TIPS and 11.8%; keep them verbatim. Translate "policy" as 策略, not 政策.',
    );
  });

  it('is empty when nothing failed', () => {
    assert.equal(describeFailures([]), '');
  });
});
