// Tests TeX → MathML through temml: common ML notations, input that must never reach a lookup table, broken TeX
// shown as escaped source, no inline style for the CSP, and the `$…$` splitting around it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderRichText, renderTexAsMathml, splitMath } from './math.js';

/** A notation and the MathML pieces (elements, characters) its rendering must hold. */
const NOTATIONS: [tex: string, pieces: string[]][] = [
  ['x^2', ['<msup>', '<mi>x</mi>', '2</mn>']],
  ['x_i^{2}', ['<msubsup>', '<mi>i</mi>']],
  ['\\frac{a}{b}', ['<mfrac><mi>a</mi><mi>b</mi></mfrac>']],
  ['\\frac12', ['<mfrac><mn>1</mn><mn>2</mn></mfrac>']],
  ['\\tfrac{1}{2}', ['<mfrac>', 'displaystyle="false"']],
  ['\\dfrac{\\partial L}{\\partial \\theta}', ['<mfrac>', '∂', 'θ']],
  ['\\sqrt{d_k}', ['<msqrt><msub><mi>d</mi><mi>k</mi></msub></msqrt>']],
  ['\\sqrt[3]{x}', ['<mroot>', '<mn>3</mn></mroot>']],
  ['\\boldsymbol{x}', ['<mi>𝒙</mi>']],
  ['\\boldsymbol{\\theta}', ['<mi>𝜽</mi>']],
  ['\\mathbf{W}', ['<mi>𝐖</mi>']],
  ['\\mathbb{R}^{n \\times d}', ['<msup><mi>ℝ</mi>', '<mo>×</mo>']],
  ['\\mathbb{E}_{x \\sim p}[f(x)]', ['<msub><mi>𝔼</mi>', '<mo>∼</mo>', '[</mo>']],
  ['\\mathbb{1}[y = k]', ['𝟙']],
  ['\\mathcal{L}', ['ℒ</mi>']],
  ['\\mathcal{O}(n \\log n)', ['𝒪</mi>', '<mi>log</mi>']],
  ['\\mathrm{softmax}(z)', ['<mi>softmax</mi>']],
  ['\\operatorname{arg\\,max}_{\\theta} J(\\theta)', ['<msub><mi>arg', 'max</mi><mi>θ</mi></msub>']],
  ['\\operatorname*{argmin}_x f(x)', ['<msub><mi>argmin</mi><mi>x</mi></msub>']],
  ['\\sum_{i=1}^{n} x_i', ['<msubsup><mo movablelimits="false">∑</mo>', '<mi>n</mi></msubsup>']],
  ['\\prod_{t=1}^{T} p_t', ['<msubsup><mo movablelimits="false">∏</mo>']],
  [
    '\\int_0^1 f(x)\\,dx',
    ['<msubsup><mo movablelimits="false">∫</mo><mn>0</mn><mn>1</mn></msubsup>', '<mspace'],
  ],
  ['\\lim_{n \\to \\infty} a_n', ['<msub><mi>lim</mi>', '<mo>→</mo>', '∞']],
  ['\\max_{a} Q(s,a)', ['<msub><mi>max</mi><mi>a</mi></msub>']],
  ['\\|x\\|_2', ['‖', '<mn>2</mn></msub>']],
  ['\\left\\| W \\right\\|_F', ['stretchy="true">‖</mo>', '<mi>F</mi></msub>']],
  ['\\hat{y}', ['<mover><mi>y</mi>', 'ˆ</mo></mover>']],
  ['\\tilde{x}', ['<mover><mi>x</mi>', '~</mo></mover>']],
  ['\\bar{x}', ['<mover><mi>x</mi>', '‾</mo></mover>']],
  ['\\vec{v}', ['<mover><mi>v</mi>', '→</mo></mover>']],
  ['\\dot{x}', ['<mover><mi>x</mi>', '˙</mo></mover>']],
  ['\\widehat{f}', ['<mover><mi>f</mi>', 'stretchy="true"']],
  ['\\overline{AB}', ['<menclose notation="top"']],
  ['\\nabla_\\theta J', ['∇</mo><mi>θ</mi></msub>']],
  ['\\alpha \\leq \\beta', ['<mi>α</mi><mo>≤</mo><mi>β</mi>']],
  ['x \\in \\mathcal{X}', ['<mo>∈</mo>', '𝒳</mi>']],
  ['A \\subseteq B', ['<mo>⊆</mo>']],
  ['p(y \\mid x)', ['|</mo>']],
  ['D_{\\mathrm{KL}}(P \\parallel Q)', ['<mi>KL</mi>', '<mo>∥</mo>']],
  ['\\left(\\frac{a}{b}\\right)', ['stretchy="true">(</mo><mfrac>']],
  ['\\langle u, v \\rangle', ['⟨</mo>', '⟩</mo>']],
  [
    '\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}',
    ['<mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr>'],
  ],
  ['\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}', ['[</mo><mtable>', '<mtr>']],
  [
    '\\begin{cases} x & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}',
    ['<mtable>', '<mtext>otherwise</mtext>'],
  ],
  ['\\text{ReLU}(x) = \\max(0, x)', ['<mtext>ReLU</mtext>', '<mi>max</mi>']],
  ['\\sigma(Wx + b)', ['<mi>σ</mi>', '<mo>+</mo>']],
  ['\\exp\\left(-\\frac{x^2}{2\\sigma^2}\\right)', ['<mi>exp</mi>', '−</mo><mfrac>']],
  ["x' = f'(x)", ['′</mo></msup>']],
  ['\\approx \\sim \\propto \\infty', ['≈</mo>', '∝</mo>', '∞']],
  ['\\binom{n}{k}', ['<mfrac linethickness="0px"><mi>n</mi><mi>k</mi></mfrac>']],
  ['\\underbrace{a + b}_{c}', ['<munder>', '⏟</mo>']],
  ['\\overset{\\text{def}}{=}', ['<mover><mo>=</mo><mtext>def</mtext></mover>']],
  ['a<b', ['<mi>a</mi><mo>&lt;</mo><mi>b</mi>']],
  ['\\text{<b>}', ['<mtext>&lt;b&gt;</mtext>']],
];

