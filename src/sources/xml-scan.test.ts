// Table tests for the one-pass XML scanner: what a reader is told, where a document that is not well-formed
// fails, and how character data is decoded.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { XmlFault, decodeXmlText, scanXml, type XmlReader } from './xml-scan.js';

/** The scan as lines: `<name>` (`<name @>` with attributes), `"text"`, `</>`; every element's text wanted. */
function eventsOf(xml: string, wants: (name: string) => boolean = () => true): string[] {
  const events: string[] = [];
  const reader: XmlReader = {
    open: (name, hasAttributes) => {
      events.push(hasAttributes ? `<${name} @>` : `<${name}>`);
      return wants(name);
    },
    text: (text) => events.push(JSON.stringify(text)),
    close: () => events.push('</>'),
  };
  scanXml(xml, reader);
  return events;
}

describe('scanXml', () => {
  const documents: [string, string, string[]][] = [
    [
      'elements, attributes and trimmed text',
      '<?xml version="1.0"?>\n<rss version="2.0">\n  <channel> <title> A </title><x/></channel>\n</rss>\n',
      ['<rss @>', '<channel>', '<title>', '"A"', '</>', '<x>', '</>', '</>', '</>'],
    ],
    [
      'text split by a child, and CDATA as written',
      '<a> one <b>two</b> three <![CDATA[ &amp; <raw> ]]></a>',
      ['<a>', '"one"', '<b>', '"two"', '</>', '"three"', '" &amp; <raw> "', '</>'],
    ],
    ['text across a comment as one run', '<a>x <!-- note --> y</a>', ['<a>', '"x  y"', '</>']],
    [
      'a byte order mark, a DOCTYPE with an internal subset, processing instructions',
      '\uFEFF<!DOCTYPE rss [<!ENTITY e "x">]><?pi data?><rss><?skip?></rss>',
      ['<rss>', '</>'],
    ],
    [
      'prefixed names as written',
      '<dc:creator xmlns:dc="u">A</dc:creator>',
      ['<dc:creator @>', '"A"', '</>'],
    ],
  ];
  for (const [what, xml, expected] of documents) {
    it(`tells ${what}`, () => assert.deepEqual(eventsOf(xml), expected));
  }

  it('tells no text of an element the reader does not want', () => {
    assert.deepEqual(
      eventsOf('<a>skip<b>keep</b></a>', (name) => name === 'b'),
      ['<a>', '<b>', '"keep"', '</>', '</>'],
    );
  });

  it('tells nothing of an element the reader read whole, and goes on after it', () => {
    const events: string[] = [];
    const reader: XmlReader = {
      open: (name) => (events.push(`<${name}>`), true),
      text: (text) => events.push(JSON.stringify(text)),
      close: () => events.push('</>'),
      readWhole: (xml, lt) =>
        xml.startsWith('<skip>', lt) ? xml.indexOf('</skip>', lt) + '</skip>'.length : -1,
    };
    scanXml('<a>one<skip><b>&amp;</b></skip><c>two</c></a>', reader);
    assert.deepEqual(events, ['<a>', '"one"', '<c>', '"two"', '</>', '</>']);
    assert.throws(() => scanXml('<a><skip>&amp;</skip>R & D</a>', reader), XmlFault);
  });

  const faults: [string, string, string, string][] = [
    ['a tag closed out of order', '<a>\n<b></a></b>', '<b> is not closed', 'line 2, column 4'],
    ['a cut-off document', '<a>\n<b>text', 'the document ends with <b> still open', 'line 2, column 8'],
    ['a stray ampersand', '<a>R & D</a>', 'a "&" that starts no reference', 'line 1, column 6'],
    ['an upper-case hex reference', '<a>&#X41;</a>', 'a "&" that starts no reference', 'line 1, column 4'],
    ['a repeated attribute', '<a x="1" x="2"/>', 'the attribute "x" is repeated', 'line 1, column 1'],
    ['an attribute without quotes', '<a x=1/>', 'a tag that is not well-formed', 'line 1, column 1'],
    ['a "<" in an attribute value', '<a x="<"/>', 'a tag that is not well-formed', 'line 1, column 1'],
    ['text before the root', 'Rate exceeded.', 'text outside the root element', 'line 1, column 1'],
    ['text after the root', '<a/>\nmore', 'text outside the root element', 'line 2, column 1'],
    ['a second root', '<a/><b/>', 'a second root element', 'line 1, column 5'],
    ['no element', '  \n', 'no element at all', 'line 1, column 1'],
    ['a comment that never ends', '<a><!-- x</a>', 'a comment that never ends', 'line 1, column 8'],
    ['a closing tag with nothing open', '</a>', 'a closing tag with no element open', 'line 1, column 1'],
  ];
  for (const [what, xml, reason, place] of faults) {
    it(`fails at the place of ${what}`, () => {
      assert.throws(
        () => eventsOf(xml),
        (error: unknown) => {
          assert.ok(error instanceof XmlFault);
          assert.equal(error.reason, reason);
          assert.equal(error.placeIn(xml), place);
          return true;
        },
      );
    });
  }
});

describe('decodeXmlText', () => {
  const cases: [string, string][] = [
    ['no reference', 'no reference'],
    ['&lt;b&gt; &amp; &quot;q&quot; &apos;', `<b> & "q" '`],
    ['&amp;lt; decoded once', '&lt; decoded once'],
    ['&#65;&#x42;&#x3b1;', 'AB\u03b1'],
    ['&#x1b;[2J and &#27;', '\u001b[2J and \u001b'],
    ['&#x000001b; too long for a control', ' too long for a control'],
    ['&#xD800; a surrogate', ' a surrogate'],
    ['&#x110000; beyond Unicode', '&#x110000; beyond Unicode'],
    ['&eacute; &nbsp; left for the text cleaners', '&eacute; &nbsp; left for the text cleaners'],
    ['&constructor; stays text', '&constructor; stays text'],
  ];
  for (const [input, expected] of cases) {
    it(`decodes ${JSON.stringify(input)}`, () => assert.equal(decodeXmlText(input), expected));
  }
});
