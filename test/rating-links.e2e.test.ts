// Signed e-mail rating links against a real server and store on disk, as a reader's mail client opens them: a link
// opened again rates nothing new, a link older than RATING_LINK_DAYS is refused with a page saying so, and a link from
// before links carried their time still rates.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RatingKind } from '../src/model.js';
import { RATING_LINK_DAYS, signRating } from '../src/rating-links.js';
import { paperPath, ratePath } from '../src/render/html/urls.js';
import type { RunningServer } from '../src/server/index.js';
import { SAMPLE_PAPERS } from '../src/server/fixtures/sample-store.js';
import type { SqliteStore } from '../src/store/sqlite/index.js';
import { startSampleServer, type SampleServer } from './helpers/sample-server.js';

const DAY_SECONDS = 86_400;

describe('signed rating links on a running server', () => {
  let running: SampleServer;
  let store: SqliteStore;
  let server: RunningServer;
  let key: Buffer;

  before(async () => {
    running = await startSampleServer('paperwire-links-', { withRatingKey: true });
    ({ store, server } = running);
    key = running.ratingKey ?? Buffer.alloc(0);
  });

  after(() => running.close());

  /** A link issued `daysAgo` days before now (by the real clock, as the server reads it); null: one with no time. */
  const link = (arxivId: string, kind: RatingKind, daysAgo: number | null): string => {
    const issuedAt = daysAgo === null ? null : Math.floor(Date.now() / 1000) - daysAgo * DAY_SECONDS;
    return server.url + ratePath(arxivId, kind, signRating(key, arxivId, kind, issuedAt), issuedAt);
  };
  /** The confirm button's POST, as the browser sends it from the link's own page. */
  const press = (url: string): Promise<Response> =>
    fetch(url, { method: 'POST', redirect: 'manual', headers: { 'Sec-Fetch-Site': 'same-origin' } });
  const historyOf = (arxivId: string): (RatingKind | null)[] =>
    store
      .loadRatingHistory()
      .filter((row) => row.arxivId === arxivId)
      .map((row) => row.kind);

  it('adds no rating when a link is replayed while its rating stands; another rating is recorded', async () => {
    const paper = SAMPLE_PAPERS.entropy.arxivId;
    const up = link(paper, 'up', 3);
    for (let time = 0; time < 3; time += 1) {
      const response = await press(up);
      assert.equal(response.status, 303);
      assert.equal(response.headers.get('location'), paperPath(paper));
    }
    assert.deepEqual(historyOf(paper), ['up'], 'one row for three presses');
    assert.equal((await press(link(paper, 'save', 3))).status, 303);
    assert.equal((await press(up)).status, 303);
    assert.deepEqual(historyOf(paper), ['up', 'save', 'up'], 'a change of mind is recorded each time');
  });

  it(`refuses a link older than ${RATING_LINK_DAYS} days with a page saying so, and rates nothing`, async () => {
    const paper = SAMPLE_PAPERS.diffusion.arxivId;
    const expired = link(paper, 'down', RATING_LINK_DAYS + 1);
    const page = await fetch(expired);
    assert.equal(page.status, 403);
    assert.match(await page.text(), /expired on \d{4}-\d{2}-\d{2}: e-mailed rating links work for 90 days/);
    assert.equal((await press(expired)).status, 403);
    assert.deepEqual(historyOf(paper), []);
    assert.equal(
      (await press(link(paper, 'down', RATING_LINK_DAYS - 1))).status,
      303,
      'a link not yet that old',
    );
    assert.deepEqual(historyOf(paper), ['down']);
  });

  it('still rates with a link from before links carried their issue time', async () => {
    const paper = SAMPLE_PAPERS.oldStyle.arxivId;
    const old = link(paper, 'save', null);
    assert.doesNotMatch(old, /[?&]t=/);
    assert.equal((await fetch(old)).status, 200);
    assert.equal((await press(old)).status, 303);
    assert.equal((await press(old)).status, 303);
    assert.deepEqual(historyOf(paper), ['save']);
  });
});
