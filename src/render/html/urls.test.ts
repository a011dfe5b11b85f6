import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apiDigestListPath,
  apiDigestPath,
  apiPaperPath,
  apiSearchPath,
  digestListPath,
  digestPagePath,
  digestPath,
  doiUrl,
  feedPaths,
  htmlUrl,
  paperAnchor,
  paperPath,
  readingModePath,
  searchFeedPaths,
  searchPath,
  SERVER_LINKS,
  SITE_FILES,
  siteRootFrom,
  siteUrlOf,
  staticLinks,
} from './urls.js';

/** Profile names a path must carry as one segment: spaces, slashes, `~` (ad-hoc digests), unicode, `?#%&`. */
const HOSTILE_PROFILES: [string, string][] = [
  ['rl', 'rl'],
  ['my profile', 'my%20profile'],
  ['a/b', 'a%2Fb'],
  ['rl~1a2b3c4d', 'rl~1a2b3c4d'],
  ['强化学习', '%E5%BC%BA%E5%8C%96%E5%AD%A6%E4%B9%A0'],
  ['ç é', '%C3%A7%20%C3%A9'],
  ['a?b#c%d&e', 'a%3Fb%23c%25d%26e'],
  ['..', '..'],
];

describe('digestListPath, digestPath, digestPagePath', () => {
  for (const [profile, encoded] of HOSTILE_PROFILES) {
    it(`keeps the profile "${profile}" in one segment`, () => {
      assert.equal(digestListPath(profile), `/digests/${encoded}`);
      assert.equal(digestPath(profile, '2026-01-30'), `/digests/${encoded}/2026-01-30`);
      assert.equal(decodeURIComponent(digestPath(profile, '2026-01-30').split('/')[2] ?? ''), profile);
    });
  }

  it('adds ?page only after the first page, and the anchor last', () => {
    assert.equal(digestPagePath('rl', '2026-01-30', 1), '/digests/rl/2026-01-30');
    assert.equal(digestPagePath('rl', '2026-01-30', 1, 'k-0'), '/digests/rl/2026-01-30#k-0');
    assert.equal(digestPagePath('a b', '2026-01-30', 3, 'k-2'), '/digests/a%20b/2026-01-30?page=3#k-2');
  });
});

describe('paperPath, paperAnchor, apiPaperPath, htmlUrl, doiUrl', () => {
  it('keeps the slash of an old-style id and encodes each part', () => {
    assert.equal(paperPath('2601.19928'), '/papers/2601.19928');
    assert.equal(paperPath('hep-th/9901001'), '/papers/hep-th/9901001');
    assert.equal(paperPath('math.GT/0309136'), '/papers/math.GT/0309136');
    assert.equal(paperPath('a b/c?d'), '/papers/a%20b/c%3Fd');
    assert.equal(apiPaperPath('hep-th/9901001'), '/api/papers/hep-th/9901001');
  });

  it('names the anchor of a paper block and arXiv’s HTML rendering', () => {
    assert.equal(paperAnchor('hep-th/9901001'), 'p-hep-th/9901001');
    assert.equal(htmlUrl('2601.19928'), 'https://arxiv.org/html/2601.19928');
    assert.equal(doiUrl('10.1000/a b<c>'), 'https://doi.org/10.1000/a%20b%3Cc%3E');
  });
});

describe('feedPaths', () => {
  for (const [profile, encoded] of HOSTILE_PROFILES) {
    it(`keeps the profile "${profile}" before the extension`, () => {
      assert.deepEqual(feedPaths(profile), { rss: `/feeds/${encoded}.xml`, atom: `/feeds/${encoded}.atom` });
    });
  }
});

describe('searchPath, apiSearchPath', () => {
  it('sends the query and only the filters that are set', () => {
    assert.equal(searchPath({ q: 'diffusion policy' }), '/search?q=diffusion+policy');
    assert.equal(
      searchPath({ q: '"world model" & cats', from: '2026-01-01', until: '', category: 'cs.LG' }),
      '/search?q=%22world+model%22+%26+cats&from=2026-01-01&category=cs.LG',
    );
    assert.equal(searchPath({ q: '' }), '/search');
  });

  it('round-trips unicode, # and + through the query string', () => {
    const q = '强化学习 C++ #1 ~x';
    const url = new URL(searchPath({ q, keyword: 'a/b' }), 'http://localhost');
    assert.equal(url.pathname, '/search');
    assert.equal(url.searchParams.get('q'), q);
    assert.equal(url.searchParams.get('keyword'), 'a/b');
    assert.equal(url.hash, '');
  });

  it('adds the API limit', () => {
    assert.equal(apiSearchPath({ q: 'x y' }, 20), '/api/search?q=x+y&limit=20');
    assert.equal(apiSearchPath({ q: 'x' }), '/api/search?q=x');
  });
});

