// `paperwire site`: the archive as static files. Every link of every page and feed leads to a file the site holds
// (no absolute path, no dead link), the same store gives the same bytes, a bad --out is refused in one line, and
// in Chromium, from file:// and from a plain static file server, a reader goes from the index to a digest and a
// paper in both languages, switches the reading language, and searches in the browser.
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { IsoDate } from '../src/model.js';
import { staticLinks } from '../src/render/html/urls.js';
import { renderJson } from '../src/render/text/json.js';
import {
  buildSampleDigest,
  fillSampleStore,
  SAMPLE_TRANSLATIONS,
} from '../src/server/fixtures/sample-store.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { browserSkipReason, launchBrowser, openWatchedPage, type TestBrowser } from './helpers/browser.js';
import { startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runMain, type CliResult } from './helpers/run-cli.js';

/** Profile names a file name must survive: a space, a slash, `..`, and the characters URLs treat specially. */
const ODD_PROFILES = ['my profile', 'a/b', '..', 'a?b#c%d&e'];
const ODD = 'a?b#c%d&e';

/** A home whose store holds the sample archive, plus the sample digest under each odd profile name. */
function makeHome(scratch: string): string {
  const home = join(scratch, 'home');
  mkdirSync(home);
  const store = openSqliteStore(join(home, 'paperwire.sqlite'));
  fillSampleStore(store);
  for (const profile of ODD_PROFILES) {
    const digest = { ...buildSampleDigest(), profile, listingDate: '2026-01-28' as IsoDate };
    store.saveDigest({
      profile,
      listingDate: digest.listingDate,
      generatedAt: digest.generatedAt,
      json: renderJson(digest),
    });
  }
  store.close();
  return home;
}

/** Every file under `folder`, as paths relative to it with `/`, sorted. */
function listFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(folder, name)).isFile())
    .map((name) => name.split('\\').join('/'))
    .sort();
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
};
const unescapeMarkup = (text: string): string =>
  text.replace(/&(?:amp|lt|gt|quot|#39|apos);/g, (entity) => ENTITIES[entity] ?? entity);

/** The links of one file: href and src of a page; link, href, xmlUrl and htmlUrl of a feed or the OPML. */
function linksOf(path: string, text: string): string[] {
  const pattern = path.endsWith('.html')
    ? /\b(?:href|src)="([^"]*)"/g
    : /\b(?:href|xmlUrl|htmlUrl)="([^"]*)"|<link>([^<]*)<\/link>/g;
  return [...text.matchAll(pattern)].map((match) => unescapeMarkup(match[1] ?? match[2] ?? ''));
}

