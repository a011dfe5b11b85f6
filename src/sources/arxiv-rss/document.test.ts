// Tests for reading an RSS document: an item in arXiv's shape, read whole, gives what reading it tag by tag gives.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FeedError } from '../../errors.js';
import { readItemWhole, scanRssDocument, type RssDocument } from './document.js';

const PLACE = { url: 'https://rss.arxiv.org/rss/cs', name: 'the arXiv RSS feed', hint: 'check the URL' };

/** A feed holding `items` as written. */
function feedOf(...items: string[]): string {
  return (
    '<?xml version="1.0"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n' +
    `<pubDate>Fri, 30 Jan 2026 00:00:00 -0500</pubDate>\n${items.join('\n')}\n</channel>\n</rss>\n`
  );
}

/** The document read with each item first told to the scan tag by tag: a leading comment is a shape not read whole. */
function readTagByTag(...items: string[]): RssDocument {
  return scanRssDocument(feedOf(...items.map((item) => item.replace(/^<item>/, '<item><!---->'))), PLACE);
}

const ARXIV_ITEM = `<item>
  <title>Sim-to-Real: When $\\|\\nabla f\\|_2 &lt; \\epsilon$ Is Not Enough &amp; What to Do</title>
  <link>https://arxiv.org/abs/2601.20733</link>
  <description>arXiv:2601.20733v2 Announce Type: replace
Abstract: The &amp;quot;reality gap&amp;quot; with $p&lt;0.05$ &#8212; Caf&#xE9; at 99&#37;&#160;of trials.</description>
  <guid isPermaLink="false">oai:arXiv.org:2601.20733v2</guid>
  <category>cs.RO</category>
  <category>cs.LG</category>
  <pubDate>Fri, 30 Jan 2026 00:00:00 -0500</pubDate>
  <arxiv:announce_type>replace</arxiv:announce_type>
  <dc:rights>http://arxiv.org/licenses/nonexclusive-distrib/1.0/</dc:rights>
  <dc:creator>Zo&#235; Achterberg, Jos&amp;eacute; Pe&#241;a (ETH Z&#252;rich) and Li Wei</dc:creator>
</item>`;

describe('readItemWhole', () => {
  const shapes: [string, string][] = [
    ["arXiv's item, references and all", ARXIV_ITEM],
    ['a field given twice (read as nothing)', '<item><title>A</title><title>B</title><guid>x</guid></item>'],
    [
      'blank fields and an empty category',
      '<item>\n<title>  </title><category></category><link>l</link>\n</item>',
    ],
    [
      'other prefixes and unknown children',
      '<item><x:creator>A, B</x:creator><y:z>skip</y:z><guid>g</guid></item>',
    ],
    ['spaces inside the tags', '<item><title >T</title><guid  isPermaLink = "true" >g</guid></item>'],
    ['a control character reference', '<item><title>A&#x1b;[2J B</title></item>'],
  ];
  for (const [what, item] of shapes) {
    it(`reads ${what} as the tag-by-tag reader does`, () => {
      const xml = feedOf(item);
      assert.notEqual(readItemWhole(xml, xml.indexOf('<item>')), null, 'the shape is read whole');
      assert.deepEqual(scanRssDocument(xml, PLACE), readTagByTag(item));
    });
  }

  const others: [string, string][] = [
    ['an item with no child', '<item></item>'],
    ['an item with attributes', '<item id="1"><title>T</title></item>'],
    ['CDATA', '<item><title><![CDATA[T]]></title></item>'],
    ['a nested element', '<item><title>A <b>bold</b> title</title></item>'],
    ['an empty element', '<item><title>T</title><link/></item>'],
    ['single-quoted attributes', "<item><guid isPermaLink='false'>g</guid></item>"],
    ['text between the children', '<item>loose<title>T</title></item>'],
    ['a stray ampersand', '<item><title>R & D</title></item>'],
  ];
  for (const [what, item] of others) {
    it(`leaves ${what} to the tag-by-tag reader`, () => {
      const xml = feedOf(item);
      assert.equal(readItemWhole(xml, xml.indexOf('<item>')), null);
    });
  }

  it('still finds a stray ampersand in an item of arXiv shape otherwise', () => {
    const xml = feedOf(ARXIV_ITEM, ARXIV_ITEM.replace('What to Do', 'R & D'));
    assert.throws(
      () => scanRssDocument(xml, PLACE),
      (error: unknown) => error instanceof FeedError && /is not XML/.test(error.message),
    );
  });

  it('reads a day of items whole and tag by tag alike', () => {
    const items = [ARXIV_ITEM, '<item><title>T</title><category>cs.AI</category></item>', ARXIV_ITEM];
    assert.deepEqual(scanRssDocument(feedOf(...items), PLACE), readTagByTag(...items));
  });
});
