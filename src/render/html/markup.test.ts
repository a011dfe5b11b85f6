import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { html, joinHtml, raw, toHtmlString } from './markup.js';

describe('html', () => {
  it('escapes every interpolated text, in text and in attribute values', () => {
    const markup = html`<p title="${`a"b'c`}">${'<script>&</script>'}</p>`;
    assert.equal(toHtmlString(markup), '<p title="a&quot;b&#39;c">&lt;script&gt;&amp;&lt;/script&gt;</p>');
  });

  it('keeps nested markup and raw markup as they are, and joins arrays with nothing', () => {
    const items = ['a&b', 'c'].map((text) => html`<li>${text}</li>`);
    assert.equal(
      toHtmlString(html`<ul>${items}</ul>${raw('<math><mi>x</mi></math>')}${3}`),
      '<ul><li>a&amp;b</li><li>c</li></ul><math><mi>x</mi></math>3',
    );
  });

  it('returns markup synchronously, as a primitive string through toHtmlString', () => {
    const text = toHtmlString(html`<b>${'x'}</b>`);
    assert.equal(typeof text, 'string');
  });
});

describe('joinHtml', () => {
  it('puts pieces one after another, escaping text and keeping markup', () => {
    assert.equal(toHtmlString(joinHtml(html`<i>`, '<&>', html`</i>`)), '<i>&lt;&amp;&gt;</i>');
  });
});