/** Why a link of `from` (a file of the site at `root`) leads nowhere, or null when its file (and anchor) exist. */
function findDeadLink(root: string, from: string, link: string): string | null {
  if (/^https?:\/\//.test(link) || link === 'data:,') return null;
  if (link.startsWith('/')) return `${from}: absolute path ${link}`;
  // The reading switch's links only name a mode for the page's script (there is no server to ask).
  if (/^#read-(original|translation|both)$/.test(link)) return null;
  const [pathPart = '', anchor] = link.split('#');
  const file = pathPart === '' ? from : posix.join(posix.dirname(from), decodeURIComponent(pathPart));
  if (file.startsWith('..')) return `${from}: ${link} leaves the site`;
  const target = join(root, file);
  if (!existsSync(target) || !statSync(target).isFile()) return `${from}: ${link} → no file ${file}`;
  if (anchor !== undefined && !readFileSync(target, 'utf8').includes(`id="${anchor}"`)) {
    return `${from}: ${link} → no id "${anchor}" in ${file}`;
  }
  return null;
}

describe('paperwire site', () => {
  let scratch: string;
  let home: string;
  let out: string;
  let built: CliResult;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'paperwire-site-'));
    home = makeHome(scratch);
    out = join(scratch, 'site');
    built = await runMain(['site', '--out', out], { env: { PAPERWIRE_HOME: home }, cwd: scratch });
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes the site and says how many pages, feeds and data files, in one line', () => {
    assert.equal(built.code, 0, built.stderr);
    assert.match(built.stderr, /^wrote the site to .*site: \d+ pages, \d+ feeds, \d+ data files\n$/);
    const files = listFiles(out);
    for (const file of [
      'index.html',
      'digests/rl/index.html',
      'digests/rl/2026-01-30/index.html',
      'digests/rl/2026-01-30/digest.json',
      'papers/2601.10001.html',
      'feeds/rl.xml',
      'feeds/rl.atom',
      'feeds/feeds.opml',
      'search.html',
      'search.js',
      'search-index.js',
      'digests/a%2Fb/index.html',
      'digests/%2E./index.html',
    ]) {
      assert.ok(files.includes(file), `${file} in ${files.join(', ')}`);
    }
  });

  it('links every href and src of every page, feed and the OPML to a file it wrote', () => {
    const dead: string[] = [];
    let checked = 0;
    for (const file of listFiles(out).filter((name) => /\.(html|xml|atom|opml)$/.test(name))) {
      for (const link of linksOf(file, readFileSync(join(out, file), 'utf8'))) {
        checked += 1;
        const fault = findDeadLink(out, file, link);
        if (fault !== null) dead.push(fault);
      }
    }
    assert.ok(checked > 200, `only ${checked} links checked`);
    assert.deepEqual(dead, []);
  });

  it('keeps the pages free of rating forms, inline event handlers and anything needing the server', () => {
    for (const file of listFiles(out).filter((name) => name.endsWith('.html'))) {
      const text = readFileSync(join(out, file), 'utf8');
      assert.doesNotMatch(text, /<form[^>]+method="post"|\/ratings|\/prefs\/read|\/api\//, file);
      // Attribute values emptied first: a hostile title quoted in a tooltip is text, not a handler.
      const tags = text.replace(/="[^"]*"/g, '=""');
      assert.doesNotMatch(tags, /<[^>]+\son[a-z]+=/i, file);
    }
  });

  it('writes the same bytes from the same store, and replaces an earlier site whole', async () => {
    writeFileSync(join(out, 'papers', 'stale.html'), 'a page of a paper gone from the archive');
    const again = await runMain(['site', '--out', out], { env: { PAPERWIRE_HOME: home }, cwd: scratch });
    assert.equal(again.code, 0, again.stderr);
    const second = join(scratch, 'second');
    assert.equal(
      (await runMain(['site', '--out', second], { env: { PAPERWIRE_HOME: home }, cwd: scratch })).code,
      0,
    );
    const files = listFiles(out);
    assert.ok(!files.includes('papers/stale.html'));
    assert.deepEqual(listFiles(second), files);
    for (const file of files) {
      assert.ok(readFileSync(join(out, file)).equals(readFileSync(join(second, file))), file);
    }
    assert.deepEqual(
      readdirSync(scratch).filter((name) => name.endsWith('.tmp') || name.endsWith('.old')),
      [],
    );
  });

  it('links the feeds and the OPML at --url when given; a relative --out is in the working folder', async () => {
    const hosted = join(scratch, 'hosted');
    const result = await runMain(['site', '--out', 'hosted', '--url', 'https://you.github.io/papers/'], {
      env: { PAPERWIRE_HOME: home },
      cwd: scratch,
    });
    assert.equal(result.code, 0, result.stderr);
    const rss = readFileSync(join(hosted, 'feeds', 'rl.xml'), 'utf8');
    assert.ok(rss.includes('<link>https://you.github.io/papers/digests/rl/index.html</link>'));
    assert.ok(rss.includes('href="https://you.github.io/papers/feeds/rl.xml" rel="self"'));
    const opml = readFileSync(join(hosted, 'feeds', 'feeds.opml'), 'utf8');
    const outlines = [
      ...opml.matchAll(/<outline type="rss" text="paperwire: ([^"]*)"[^>]* xmlUrl="([^"]*)"/g),
    ];
    assert.deepEqual(
      outlines.map((match) => unescapeMarkup(match[1] ?? '')),
      ['default', ...['rl', ...ODD_PROFILES].sort()],
    );
    assert.ok(opml.includes('xmlUrl="https://you.github.io/papers/feeds/rl.xml"'));
  });

  it('refuses a file, a folder of other files, and a bad --url in one line, touching nothing', async () => {
    const file = join(scratch, 'notes.txt');
    writeFileSync(file, 'mine');
    const folder = join(scratch, 'photos');
    mkdirSync(folder);
    writeFileSync(join(folder, 'cat.jpg'), 'a cat');
    const env = { PAPERWIRE_HOME: home };
    const onFile = await runMain(['site', '--out', file], { env, cwd: scratch });
    assert.equal(onFile.code, 1);
    assert.match(
      onFile.stderr,
      /^paperwire: cannot write the site to .*notes\.txt: it is a file, not a folder/,
    );
    assert.equal(onFile.stderr.trim().split('\n').length, 1);
    assert.equal(readFileSync(file, 'utf8'), 'mine');
    const onFolder = await runMain(['site', '--out', folder], { env, cwd: scratch });
    assert.equal(onFolder.code, 1);
    assert.match(onFolder.stderr, /holds files paperwire did not write/);
    assert.deepEqual(readdirSync(folder), ['cat.jpg']);
    const noUrl = await runMain(['site', '--out', join(scratch, 'x'), '--url', 'ftp://x'], {
      env,
      cwd: scratch,
    });
    assert.equal(noUrl.code, 2);
    assert.match(noUrl.stderr, /--url "ftp:\/\/x" is not an http\(s\) URL/);
    // Every feed link was `https://x/p?a=1#f/papers/…`.
    const queryUrl = await runMain(['site', '--out', join(scratch, 'x'), '--url', 'https://x/p?a=1#f'], {
      env,
      cwd: scratch,
    });
    assert.equal(queryUrl.code, 2);
    assert.match(queryUrl.stderr, /--url "https:\/\/x\/p\?a=1#f" has a query or fragment \(\?a=1#f\)/);
    assert.equal(existsSync(join(scratch, 'x')), false);
    const noOut = await runMain(['site'], { env, cwd: scratch });
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /site needs --out DIR/);
  });

  it('leaves out a digest whose stored document cannot be read, says so once, and links around it', async () => {
    const damaged = mkdtempSync(join(tmpdir(), 'paperwire-site-damaged-'));
    try {
      const damagedHome = makeHome(damaged);
      const store = openSqliteStore(join(damagedHome, 'paperwire.sqlite'));
      // Cut short, as a disk fault or a hand edit leaves it: the store saves documents unparsed.
      store.saveDigest({
        profile: 'rl',
        listingDate: '2026-01-30' as IsoDate,
        generatedAt: new Date('2026-01-30T05:00:00Z'),
        json: '{"schema":"paperwire.dig',
      });
      store.close();
      const site = join(damaged, 'site');
      const result = await runMain(['site', '--out', site], {
        env: { PAPERWIRE_HOME: damagedHome },
        cwd: damaged,
      });
      assert.equal(result.code, 0, result.stderr);
      const leftOut = result.stderr.split('\n').filter((line) => line.startsWith('left out'));
      assert.deepEqual(leftOut, [
        'left out digest rl 2026-01-30: saved digest rl 2026-01-30 cannot be read ' +
          '(run `paperwire digest --profile rl --date 2026-01-30` again to replace it)',
      ]);
      const written = listFiles(site);
      assert.ok(!written.some((file) => file.startsWith('digests/rl/2026-01-30/')), written.join(', '));
      assert.ok(written.includes('digests/rl/2026-01-29/index.html'));
      const dead = written
        .filter((name) => /\.(html|xml|atom|opml)$/.test(name))
        .flatMap((file) =>
          linksOf(file, readFileSync(join(site, file), 'utf8')).map((link) => findDeadLink(site, file, link)),
        )
        .filter((fault) => fault !== null);
      assert.deepEqual(dead, []);
    } finally {
      rmSync(damaged, { recursive: true, force: true });
    }
  });

  const skip = browserSkipReason();
  describe('in Chromium', { skip: skip ?? false }, () => {
    let browser: TestBrowser;
    let files: LoopbackServer;
    const missing: string[] = [];
    /**
     * A page of each origin open for the whole block: each test's pages then share its renderer process, which
     * Chromium otherwise ends with a test's last page and starts again for the next (about 0.5 s of CPU each).
     */
    const keepers: Page[] = [];

    before(async () => {
      browser = await launchBrowser();
      // A plain static file server, as GitHub Pages is: a folder's address serves its index.html.
      files = await startLoopbackServer((request, response) => {
        const path = decodeURIComponent(request.url.split(/[?#]/)[0] ?? '/');
        const file = join(out, path.endsWith('/') ? `${path}index.html` : path);
        if (relative(out, file).startsWith('..') || !existsSync(file) || !statSync(file).isFile()) {
          missing.push(request.url);
          response.writeHead(404).end();
          return;
        }
        const type = file.endsWith('.html')
          ? 'text/html; charset=utf-8'
          : file.endsWith('.js')
            ? 'text/javascript'
            : 'application/octet-stream';
        response.writeHead(200, { 'content-type': type }).end(readFileSync(file));
      });
      for (const [, rootOf] of origins) {
        const keeper = await browser.context.newPage();
        await keeper.goto(`${rootOf()}index.html`);
        keepers.push(keeper);
      }
    });

    after(async () => {
      await Promise.all(keepers.map((keeper) => keeper.close()));
      await browser.close();
      await files.close();
    });

    const origins: [string, () => string][] = [
      ['file://', () => pathToFileURL(`${out}/`).href],
      ['a static file server', () => `${files.url}/`],
    ];
    for (const [origin, rootOf] of origins) {
      it(`goes from the index to a digest and a paper in both languages, from ${origin}`, async () => {
        const errors: string[] = [];
        const page = await openWatchedPage(browser, errors);
        const root = rootOf();
        await page.goto(`${root}index.html`);
        await clickAndWait(
          page,
          `a[href="digests/rl/2026-01-30/index.html"]`,
          `${root}digests/rl/2026-01-30/index.html`,
        );
        assert.match(await page.locator('h1').innerText(), /2026-01-30/);
        assert.ok(await page.getByText('<script>window.__pwned=1</script>').first().isVisible());
        assert.equal(await page.evaluate(() => 'pwned' in window || '__pwned' in window), false);
        await clickAndWait(page, 'article[id="p-2601.10001"] h3 a', `${root}papers/2601.10001.html`);
        const title = page.locator('h1');
        assert.match(await title.locator('.orig').innerText(), /^Entropy-Regularized Policy Optimization/);
        assert.equal(await title.locator('.tr').innerText(), SAMPLE_TRANSLATIONS['2601.10001']?.title);
        assert.ok(await page.locator('.abs .tr').isVisible());
        await clickAndWait(page, 'a[href="../index.html"]', `${root}index.html`);
        const odd = staticLinks('').digestList(ODD);
        await clickAndWait(page, `a[href="${odd}"]`, `${root}${odd}`);
        assert.match(await page.locator('h1').innerText(), /a\?b#c%d&e: every digest/);
        assert.deepEqual(errors, []);
        await page.close();
      });

      it(`switches the reading language and keeps it on the next page, from ${origin}`, async () => {
        const errors: string[] = [];
        const page = await openWatchedPage(browser, errors);
        const root = rootOf();
        await page.goto(`${root}papers/2601.10001.html`);
        await page.locator('a[data-mode="translation"]').click();
        assert.equal(await page.locator('html').getAttribute('data-read'), 'translation');
        assert.ok(!(await page.locator('h1 .orig').isVisible()));
        await clickAndWait(
          page,
          'a[href="../digests/rl/2026-01-30/index.html#p-2601.10001"]',
          `${root}digests/rl/2026-01-30/index.html#p-2601.10001`,
        );
        // Chromium may store the choice after the next page has read its storage: the page shows it when it arrives.
        await page.waitForFunction(
          () => document.documentElement.getAttribute('data-read') === 'translation',
        );
        assert.equal(await page.locator('a[data-mode="translation"]').getAttribute('aria-current'), 'true');
        await page.locator('a[data-mode="both"]').click();
        assert.ok(await page.locator('article[id="p-2601.10001"] h3 .orig').isVisible());
        assert.deepEqual(errors, []);
        await page.close();
      });

      it(`shows a reading language chosen in another tab, from ${origin}`, async () => {
        const errors: string[] = [];
        const root = rootOf();
        const reading = await openWatchedPage(browser, errors);
        await reading.goto(`${root}digests/rl/2026-01-30/index.html`);
        const switching = await openWatchedPage(browser, errors);
        await switching.goto(`${root}papers/2601.10001.html`);
        await switching.locator('a[data-mode="original"]').click();
        await reading.waitForFunction(
          () => document.documentElement.getAttribute('data-read') === 'original',
        );
        assert.equal(await reading.locator('a[data-mode="original"]').getAttribute('aria-current'), 'true');
        assert.deepEqual(errors, []);
        await Promise.all([reading.close(), switching.close()]);
      });

      it(`searches recent papers in the browser, in Chinese and English, from ${origin}`, async () => {
        const errors: string[] = [];
        const page = await openWatchedPage(browser, errors);
        const root = rootOf();
        await page.goto(`${root}digests/rl/index.html`);
        await page.locator('form.find input[name=q]').fill('熵正则化');
        await Promise.all([
          page.waitForURL(/search\.html\?q=/),
          page.locator('form.find input[name=q]').press('Enter'),
        ]);
        const hits = page.locator('#site-search-hits article');
        assert.equal(await hits.count(), 1);
        assert.match(await page.locator('#site-search-summary').innerText(), /^1 paper matching “熵正则化”/);
        await page.locator('#site-search input[name=q]').fill('world model');
        assert.deepEqual(await hits.locator('.id').allInnerTexts(), ['2601.10004']);
        // The part of the query language the browser reads: phrases, -, NOT, OR, ti: abs: au: cat:.
        const found = async (query: string): Promise<string[]> => {
          await page.locator('#site-search input[name=q]').fill(query);
          return (await hits.locator('.id').allInnerTexts()).sort();
        };
        assert.deepEqual(await found('ti:reinforcement -ti:"world models"'), ['2601.10001']);
        assert.deepEqual(await found('ti:diffusion OR ti:"world models"'), ['2601.10002', '2601.10004']);
        assert.deepEqual(await found('ti:reinforcement NOT cat:cs.AI'), ['2601.10004']);
        assert.deepEqual(await found('au:liskov'), ['2601.10002']);
        assert.deepEqual(await found('cat:cs.RO'), ['2601.10002']);
        assert.deepEqual(await found('cat:cs.R'), [], 'a category is a whole code');
        await page.locator('#site-search input[name=q]').fill('world model');
        await clickAndWait(page, '#site-search-hits article h3 a', `${root}papers/2601.10004.html`);
        assert.match(
          await page.locator('h1').innerText(),
          /World Models for Sample-Efficient Reinforcement Learning/,
        );
        assert.deepEqual(errors, []);
        await page.close();
      });
    }

    it('asks the static file server only for files the site holds', () => {
      assert.ok(files.requests.length > 5);
      assert.deepEqual(missing, []);
    });
  });
});

/** Clicks the first element matching `selector` and waits until the page is at `url`. */
async function clickAndWait(page: Page, selector: string, url: string): Promise<void> {
  await Promise.all([page.waitForURL(url), page.locator(selector).first().click()]);
}
