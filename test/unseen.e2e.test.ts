// End to end through `main`: each paper once. A profile with `unseen = true` hides, on a later listing date, what
// its earlier digest showed (a v2 and a cross-list included) and says how many; ad-hoc names without --unseen
// stay as they were before the flag existed; --no-unseen switches a profile's unseen off for one run.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runMain, type CliResult } from './helpers/run-cli.js';

const ROOT = join(import.meta.dirname, '..');
const DEMO_FEED = readFileSync(join(ROOT, 'demo', 'arxiv-rss-cs.xml'), 'utf8');

/** What the API answers for listing date 2026-02-02; set by the test once it knows which papers day 1 showed. */
let apiDay = '';
let arxiv: LoopbackServer;

before(async () => {
  arxiv = await startLoopbackServer((request, response) => {
    const path = request.url.split('?')[0];
    response.writeHead(200, {
      'content-type': path === '/rss/cs' ? 'application/rss+xml' : 'application/atom+xml',
    });
    response.end(path === '/rss/cs' ? DEMO_FEED : apiDay);
  });
});

after(async () => {
  await arxiv.close();
});

function freshHome(toml: string): (args: string[]) => Promise<CliResult> {
  const home = mkdtempSync(join(tmpdir(), 'paperwire-unseen-'));
  writeFileSync(join(home, 'paperwire.toml'), toml);
  return (args) =>
    runMain(args, {
      cwd: home,
      env: {
        PAPERWIRE_HOME: join(home, 'data'),
        PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss`,
        PAPERWIRE_ARXIV_API_URL: `${arxiv.url}/api/query`,
        PAPERWIRE_HTTP_RETRIES: '0',
      },
    });
}

/** One API entry: `primary` decides new (cs) or cross (elsewhere) in a `cs` listing. */
function apiEntry(versionedId: string, title: string, primary: string): string {
  return (
    `<entry><id>http://arxiv.org/abs/${versionedId}</id><title>${title}</title>` +
    `<summary>An abstract about reinforcement learning.</summary><author><name>A. Author</name></author>` +
    `<arxiv:primary_category term="${primary}"/><category term="${primary}"/><category term="cs.LG"/>` +
    `<published>2026-01-30T10:00:00Z</published></entry>`
  );
}

function apiFeed(entries: string[]): string {
  return (
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" ` +
    `xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>${entries.length}` +
    `</opensearch:totalResults><opensearch:startIndex>0</opensearch:startIndex>${entries.join('')}</feed>`
  );
}

interface DigestDocument {
  profile: string;
  notices: string[];
  sections: { papers: string[] }[];
}

const idsOf = (document: DigestDocument): string[] => [
  ...new Set(document.sections.flatMap((section) => section.papers)),
];

describe('digest --unseen', () => {
  const run = freshHome(
    '[profiles.rl]\nkeywords = ["reinforcement learning"]\nlang = "en"\ninclude_cross = true\n' +
      'include_replaced = true\nunseen = true\n',
  );
  let shownOnDay1: string[] = [];

  it('shows every paper of the first digest', async () => {
    const day1 = await run(['digest', '--style', 'json']);
    assert.equal(day1.code, 0, day1.stderr);
    const document = JSON.parse(day1.stdout) as DigestDocument;
    shownOnDay1 = idsOf(document);
    assert.ok(shownOnDay1.length >= 2, 'the recorded day matches reinforcement learning');
    assert.deepEqual(document.notices, []);
  });

  it('hides on a later date a v2 and a cross-list of papers it showed, and says how many', async () => {
    const [first = '', second = ''] = shownOnDay1;
    apiDay = apiFeed([
      apiEntry(`${first}v2`, 'A second version on reinforcement learning', 'cs.LG'),
      apiEntry(`${second}v1`, 'A cross-list on reinforcement learning', 'stat.ML'),
      apiEntry('2601.99001v1', 'A new paper on reinforcement learning', 'cs.LG'),
    ]);
    const day2 = await run(['digest', '--date', '2026-02-02', '--style', 'json']);
    assert.equal(day2.code, 0, day2.stderr);
    const document = JSON.parse(day2.stdout) as DigestDocument;
    assert.deepEqual(idsOf(document), ['2601.99001']);
    assert.match(day2.stderr, /\(rl\): 1 paper in 1 section; /);
    const notice = '2 papers hidden: shown in an earlier digest of profile rl (unseen)';
    assert.deepEqual(document.notices, [notice]);
    assert.match(day2.stderr, new RegExp(`notice: ${notice.replace(/[()]/g, '\\$&')}`));
  });

  it('hides nothing of its own when the same date is made again', async () => {
    const again = await run(['digest', '--date', '2026-02-02', '--style', 'json']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(idsOf(JSON.parse(again.stdout) as DigestDocument), ['2601.99001']);
  });

  it('shows with --no-unseen what it hid, as an ad-hoc digest named apart from the profile', async () => {
    const shown = await run(['digest', '--date', '2026-02-02', '--no-unseen', '--style', 'json']);
    assert.equal(shown.code, 0, shown.stderr);
    const document = JSON.parse(shown.stdout) as DigestDocument;
    assert.equal(idsOf(document).length, 3);
    assert.deepEqual(document.notices, []);
    assert.match(document.profile, /^rl~[0-9a-f]{8}$/);
  });

  it('refuses --unseen with --no-unseen in one line (exit 2)', async () => {
    const both = await run(['digest', '--unseen', '--no-unseen', '--style', 'json']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--unseen and --no-unseen contradict each other/);
  });
});

describe('digest --unseen on a profile without unseen', () => {
  const run = freshHome('[profiles.rl]\nkeywords = ["reinforcement learning"]\nlang = "en"\n');

  it('is ad-hoc, named apart from the profile', async () => {
    const result = await run(['digest', '--unseen', '--quiet', '--style', 'json']);
    assert.equal(result.code, 0, result.stderr);
    assert.match((JSON.parse(result.stdout) as DigestDocument).profile, /^rl~[0-9a-f]{8}$/);
  });

  // rl~a1826339 is the name the code before --unseen gave this digest (checked by running it).
  it('leaves the ad-hoc names of digests without --unseen as they were before it existed', async () => {
    const result = await run(['digest', '--keyword', 'Sobolev', '--style', 'json']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as DigestDocument).profile, 'rl~a1826339');
  });
});
