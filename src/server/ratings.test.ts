// Tests the rating routes through the app: the buttons' form (token rule, cross-site headers, CSRF token, the
// redirect back), the signed e-mail links (confirm page, signature), and that a GET never rates.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { RatingKind } from '../model.js';
import { signRating } from '../rating-links.js';
import { paperPath, ratePath } from '../render/html/urls.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { createApp } from './app.js';
import { SAMPLE_DATE, SAMPLE_PAPERS, fillSampleStore } from './fixtures/sample-store.js';

const TOKEN = 'a-test-token-of-32-characters-xx';
const KEY = randomBytes(32);
const ENTROPY = SAMPLE_PAPERS.entropy.arxivId;
const OLD_STYLE = SAMPLE_PAPERS.oldStyle.arxivId;
/** What Chromium sends with a form from our own page: `Origin: null`, since pages say `no-referrer`. */
const SAME_ORIGIN = { 'Sec-Fetch-Site': 'same-origin', Origin: 'null' };

function makeApp(options: { isLoopback?: boolean; token?: string | null; publicUrl?: string } = {}) {
  const store = openSqliteStore(':memory:');
  fillSampleStore(store);
  const app = createApp({
    store,
    profiles: ['rl'],
    token: options.token ?? null,
    isLoopback: options.isLoopback ?? true,
    ratingKey: KEY,
    publicUrl: options.publicUrl ?? null,
    now: () => new Date('2026-01-30T05:00:00Z'),
    log: () => {},
  });
  return { app, store };
}

/** The CSRF token the page's rating forms carry. */
async function csrfTokenOf(app: ReturnType<typeof createApp>, path: string): Promise<string> {
  const page = await (await app.request(path)).text();
  const match = /name="csrf" value="([^"]+)"/.exec(page);
  assert.ok(match?.[1], `no CSRF token on ${path}`);
  return match[1];
}

