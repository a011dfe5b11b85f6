// The web UI end to end, in headless Chromium: a real SQLite store in a temp folder, the server on a free
// loopback port, then what a reader does: read a digest, switch language, search in English and Chinese, open
// a paper, follow the feeds. Hostile feed text must show as text and never run.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../src/server/index.js';
import {
  HOSTILE_AUTHOR,
  HOSTILE_TITLE,
  SAMPLE_DATE,
  SAMPLE_FLAGS,
  SAMPLE_PAPERS,
  SAMPLE_TLDRS,
  SAMPLE_TRANSLATIONS,
  fillSampleStore,
} from '../src/server/fixtures/sample-store.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite/index.js';
import { browserSkipReason, launchBrowser, openWatchedPage, type TestBrowser } from './helpers/browser.js';

const skip = browserSkipReason();
const SCREENSHOT = fileURLToPath(new URL('../docs/screenshot-digest.png', import.meta.url));

describe('web UI in Chromium', { skip: skip ?? false }, () => {
  let scratch: string;
  let store: SqliteStore;
  let server: RunningServer;
  let browser: TestBrowser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'paperwire-web-'));
    store = openSqliteStore(join(scratch, 'paperwire.db'));
    fillSampleStore(store);
    server = await startServer({
      store,
      profiles: ['rl'],
      host: '127.0.0.1',
      port: 0,
      token: null,
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

  const digestUrl = (): string => `${server.url}/digests/rl/${SAMPLE_DATE}`;
  const entropy = SAMPLE_PAPERS.entropy;
  const entropyZh = SAMPLE_TRANSLATIONS[entropy.arxivId];

  it('shows the digest with its sections, both languages and rendered math', async () => {
    await page.goto(digestUrl());
    assert.equal(await page.locator('h1').count(), 1);
    assert.match((await page.locator('main').textContent()) ?? '', /今天共有 4 篇相关文章/);
    assert.equal(await page.locator('section h2').count(), 3);
    assert.ok(await page.getByText(entropy.title, { exact: true }).first().isVisible());
    assert.ok(
      await page
        .getByText(entropyZh?.title ?? '', { exact: true })
        .first()
        .isVisible(),
    );
    assert.ok(await page.getByText('There is no result').isVisible());
    const math = page.locator(`#p-${entropy.arxivId.replace('.', '\\.')} math`).first();
    const box = await math.boundingBox();
    assert.ok(box !== null && box.width > 10, 'the MathML formula is laid out');
    // The README's picture, taken only when asked: a full-page PNG costs Chromium about 0.4 s of CPU per run.
    if (process.env.PAPERWIRE_UPDATE_SCREENSHOT === '1') {
      await page.screenshot({ path: join(scratch, 'digest.png'), fullPage: true });
      copyFileSync(join(scratch, 'digest.png'), SCREENSHOT);
    }
  });

  it('switches the reading language, and the choice survives a reload', async () => {
    await page.goto(digestUrl());
    const english = page.getByText(entropy.title, { exact: true }).first();
    const chinese = page.getByText(entropyZh?.title ?? '', { exact: true }).first();

    await page.evaluate(() => Object.assign(window, { __samePage: true }));
    await page.getByRole('link', { name: 'Original' }).click();
    assert.equal(await chinese.isVisible(), false);
    // The inline script switched it in place: no navigation happened.
    assert.equal(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage), true);
    assert.equal(await english.isVisible(), true);
    await page.reload();
    assert.equal(await page.locator('html').getAttribute('data-read'), 'original');
    assert.equal(await chinese.isVisible(), false);

    await page.getByRole('link', { name: 'Translation' }).click();
    assert.equal(await english.isVisible(), false);
    assert.equal(await chinese.isVisible(), true);
    await page.reload();
    assert.equal(await english.isVisible(), false);
    assert.equal(await chinese.isVisible(), true);
    const cookies = await browser.context.cookies(server.url);
    assert.equal(cookies.find((cookie) => cookie.name === 'pw_read')?.value, 'translation');

    // Without script, the same links go through /prefs/read and come back.
    await page.goto(
      `${server.url}/prefs/read?mode=both&back=${encodeURIComponent(`/digests/rl/${SAMPLE_DATE}`)}`,
    );
    assert.equal(new URL(page.url()).pathname, `/digests/rl/${SAMPLE_DATE}`);
    assert.equal(await page.locator('html').getAttribute('data-read'), 'both');
    assert.equal(await english.isVisible(), true);
    assert.equal(await chinese.isVisible(), true);
  });

  it('searches in English and marks the matches', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('searchbox', { name: 'Search' }).fill('policy optimization');
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    await page.waitForURL(/\/search\?q=policy/);
    assert.equal(await page.locator('article.paper').count(), 1);
    const marks = await page.locator('article.paper mark').allTextContents();
    assert.ok(
      marks.some((text) => text.toLowerCase() === 'policy'),
      marks.join('|'),
    );
    assert.ok(
      marks.some((text) => text.toLowerCase() === 'optimization'),
      marks.join('|'),
    );
  });

  it('searches in Chinese and marks the matches in the translation', async () => {
    await page.goto(`${server.url}/search?q=${encodeURIComponent('强化学习')}`);
    assert.ok((await page.locator('article.paper').count()) >= 2);
    const marks = await page.locator('article.paper .tr mark').allTextContents();
    assert.ok(marks.length >= 2 && marks.every((text) => text === '强化学习'), marks.join('|'));
    assert.ok(await page.locator('article.paper .tr mark').first().isVisible());
  });

  it('opens a paper page with both abstracts side by side, its links and versions', async () => {
    await page.goto(digestUrl());
    await page.locator(`#p-${entropy.arxivId.replace('.', '\\.')} h3 a`).click();
    await page.waitForURL(`${server.url}/papers/${entropy.arxivId}`);
    const original = await page.locator('.abs > div').nth(0).boundingBox();
    const translated = await page.locator('.abs > div.tr').boundingBox();
    assert.ok(original !== null && translated !== null);
    assert.ok(translated.x > original.x + original.width - 1, 'the translation sits right of the original');
    assert.ok(Math.abs(translated.y - original.y) < 2, 'both start on the same line');
    for (const name of ['arXiv', 'PDF', 'HTML', 'Code'])
      assert.ok(await page.getByRole('link', { name, exact: true }).isVisible());
    assert.equal(
      await page.getByRole('link', { name: 'HTML', exact: true }).getAttribute('href'),
      `https://arxiv.org/html/${entropy.arxivId}`,
    );

    await page.goto(`${server.url}/papers/${SAMPLE_PAPERS.revised.arxivId}`);
    assert.deepEqual(await page.locator('table.list a[href*="arxiv.org/abs/"]').allTextContents(), [
      'v1',
      'v2',
    ]);
  });

  it('marks a flagged translation with a visible ⚠ and its reason, and shows TL;DR and Hugging Face facts', async () => {
    const diffusion = SAMPLE_PAPERS.diffusion.arxivId;
    const reason = SAMPLE_FLAGS[diffusion]?.[0]?.detail ?? '?';
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of [`/digests/rl/${SAMPLE_DATE}`, `/papers/${diffusion}`]) {
      await page.goto(`${server.url}${path}`);
      const scope = path.startsWith('/digests') ? page.locator(`#p-${diffusion.replace('.', '\\.')}`) : page;
      // Readable on a phone without hover: the mark and the reason are both on screen as text.
      assert.ok(await scope.locator('.flag').first().isVisible(), `${path}: ⚠ shown`);
      assert.equal(await scope.locator('.flag').first().textContent(), '⚠');
      assert.ok(await scope.getByText(reason, { exact: false }).first().isVisible(), `${path}: reason shown`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto(digestUrl());
    const block = page.locator(`#p-${entropy.arxivId.replace('.', '\\.')}`);
    assert.ok(await block.getByText(SAMPLE_TLDRS[entropy.arxivId] ?? '?').isVisible());
    assert.ok(await block.locator('.hf .up', { hasText: '▲ 46' }).isVisible());
    assert.equal(
      await block.getByRole('link', { name: 'github.com/example/erpo' }).getAttribute('href'),
      'https://github.com/example/erpo',
    );
    assert.ok(await block.getByText('★ 1.2k', { exact: false }).isVisible());
    // Reading only the original hides the translation's marks and reasons along with it.
    await page.getByRole('link', { name: 'Original' }).click();
    assert.equal(await page.getByText(reason).first().isVisible(), false);
    await page.getByRole('link', { name: 'Both' }).click();

    await page.goto(`${server.url}/papers/${entropy.arxivId}`);
    assert.ok(await page.locator('.hf .up', { hasText: '▲ 46' }).isVisible());
    const spark = page.locator('.spark svg[role=img]');
    const box = await spark.boundingBox();
    assert.ok(box !== null && box.width > 50, 'the upvote sparkline is drawn');
    assert.match(
      (await spark.getAttribute('aria-label')) ?? '',
      /5 on 2026-01-28, 21 on 2026-01-29, 46 on 2026-01-30/,
    );
  });

  it('fits a phone screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(digestUrl());
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows hostile titles, authors and abstracts as text, and runs none of them', async () => {
    const hostile = SAMPLE_PAPERS.hostile.arxivId;
    for (const path of [
      `/digests/rl/${SAMPLE_DATE}`,
      `/papers/${hostile}`,
      `/search?q=${encodeURIComponent('closes tags')}`,
    ]) {
      await page.goto(`${server.url}${path}`);
      assert.equal(
        await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
        undefined,
        path,
      );
      assert.ok(await page.getByText(HOSTILE_TITLE).first().isVisible(), `${path}: title shown as text`);
      assert.ok(
        await page.getByText(HOSTILE_AUTHOR, { exact: false }).first().isVisible(),
        `${path}: author shown as text`,
      );
      if (!path.startsWith('/search')) {
        assert.ok(
          await page.getByText('onerror="window.__pwned=7"', { exact: false }).first().isVisible(),
          `${path}: a hostile ⚠ reason shown as text`,
        );
      }
      assert.equal(
        await page.locator('main script, main img').count(),
        0,
        `${path}: no element came from feed text`,
      );
    }
  });

  it('stays on this site when the language switch is given a back link hiding a tab', async () => {
    // Chromium drops tabs from URLs, so `/\t/evil.example/phish` would be `//evil.example/phish`. Every request
    // the tab makes is recorded, so leaving the site shows as a request, not only as a DNS failure.
    const requested: string[] = [];
    const tab = await browser.context.newPage();
    tab.on('request', (request) => requested.push(request.url()));
    try {
      const failure = await tab.goto(`${server.url}/prefs/read?mode=both&back=/%09/evil.example/phish`).then(
        () => null,
        (error: unknown) => String(error),
      );
      assert.deepEqual(
        requested.filter((url) => new URL(url).origin !== server.url),
        [],
      );
      assert.equal(failure, null);
      assert.equal(new URL(tab.url()).origin, server.url);
    } finally {
      await tab.close();
    }
  });

  it('serves RSS and Atom feeds that parse back with both languages', async () => {
    for (const extension of ['xml', 'atom']) {
      const response = await fetch(`${server.url}/feeds/rl.${extension}`);
      assert.equal(response.status, 200);
      const feed = parseFeed(await response.text());
      assert.equal(feed.meta.type, extension === 'xml' ? 'rss' : 'atom');
      assert.equal(feed.items.length, 4);
      const item = feed.items.find((each) => each.id === `https://arxiv.org/abs/${entropy.arxivId}`);
      assert.ok(item, `${extension}: the entropy paper has its stable id`);
      assert.equal(item.title, `${entropy.title} / ${entropyZh?.title ?? ''}`);
      const body = `${item.description ?? ''} ${item.content ?? ''}`;
      assert.match(body, /offline reinforcement learning/);
      assert.match(body, /离线强化学习/);
      const hostileItem = feed.items.find((each) => each.id?.endsWith(SAMPLE_PAPERS.hostile.arxivId));
      assert.equal(
        hostileItem?.title?.startsWith(HOSTILE_TITLE),
        true,
        `${extension}: hostile title kept as text`,
      );
    }
  });

  it('follows the search page to the trend of its query, and draws its SVG chart with a table', async () => {
    await page.goto(`${server.url}/search?q=${encodeURIComponent('reinforcement learning')}`);
    await page.getByRole('link', { name: /per year$/ }).click();
    await page.waitForURL(/\/trend\?q=reinforcement\+learning$/);
    assert.ok(
      await page.getByRole('img', { name: 'Papers per year matching “reinforcement learning”' }).isVisible(),
    );
    await page.goto(`${server.url}/trend?q=${encodeURIComponent('reinforcement learning')}&q=strings`);
    const chart = page.getByRole('img', {
      name: 'Papers per year matching “reinforcement learning”, “strings”',
    });
    assert.ok(await chart.isVisible());
    const box = await chart.boundingBox();
    assert.ok(box !== null && box.width > 600 && box.height > 200, JSON.stringify(box));
    const lines = page.locator('svg.trend-chart polyline');
    assert.equal(await lines.count(), 2);
    const line = await lines.first().boundingBox();
    assert.ok(line !== null && line.width > 500, `the line spans the years: ${JSON.stringify(line)}`);
    assert.equal(
      await page.locator('svg.trend-chart circle').count(),
      56,
      'a point per year, 1999 to 2026, each',
    );
    const rows = page.locator('details.trend-table tbody tr');
    assert.equal(await rows.count(), 29);
    assert.equal(await rows.last().textContent(), 'Total31');
    assert.ok(await page.locator('details.trend-table table').isVisible(), 'the table shows unfolded');
  });

  it('logs no script error or policy violation on any page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
