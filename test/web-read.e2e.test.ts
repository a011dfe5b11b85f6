// The web UI in headless Chromium for what a reader has seen and where to go next: a digest page marks, and dims,
// a paper an earlier digest of the profile showed; a paper page's "More like this" links open those papers' pages.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { IsoDate } from '../src/model.js';
import { loadRatingKey } from '../src/rating-links.js';
import { paperAnchor, paperPath } from '../src/render/html/urls.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { SAMPLE_DATE, SAMPLE_PAPERS, fillSampleStore } from '../src/server/fixtures/sample-store.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite/index.js';
import { browserSkipReason, launchBrowser, openWatchedPage, type TestBrowser } from './helpers/browser.js';

const skip = browserSkipReason();

describe('what was read, and more like this, in Chromium', { skip: skip ?? false }, () => {
  let scratch: string;
  let store: SqliteStore;
  let server: RunningServer;
  let browser: TestBrowser;
  let page: Page;
  const pageErrors: string[] = [];
  const { entropy, hostile, revised } = SAMPLE_PAPERS;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'paperwire-read-'));
    store = openSqliteStore(join(scratch, 'paperwire.db'));
    fillSampleStore(store);
    store.recordShown('rl', '2026-01-29' as IsoDate, [entropy.arxivId]);
    server = await startServer({
      store,
      profiles: ['rl'],
      host: '127.0.0.1',
      port: 0,
      token: null,
      ratingKey: loadRatingKey(scratch),
      log: () => {},
    });
    browser = await launchBrowser();
    page = await openWatchedPage(browser, pageErrors);
  });

  after(async () => {
    await browser.close();
    await server.close();
    store.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('labels and dims on the digest page the paper an earlier digest showed, and only it', async () => {
    await page.goto(`${server.url}/digests/rl/${SAMPLE_DATE}`);
    const seen = page.locator(`article[id="${paperAnchor(entropy.arxivId)}"]`);
    assert.equal((await seen.locator('.seen-on').innerText()).trim(), '已读 2026-01-29');
    assert.equal(await seen.evaluate((element) => getComputedStyle(element).opacity), '0.7');
    const unseen = page.locator(`article[id="${paperAnchor(hostile.arxivId)}"]`);
    assert.equal(await unseen.locator('.seen-on').count(), 0);
    assert.equal(await unseen.evaluate((element) => getComputedStyle(element).opacity), '1');
    assert.deepEqual(pageErrors, []);
  });

  it('shows "More like this" on a paper page, and its links open the similar papers', async () => {
    await page.goto(`${server.url}${paperPath(revised.arxivId)}`);
    const links = page.locator('ul.similar a');
    assert.ok(await page.getByRole('heading', { name: 'More like this' }).isVisible());
    const hrefs = await links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.includes(paperPath(entropy.arxivId)), `similar links: ${hrefs.join(', ')}`);
    await Promise.all([
      page.waitForURL(`${server.url}${paperPath(entropy.arxivId)}`),
      page.locator(`ul.similar a[href="${paperPath(entropy.arxivId)}"]`).click(),
    ]);
    assert.match(await page.locator('h1').innerText(), /Entropy-Regularized Policy Optimization/);
    assert.deepEqual(pageErrors, []);
  });
});