describe('renderTexAsMathml', () => {
  for (const [tex, pieces] of NOTATIONS) {
    it(`renders ${tex} as MathML`, () => {
      const mathml = renderTexAsMathml(tex, { display: false }) ?? 'null';
      assert.match(mathml, /^<math>.*<\/math>$/s, tex);
      for (const piece of pieces) assert.ok(mathml.includes(piece), `${tex} lacks ${piece}: ${mathml}`);
    });
  }

  it('marks display math as a block', () => {
    assert.match(
      renderTexAsMathml('x', { display: true }) ?? '',
      /^<math display="block"[^>]*><mi>x<\/mi><\/math>$/,
    );
  });

  it('writes no style attribute, which the page CSP would refuse', () => {
    for (const tex of ['\\hat{y}', '\\begin{pmatrix} a & b \\end{pmatrix}', '\\color{red}{x}', '\\Huge x']) {
      for (const display of [false, true]) {
        assert.doesNotMatch(renderTexAsMathml(tex, { display }) ?? '', /style=/, tex);
      }
    }
  });

  it('returns null for TeX temml cannot read, and never throws', () => {
    for (const tex of ['\\begin{align}x\\end{align}', '\\unknown{x}', '{x', 'a & b', 'x^', '\\frac{', '}']) {
      assert.equal(renderTexAsMathml(tex, { display: false }), null, tex);
    }
  });

  it('returns null for names of Object.prototype, never their source text', () => {
    for (const tex of ['\\constructor', '\\__proto__', '\\toString', '\\hasOwnProperty', '\\valueOf']) {
      assert.equal(renderTexAsMathml(tex, { display: false }), null, tex);
    }
  });

  it('keeps links, images and macro loops out', () => {
    for (const tex of ['\\href{javascript:alert(1)}{x}', '\\includegraphics{x.png}', '\\def\\a{\\a\\a}\\a']) {
      assert.equal(renderTexAsMathml(tex, { display: false }), null, tex);
    }
  });

  it('renders a long fragment full of macros, up to the longest span splitMath takes', () => {
    const tex = Array.from({ length: 15 }, () => 'x_i \\ldots y \\iff z \\dots').join(' ');
    assert.ok(tex.length > 350 && tex.length <= 400, String(tex.length));
    assert.match(renderTexAsMathml(tex, { display: false }) ?? 'null', /^<math>/);
  });

  it('escapes markup in TeX and refuses class, id and style commands', () => {
    const text = renderTexAsMathml('\\text{"><script>alert(1)</script>}', { display: false }) ?? '';
    assert.equal(text, '<math><mtext>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</mtext></math>');
    assert.doesNotMatch(
      renderTexAsMathml('\\mathrm{<img src=x onerror=alert(1)>}', { display: false }) ?? '',
      /<img/,
    );
    for (const tex of [
      '\\class{x}{y}',
      '\\cssId{a}{b}',
      '\\style{color:red}{x}',
      '\\textcolor{#f00" a="b}{y}',
    ]) {
      assert.equal(renderTexAsMathml(tex, { display: false }), null, tex);
    }
  });

  it('forgets a \\gdef between fragments', () => {
    assert.notEqual(renderTexAsMathml('\\gdef\\lossfn{L}\\lossfn', { display: false }), null);
    assert.equal(renderTexAsMathml('\\lossfn', { display: false }), null);
  });
});

describe('splitMath', () => {
  it('finds inline and display math, and leaves prices and escaped dollars as text', () => {
    assert.deepEqual(splitMath('cost $5 and $6 today, \\$ with $a^2$ and $$b$$'), [
      { kind: 'text', text: 'cost $5 and $6 today, $ with ' },
      { kind: 'math', tex: 'a^2', display: false },
      { kind: 'text', text: ' and ' },
      { kind: 'math', tex: 'b', display: true },
    ]);
  });
});

describe('renderRichText', () => {
  it('shows TeX temml cannot read as escaped source', () => {
    assert.equal(renderRichText('see $\\foo<x>$ now'), 'see <code class="tex">$\\foo&lt;x&gt;$</code> now');
    assert.equal(renderRichText('a $$\\frac{&$$ b'), 'a <code class="tex">$$\\frac{&amp;$$</code> b');
  });

  it('shows $\\constructor$, $\\__proto__$ and $\\toString$ as their source, never a function', () => {
    const html = renderRichText('one $\\constructor$ two $\\__proto__$ three $\\toString$');
    assert.equal(
      html,
      'one <code class="tex">$\\constructor$</code> two <code class="tex">$\\__proto__$</code> ' +
        'three <code class="tex">$\\toString$</code>',
    );
    assert.doesNotMatch(html, /function|native code/);
  });

  it('marks terms in prose around math', () => {
    assert.equal(
      renderRichText('RL with $x$ RL', { terms: ['RL'] }),
      '<mark>RL</mark> with <math><mi>x</mi></math> <mark>RL</mark>',
    );
  });
});
