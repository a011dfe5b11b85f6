// Tables for the pure text helpers of model.ts that guard what reaches a terminal.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripControls } from './model.js';

const ESC = '\u001b';
const BEL = '\u0007';

describe('stripControls', () => {
  const cases: [string, string, string][] = [
    ['plain text', 'Diffusion $\\alpha < 1$ — 扩散', 'Diffusion $\\alpha < 1$ — 扩散'],
    ['tab and line feed', 'a\tb\nc', 'a\tb\nc'],
    ['a lone ESC at the end', `ab${ESC}`, 'ab'],
    ['a CSI that clears the screen', `a${ESC}[2Jb`, 'ab'],
    ['a CSI colour with parameters', `${ESC}[1;31mred${ESC}[0m`, 'red'],
    ['an OSC window title ended by BEL', `x${ESC}]0;pwned${BEL}y`, 'xy'],
    ['an OSC ended by ST', `x${ESC}]0;pwned${ESC}\\y`, 'xy'],
    [
      'an OSC 8 hyperlink hiding its target',
      `${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`,
      'click',
    ],
    ['a two-byte reset', `a${ESC}cb`, 'ab'],
    ['an unterminated OSC: the visible text stays', `x${ESC}]0;title`, 'x0;title'],
    ['C1 CSI and OSC', `a\u009b2Jb\u009d0;t\u009cc`, 'abc'],
    ['other C0, DEL and C1', 'a\u0000b\u0008c\rd\u007fe\u0085f\u009fg', 'abcdefg'],
  ];
  for (const [what, input, expected] of cases) {
    it(`removes ${what}`, () => {
      assert.equal(stripControls(input), expected);
    });
  }

  it('leaves no control character in any mix', () => {
    const mixed = Array.from({ length: 0xa0 }, (_, code) => `${String.fromCharCode(code)}x`).join('');
    const codes = [...stripControls(mixed)].map((char) => char.charCodeAt(0));
    assert.deepEqual(
      codes.filter(
        (code) => (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f),
      ),
      [],
    );
  });
});
