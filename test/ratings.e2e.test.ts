// The rating buttons end to end, in headless Chromium: a reader clicks Up on a digest page and the rating is in the
// SQLite store; a page from another origin that auto-submits the same form (even with the right CSRF token) rates
// nothing; a signed e-mail link rates only after its confirm button.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { loadRatingKey, signRating } from '../src/rating-links.js';
import { paperAnchor, ratePath } from '../src/render/html/urls.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { SAMPLE_DATE, SAMPLE_PAPERS, fillSampleStore } from '../src/server/fixtures/sample-store.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite/index.js';
import { browserSkipReason, launchBrowser, openWatchedPage, type TestBrowser } from './helpers/browser.js';
import { startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';

const skip = browserSkipReason();

describe('rating buttons in Chromium', { skip: skip ?? false }, () => {
  let scratch: string;
  let store: SqliteStore;
  let server: RunningServer;
  let attacker: LoopbackServer;
  let browser: TestBrowser;
  let page: Page;
  let key: Buffer;
  /** The attack page's form, filled once the real CSRF token is known (the worst case: it leaked). */
  let attackForm = '';
  const pageErrors: string[] = [];
  const entropy = SAMPLE_PAPERS.entropy.arxivId;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'paperwire-rate-'));
    store = openSqliteStore(join(scratch, 'paperwire.db'));
    fillSampleStore(store);
    key = loadRatingKey(scratch);
    server = await startServer({
      store,
      profiles: ['rl'],
      host: '127.0.0.1',
      port: 0,
      token: null,
      ratingKey: key,
      log: () => {},
    });
    attacker = await startLoopbackServer((_request, response) => {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      response.end(
        `<!doctype html><html><body>${attackForm}<script>document.forms[0].submit()</script></body></html>`,
      );
    });
    browser = await launchBrowser();
    page = await openWatchedPage(browser, pageErrors);
  });

  after(async () => {
    await browser.close();
    await attacker.close();
    await server.close();
    store.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('rates a paper up from the digest page (buttons in its language) and comes back to it, shown as pressed', async () => {
    await page.goto(`${server.url}/digests/rl/${SAMPLE_DATE}`);
    const article = page.locator(`article[id="${paperAnchor(entropy)}"]`);
    await Promise.all([
      page.waitForURL(/#p-2601\.10001$/),
      article.getByRole('button', { name: '▲ 赞' }).click(),
    ]);
    assert.deepEqual(
      store.loadRatings().map(({ arxivId, kind }) => ({ arxivId, kind })),
      [{ arxivId: entropy, kind: 'up' }],
    );
    assert.equal(new URL(page.url()).pathname, `/digests/rl/${SAMPLE_DATE}`);
    const up = page.locator(`article[id="${paperAnchor(entropy)}"] button[value="up"]`);
    assert.equal(await up.getAttribute('aria-pressed'), 'true');
    assert.deepEqual(pageErrors, []);
  });

  it('rates nothing when a page from another origin auto-submits the form, even with the CSRF token', async () => {
    await page.goto(`${server.url}/digests/rl/${SAMPLE_DATE}`);
    const csrf = await page.locator('form.rate input[name="csrf"]').first().getAttribute('value');
    const diffusion = SAMPLE_PAPERS.diffusion.arxivId;
    attackForm =
      `<form method="post" action="${server.url}/ratings">` +
      `<input name="id" value="${diffusion}"><input name="kind" value="down">` +
      `<input name="csrf" value="${csrf ?? ''}"><input name="back" value="/"></form>`;
    const before = store.loadRatingHistory().length;
    // localhost and 127.0.0.1 are different sites to the browser.
    const attackUrl = attacker.url.replace('127.0.0.1', 'localhost');
    const answered = page.waitForResponse((response) => response.url() === `${server.url}/ratings`);
    await page.goto(`${attackUrl}/attack`);
    const response = await answered;
    assert.equal(response.status(), 403);
    assert.equal(store.loadRatingHistory().length, before);
    assert.ok(!store.loadRatings().some((rating) => rating.arxivId === diffusion));
  });

  it('opens a signed e-mail link on a page to confirm, and rates only when its button is pressed', async () => {
    const oldStyle = SAMPLE_PAPERS.oldStyle.arxivId;
    const issuedAt = Math.floor(Date.now() / 1000);
    await page.goto(
      server.url + ratePath(oldStyle, 'save', signRating(key, oldStyle, 'save', issuedAt), issuedAt),
    );
    assert.ok(!store.loadRatings().some((rating) => rating.arxivId === oldStyle));
    await Promise.all([
      page.waitForURL(/\/papers\/hep-th\/9901001$/),
      page.getByRole('button').last().click(),
    ]);
    assert.ok(store.loadRatings().some((rating) => rating.arxivId === oldStyle && rating.kind === 'save'));
    assert.equal(await page.locator('form.rate button[value="save"]').getAttribute('aria-pressed'), 'true');
  });
});
