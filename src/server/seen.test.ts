// Tests that a digest page marks what an earlier digest of the same profile showed ("seen" and the date it was
// first shown), leaves the rest unmarked, and that viewing the page records nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IsoDate } from '../model.js';
import { paperAnchor } from '../render/html/urls.js';
import { renderJson } from '../render/text/json.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { createApp } from './app.js';
import { SAMPLE_DATE, SAMPLE_PAPERS, fillSampleStore } from './fixtures/sample-store.js';

const ENTROPY = SAMPLE_PAPERS.entropy.arxivId;
const DIFFUSION = SAMPLE_PAPERS.diffusion.arxivId;
const HOSTILE = SAMPLE_PAPERS.hostile.arxivId;
const day = (text: string): IsoDate => text as IsoDate;

function makeApp() {
  const store = openSqliteStore(':memory:');
  const digest = fillSampleStore(store);
  const app = createApp({
    store,
    profiles: ['rl'],
    token: null,
    isLoopback: true,
    ratingKey: Buffer.alloc(32, 7),
    publicUrl: null,
    now: () => new Date('2026-01-30T05:00:00Z'),
    log: () => {},
  });
  return { app, store, digest };
}

/** The opening tag of a paper's block and the block's text, from the digest page. */
function blockOf(page: string, arxivId: string): { tag: string; text: string } {
  const start = page.indexOf(`id="${paperAnchor(arxivId)}"`);
  assert.ok(start > 0, `no block for ${arxivId}`);
  const open = page.lastIndexOf('<article', start);
  return {
    tag: page.slice(open, page.indexOf('>', start) + 1),
    text: page.slice(open, page.indexOf('</article>', start)),
  };
}

describe('digest page: what was read', () => {
  it('marks a paper an earlier digest of the profile showed with the date first shown, in its language', async () => {
    const { app, store } = makeApp();
    store.recordShown('rl', day('2026-01-27'), [ENTROPY]);
    store.recordShown('rl', day('2026-01-28'), [ENTROPY, DIFFUSION]);
    store.recordShown('cv', day('2026-01-26'), [HOSTILE]);
    store.recordShown('rl', SAMPLE_DATE, [ENTROPY, DIFFUSION, HOSTILE]);
    const page = await (await app.request(`/digests/rl/${SAMPLE_DATE}`)).text();
    const entropy = blockOf(page, ENTROPY);
    assert.match(entropy.tag, /class="paper[^"]* seen"/);
    assert.match(
      entropy.text,
      /<p class="meta seen-on">已读 <time datetime="2026-01-27">2026-01-27<\/time><\/p>/,
    );
    assert.match(blockOf(page, DIFFUSION).text, /已读 <time datetime="2026-01-28">/);
    // The digest is in Chinese, and so are the rating buttons under each paper.
    assert.match(entropy.text, /value="up" aria-pressed="false">▲ 赞<\/button>/);
    const hostile = blockOf(page, HOSTILE);
    assert.doesNotMatch(hostile.tag, / seen"/, 'shown to another profile, or on this date only');
    assert.doesNotMatch(hostile.text, /seen-on/);
  });

  it('marks on an ad-hoc digest page what digests of its profile showed', async () => {
    const { app, store, digest } = makeApp();
    const adHoc = { ...digest, profile: 'rl~1a2b3c4d' };
    store.saveDigest({
      profile: adHoc.profile,
      listingDate: adHoc.listingDate,
      generatedAt: adHoc.generatedAt,
      json: renderJson(adHoc),
    });
    store.recordShown('rl', day('2026-01-29'), [HOSTILE]);
    const page = await (await app.request(`/digests/rl~1a2b3c4d/${SAMPLE_DATE}`)).text();
    assert.match(blockOf(page, HOSTILE).text, /已读 <time datetime="2026-01-29">/);
  });

  it('marks nothing when no earlier digest showed the papers, and a GET records nothing', async () => {
    const { app, store } = makeApp();
    const page = await (await app.request(`/digests/rl/${SAMPLE_DATE}`)).text();
    const body = page.slice(page.indexOf('<body'));
    assert.doesNotMatch(body, /seen-on|class="paper[^"]* seen"/);
    assert.deepEqual(store.loadFirstShown('rl', day('2026-12-31')), new Map());
  });
});