describe('readingModePath', () => {
  it('carries the page to come back to as one parameter', () => {
    assert.equal(
      readingModePath('original', '/search?q=a b&from=x#y'),
      '/prefs/read?mode=original&back=%2Fsearch%3Fq%3Da%20b%26from%3Dx%23y',
    );
  });
});

describe('apiDigestListPath, apiDigestPath', () => {
  it('builds the API paths of the digests, a profile and one page', () => {
    assert.equal(apiDigestListPath(), '/api/digests');
    assert.equal(apiDigestListPath('a b/c'), '/api/digests?profile=a+b%2Fc');
    assert.equal(apiDigestPath('a b', '2026-01-30'), '/api/digests/a%20b/2026-01-30');
    assert.equal(
      apiDigestPath('rl~1a', '2026-01-30', { page: 2, limit: 50 }),
      '/api/digests/rl~1a/2026-01-30?page=2&limit=50',
    );
  });
});

describe('siteUrlOf', () => {
  it('joins the site and a path without a doubled slash', () => {
    assert.equal(siteUrlOf('https://papers.example/', '/digests/rl'), 'https://papers.example/digests/rl');
    assert.equal(siteUrlOf('https://papers.example//', '/x'), 'https://papers.example/x');
    assert.equal(siteUrlOf('http://127.0.0.1:8787', '/'), 'http://127.0.0.1:8787/');
  });
});

describe('staticLinks, SITE_FILES, siteRootFrom: a static site’s files', () => {
  it('keeps each profile in one file name that cannot climb out, and links it encoded once more', () => {
    for (const [profile, file] of [
      ['rl', 'rl'],
      ['my profile', 'my%20profile'],
      ['a/b', 'a%2Fb'],
      ['..', '%2E.'],
      ['.hidden', '%2Ehidden'],
      ['a?b#c%d&e', 'a%3Fb%23c%25d%26e'],
    ] as const) {
      assert.equal(SITE_FILES.digestList(profile), `digests/${file}/index.html`);
      const link = staticLinks('../').digestList(profile);
      assert.equal(link, `../digests/${encodeURIComponent(file)}/index.html`);
      assert.equal(decodeURIComponent(link), `../${SITE_FILES.digestList(profile)}`);
    }
  });

  it('names a digest’s pages and JSON in its folder, and a paper by its id (old-style ids as a folder)', () => {
    assert.equal(SITE_FILES.digestPage('rl', '2026-01-30'), 'digests/rl/2026-01-30/index.html');
    assert.equal(SITE_FILES.digestPage('rl', '2026-01-30', 3), 'digests/rl/2026-01-30/page-3.html');
    assert.equal(SITE_FILES.digestJson('rl', '2026-01-30'), 'digests/rl/2026-01-30/digest.json');
    assert.equal(SITE_FILES.paper('hep-th/9901001'), 'papers/hep-th/9901001.html');
    assert.equal(
      staticLinks('').digestPage('rl', '2026-01-30', 2, 'p-1'),
      'digests/rl/2026-01-30/page-2.html#p-1',
    );
  });

  it('leads from any file back to the root with ../ per folder', () => {
    assert.equal(siteRootFrom('index.html'), '');
    assert.equal(siteRootFrom('papers/2601.10001.html'), '../');
    assert.equal(siteRootFrom('papers/hep-th/9901001.html'), '../../');
    assert.equal(staticLinks(siteRootFrom('digests/rl/2026-01-30/index.html')).home, '../../../index.html');
  });

  it('gives the server’s links exactly as the path functions build them', () => {
    assert.equal(SERVER_LINKS.digestPage('my profile', '2026-01-30'), digestPath('my profile', '2026-01-30'));
    assert.equal(
      SERVER_LINKS.digestPage('rl', '2026-01-30', 2, 'k-1'),
      digestPagePath('rl', '2026-01-30', 2, 'k-1'),
    );
    assert.equal(SERVER_LINKS.paper('hep-th/9901001'), paperPath('hep-th/9901001'));
    assert.equal(SERVER_LINKS.readingMode('both', '/x?y=1'), readingModePath('both', '/x?y=1'));
  });
});

describe('searchFeedPaths', () => {
  it('carries the query whole in both feeds’ addresses', () => {
    const query = 'a&b "c" #d';
    for (const path of Object.values(searchFeedPaths(query))) {
      assert.equal(new URL(path, 'http://h').searchParams.get('q'), query);
    }
    assert.equal(searchFeedPaths('x').atom, '/feeds/search.atom?q=x');
  });
});
