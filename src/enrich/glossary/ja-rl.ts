// Reinforcement-learning terms in Japanese: accepted renderings (preferred first) and known wrong ones.
// Compiled by hand from common usage in Japanese RL textbooks and papers; not yet measured on real machine
// translations. Extend through the user's config (`[glossary.ja]`).

import { entriesOf } from './entry.js';
import type { GlossaryEntry } from './glossary.js';

const rl = entriesOf('rl');

// 政策 and 方針 are a government's or a company's policy, not an agent's.
const POLICY_WRONG = ['政策', '方針'];
const POLICY = ['方策', 'ポリシー', '戦略'];

export const JA_RL: readonly GlossaryEntry[] = [
  rl('reinforcement learning', ['強化学習'], ['補強学習', '強化された学習']),
  rl('RL', ['強化学習']),
  rl('deep reinforcement learning', ['深層強化学習', 'ディープ強化学習']),
  rl('multi-agent reinforcement learning', ['マルチエージェント強化学習', '多エージェント強化学習']),
  rl('offline reinforcement learning', ['オフライン強化学習']),
  rl('online reinforcement learning', ['オンライン強化学習']),
  rl('inverse reinforcement learning', ['逆強化学習']),
  rl('hierarchical reinforcement learning', ['階層型強化学習', '階層強化学習', '階層的強化学習']),
  rl('reinforcement learning from human feedback', [
    '人間のフィードバックによる強化学習',
    '人間からのフィードバックによる強化学習',
    '人間のフィードバックからの強化学習',
    'RLHF',
  ]),
  rl('reinforcement learning with verifiable rewards', ['検証可能な報酬による強化学習', 'RLVR']),
  rl('policy', POLICY, POLICY_WRONG),
  rl('policy gradient', ['方策勾配', 'ポリシー勾配'], POLICY_WRONG),
  rl('policy optimization', ['方策最適化', 'ポリシー最適化'], POLICY_WRONG),
  rl('policy learning', ['方策学習', 'ポリシー学習'], POLICY_WRONG),
  rl('policy network', ['方策ネットワーク', 'ポリシーネットワーク'], POLICY_WRONG),
  rl('policy iteration', ['方策反復'], POLICY_WRONG),
  rl('policy evaluation', ['方策評価'], POLICY_WRONG),
  rl('on-policy', ['方策オン', 'オンポリシー', 'オン・ポリシー', 'オン方策', 'オンポリシ']),
  rl('off-policy', ['方策オフ', 'オフポリシー', 'オフ・ポリシー', 'オフ方策', 'オフポリシ']),
  rl('reward', ['報酬', 'リワード'], ['褒美', 'ご褒美']),
  rl('reward model', ['報酬モデル']),
  rl('reward shaping', ['報酬整形', '報酬シェーピング']),
  rl('reward hacking', ['報酬ハッキング']),
  rl('agent', ['エージェント', '主体'], ['代理人', '代理店', '工作員']),
  rl('environment', ['環境']),
  rl('action space', ['行動空間', 'アクション空間', '行為空間']),
  rl('state space', ['状態空間']),
  rl('value function', ['価値関数', '値関数']),
  rl('Q-function', ['Q関数', 'Q 関数']),
  rl('Q-value', ['Q値', 'Q 値']),
  rl('Q-learning', ['Q学習', 'Q 学習']),
  rl('deep Q-network', ['深層Qネットワーク', 'ディープQネットワーク', 'DQN']),
  rl('advantage function', ['アドバンテージ関数', '優位関数']),
  rl('actor-critic', ['アクター・クリティック', 'アクタークリティック', 'アクター-クリティック']),
  rl('temporal difference', ['時間的差分', '時間差分', 'TD']),
  rl('Markov decision process', ['マルコフ決定過程', 'マルコフ決定プロセス', 'MDP']),
  rl('discount factor', ['割引率', '割引因子', '割引係数']),
  rl('exploration', ['探索']),
  rl('exploitation', ['活用', '利用'], ['搾取']),
  rl('trajectory', ['軌跡', '軌道', 'トラジェクトリ', 'トラジェクトリー']),
  rl('rollout', ['ロールアウト', '展開']),
  rl('replay buffer', ['リプレイバッファ', 'リプレイバッファー', '経験再生バッファ', '再生バッファ']),
  rl(
    'credit assignment',
    ['信用割当', '信用割り当て', 'クレジット割当', 'クレジット割り当て', '貢献度割当', '貢献度割り当て'],
    ['与信'],
  ),
  rl('sample efficiency', ['サンプル効率']),
  rl('model-based', ['モデルベース']),
  rl('model-free', ['モデルフリー']),
  rl('world model', ['世界モデル', 'ワールドモデル']),
  rl('imitation learning', ['模倣学習']),
  rl('behavior cloning', ['行動クローニング', '振る舞いクローニング', 'ビヘイビアクローニング', '行動複製']),
  rl('curriculum learning', ['カリキュラム学習']),
  rl('self-play', ['自己対戦', '自己対局', 'セルフプレイ']),
  rl('bandit', ['バンディット'], ['盗賊', '山賊']),
  rl('multi-armed bandit', ['多腕バンディット', 'マルチアームドバンディット'], ['盗賊', '山賊']),
];
