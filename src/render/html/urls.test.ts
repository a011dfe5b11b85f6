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
  searchPath,
  siteUrlOf,
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