function postRating(
  app: ReturnType<typeof createApp>,
  fields: Record<string, string>,
  headers: Record<string, string> = SAME_ORIGIN,
): Promise<Response> {
  return Promise.resolve(
    app.request('/ratings', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}

describe('rating buttons', () => {
  it('shows up, down and save on digest and paper pages with the CSRF token, never the serve token', async () => {
    const { app } = makeApp({ isLoopback: false, token: TOKEN });
    for (const path of [`/digests/rl/${SAMPLE_DATE}`, paperPath(ENTROPY)]) {
      const page = await (await app.request(path)).text();
      assert.match(page, /<form class="rate" method="post" action="\/ratings">/, path);
      for (const kind of ['up', 'down', 'save']) {
        assert.match(page, new RegExp(`name="kind" value="${kind}" aria-pressed="false"`), path);
      }
      assert.match(page, /name="csrf" value="[\w-]{43}"/, path);
      assert.ok(!page.includes(TOKEN), `${path} shows the serve token`);
    }
  });

  it('rates from a loopback server without a token and goes back, 303, to the page and the paper', async () => {
    const { app, store } = makeApp();
    const csrf = await csrfTokenOf(app, `/digests/rl/${SAMPLE_DATE}`);
    const back = `/digests/rl/${SAMPLE_DATE}#p-${ENTROPY}`;
    const page = await (await app.request(`/digests/rl/${SAMPLE_DATE}`)).text();
    assert.ok(page.includes(`name="back" value="${back}"`));
    const response = await postRating(app, { id: ENTROPY, kind: 'up', csrf, back });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), back);
    assert.deepEqual(store.loadRatings(), [
      { arxivId: ENTROPY, kind: 'up', ratedAt: new Date('2026-01-30T05:00:00Z') },
    ]);
  });

  it('shows the current rating pressed, and clears it', async () => {
    const { app, store } = makeApp();
    const csrf = await csrfTokenOf(app, paperPath(OLD_STYLE));
    await postRating(app, { id: OLD_STYLE, kind: 'save', csrf, back: paperPath(OLD_STYLE) });
    const page = await (await app.request(paperPath(OLD_STYLE))).text();
    assert.match(page, /value="save" aria-pressed="true"/);
    assert.match(page, /value="clear">Clear<\/button><span class="muted">saved<\/span>/);
    const cleared = await postRating(app, { id: OLD_STYLE, kind: 'clear', csrf, back: '/' });
    assert.equal(cleared.status, 303);
    assert.deepEqual(store.loadRatings(), []);
  });

  it('goes back only to a path on this site', async () => {
    const { app } = makeApp();
    const csrf = await csrfTokenOf(app, paperPath(ENTROPY));
    for (const back of [
      '//evil.example/x',
      'https://evil.example/',
      '/\t/evil.example',
      '/\\evil.example',
      '',
    ]) {
      const response = await postRating(app, { id: ENTROPY, kind: 'up', csrf, back });
      assert.equal(response.headers.get('location'), '/', back);
    }
  });

  it('refuses a request another site made the browser send, and rates nothing', async () => {
    const { app, store } = makeApp();
    const csrf = await csrfTokenOf(app, paperPath(ENTROPY));
    const fields = { id: ENTROPY, kind: 'down', csrf, back: '/' };
    for (const headers of [
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
      { 'Sec-Fetch-Site': 'none' },
      { Origin: 'http://evil.example' },
      { Origin: 'null' },
      { Origin: 'http://localhost:9999' },
    ]) {
      const response = await postRating(app, fields, headers);
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.match(await response.text(), /refused a request sent from/);
    }
    assert.deepEqual(store.loadRatings(), []);
  });

  it('without Sec-Fetch-Site, accepts its own Origin, or none (a script), given the CSRF token', async () => {
    const { app, store } = makeApp();
    const csrf = await csrfTokenOf(app, paperPath(ENTROPY));
    const own = await postRating(
      app,
      { id: ENTROPY, kind: 'up', csrf, back: '/' },
      { Origin: 'http://localhost' },
    );
    assert.equal(own.status, 303);
    const none = await postRating(app, { id: ENTROPY, kind: 'save', csrf, back: '/' }, {});
    assert.equal(none.status, 303);
    assert.equal(store.loadRatingHistory().length, 2);
  });

  it("takes the public URL's origin as its own (a server behind a proxy)", async () => {
    const { app, store } = makeApp({ publicUrl: 'https://papers.example.org/paperwire' });
    const csrf = await csrfTokenOf(app, paperPath(ENTROPY));
    const response = await postRating(
      app,
      { id: ENTROPY, kind: 'up', csrf, back: '/' },
      { Origin: 'https://papers.example.org' },
    );
    assert.equal(response.status, 303);
    assert.equal(store.loadRatings().length, 1);
  });

  it('refuses a form without the CSRF token or with another one', async () => {
    const { app, store } = makeApp();
    const other = await csrfTokenOf(makeApp().app, paperPath(ENTROPY));
    for (const csrf of ['', other]) {
      const response = await postRating(app, { id: ENTROPY, kind: 'up', csrf, back: '/' });
      assert.equal(response.status, 403);
      assert.match(await response.text(), /form token is missing or out of date/);
    }
    assert.deepEqual(store.loadRatings(), []);
  });

  it('refuses a form body over 16 KiB, sized or streamed, before reading it, and rates nothing', async () => {
    const { app, store } = makeApp();
    const csrf = await csrfTokenOf(app, paperPath(ENTROPY));
    const padded = new URLSearchParams({
      id: ENTROPY,
      kind: 'up',
      csrf,
      back: `/${'a'.repeat(20_000)}`,
    }).toString();
    const sized = await postRating(app, { id: ENTROPY, kind: 'up', csrf, back: `/${'a'.repeat(20_000)}` });
    assert.equal(sized.status, 413);
    assert.match(await sized.text(), /the form is larger than 16 KiB/);
    const streamed = await app.request('/ratings', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
      body: new Blob([padded]).stream(),
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.status, 413);
    assert.deepEqual(store.loadRatings(), []);
    // The same form within the limit rates.
    const small = await postRating(app, { id: ENTROPY, kind: 'up', csrf, back: '/' });
    assert.equal(small.status, 303);
  });

  it('needs the serve token off loopback: 401 with a Basic challenge; Bearer or Basic passes', async () => {
    const { app, store } = makeApp({ isLoopback: false, token: TOKEN });
    const csrf = await csrfTokenOf(app, paperPath(ENTROPY));
    const fields = { id: ENTROPY, kind: 'up', csrf, back: '/' };
    const without = await postRating(app, fields);
    assert.equal(without.status, 401);
    assert.match(without.headers.get('www-authenticate') ?? '', /^Basic realm="paperwire"/);
    const wrong = await postRating(app, fields, { ...SAME_ORIGIN, Authorization: 'Bearer not-the-token' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(store.loadRatings(), []);
    const bearer = await postRating(app, fields, { ...SAME_ORIGIN, Authorization: `Bearer ${TOKEN}` });
    assert.equal(bearer.status, 303);
    const basic = `Basic ${Buffer.from(`reader:${TOKEN}`).toString('base64')}`;
    const viaBasic = await postRating(
      app,
      { ...fields, kind: 'save' },
      { ...SAME_ORIGIN, Authorization: basic },
    );
    assert.equal(viaBasic.status, 303);
    assert.deepEqual(
      store.loadRatings().map((rating) => rating.kind),
      ['save'],
    );
  });

  it('refuses ratings off loopback when the server has no token', async () => {
    const { app, store } = makeApp({ isLoopback: false, token: null });
    const csrf = await csrfTokenOf(app, paperPath(ENTROPY));
    const response = await postRating(app, { id: ENTROPY, kind: 'up', csrf, back: '/' });
    assert.equal(response.status, 403);
    assert.deepEqual(store.loadRatings(), []);
  });

  it('answers 404 for a paper the store does not know and 400 for a bad id or kind, rating nothing', async () => {
    const { app, store } = makeApp();
    const csrf = await csrfTokenOf(app, paperPath(ENTROPY));
    const unknown = await postRating(app, { id: '2601.99999', kind: 'up', csrf, back: '/' });
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /paper 2601\.99999 is not in the store, so it cannot be rated/);
    const badId = await postRating(app, { id: 'not-an-id', kind: 'up', csrf, back: '/' });
    assert.equal(badId.status, 400);
    const badKind = await postRating(app, { id: ENTROPY, kind: 'love', csrf, back: '/' });
    assert.equal(badKind.status, 400);
    assert.match(await badKind.text(), /&quot;kind&quot; must be one of up, down, save, clear/);
    assert.deepEqual(store.loadRatings(), []);
  });

  it('never rates on a GET', async () => {
    const { app, store } = makeApp();
    const csrf = await csrfTokenOf(app, paperPath(ENTROPY));
    const query = new URLSearchParams({ id: ENTROPY, kind: 'up', csrf, back: '/' });
    const response = await app.request(`/ratings?${query.toString()}`, { headers: SAME_ORIGIN });
    assert.equal(response.status, 404);
    assert.deepEqual(store.loadRatingHistory(), []);
  });
});

describe('signed rating links', () => {
  /** Issued the day before makeApp's clock. */
  const ISSUED = Date.parse('2026-01-29T05:00:00Z') / 1000;
  const link = (arxivId: string, kind: RatingKind, key: Buffer = KEY): string =>
    ratePath(arxivId, kind, signRating(key, arxivId, kind, ISSUED), ISSUED);

  it('shows a page to confirm with one POST button, and rates nothing on the GET', async () => {
    const { app, store } = makeApp({ isLoopback: false, token: TOKEN });
    const path = link(ENTROPY, 'up');
    const response = await app.request(path);
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.ok(page.includes(`<form class="rate" method="post" action="${path.replaceAll('&', '&amp;')}">`));
    assert.ok(page.includes(SAMPLE_PAPERS.entropy.title));
    assert.deepEqual(store.loadRatingHistory(), []);
  });

  it('rates on the POST with a valid signature, without the serve token, then shows the paper', async () => {
    const { app, store } = makeApp({ isLoopback: false, token: TOKEN });
    const response = await app.request(link(OLD_STYLE, 'down'), { method: 'POST', headers: SAME_ORIGIN });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), paperPath(OLD_STYLE));
    assert.deepEqual(
      store.loadRatings().map(({ arxivId, kind }) => ({ arxivId, kind })),
      [{ arxivId: OLD_STYLE, kind: 'down' }],
    );
  });

  it('answers 403 for a missing, altered or foreign signature, and rates nothing', async () => {
    const { app, store } = makeApp({ isLoopback: true });
    const signedUp = signRating(KEY, ENTROPY, 'up', ISSUED);
    for (const path of [
      `/rate/${ENTROPY}/up`,
      `/rate/${ENTROPY}/up?t=${ISSUED}&sig=`,
      `/rate/${ENTROPY}/down?t=${ISSUED}&sig=${signedUp}`,
      `/rate/${SAMPLE_PAPERS.diffusion.arxivId}/up?t=${ISSUED}&sig=${signedUp}`,
      `/rate/${ENTROPY}/up?t=${ISSUED + 1}&sig=${signedUp}`,
      `/rate/${ENTROPY}/up?sig=${signedUp}`,
      link(ENTROPY, 'up', randomBytes(32)),
    ]) {
      for (const method of ['GET', 'POST']) {
        const response = await app.request(path, { method, headers: SAME_ORIGIN });
        assert.equal(response.status, 403, `${method} ${path}`);
      }
    }
    assert.deepEqual(store.loadRatingHistory(), []);
  });

  it('answers 404 for a signed link to a paper the store does not know, 400 for a link that is not one', async () => {
    const { app, store } = makeApp();
    const unknown = await app.request(link('2601.99999', 'up'), { method: 'POST', headers: SAME_ORIGIN });
    assert.equal(unknown.status, 404);
    const malformed = await app.request(`/rate/${ENTROPY}/love?sig=x`, {
      method: 'POST',
      headers: SAME_ORIGIN,
    });
    assert.equal(malformed.status, 400);
    assert.deepEqual(store.loadRatingHistory(), []);
  });

  it('refuses a signed POST sent from another site', async () => {
    const { app, store } = makeApp();
    const response = await app.request(link(ENTROPY, 'save'), {
      method: 'POST',
      headers: { 'Sec-Fetch-Site': 'cross-site', Origin: 'http://evil.example' },
    });
    assert.equal(response.status, 403);
    assert.deepEqual(store.loadRatingHistory(), []);
  });
});
