// Tests for config loading: file, environment and flags, their precedence, and errors that name file and line.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultHome, loadConfig } from './config.js';
import { ConfigError, UsageError, formatError, redact } from './errors.js';

function folderWith(toml: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-config-'));
  if (toml !== null) writeFileSync(join(dir, 'paperwire.toml'), toml);
  return dir;
}

function load(dir: string, env: NodeJS.ProcessEnv = {}, flags = {}) {
  return loadConfig({ cwd: dir, env: { PAPERWIRE_HOME: join(dir, 'home'), ...env }, flags });
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError');
}

const GOOD = `default_profile = "rl"

[llm]
base_url = "http://127.0.0.1:9/v1"
model = "qwen"

[profiles.rl]
keywords = ["reinforcement learning", "diffusion policy"]
categories = ["cs.LG", "cs.RO"]
lang = "zh"
style = "markdown"
include_cross = true
`;

describe('loadConfig', () => {
  it('reads profiles from paperwire.toml in the working folder', () => {
    const config = load(folderWith(GOOD));
    const profile = config.profiles.get('rl');
    assert.equal(config.defaultProfile, 'rl');
    assert.deepEqual(profile?.keywords, ['reinforcement learning', 'diffusion policy']);
    assert.deepEqual(profile.categories, ['cs.LG', 'cs.RO']);
    assert.equal(profile.style, 'markdown');
    assert.equal(profile.includeCross, true);
    assert.equal(profile.includeReplaced, false);
    assert.equal(config.llm.model, 'qwen');
  });

  it('gives a default profile and the default endpoints when there is no file', () => {
    const dir = folderWith(null);
    const config = load(dir);
    assert.equal(config.configPath, null);
    assert.deepEqual(config.profiles.get('default')?.categories, ['cs']);
    assert.equal(config.endpoints.arxivRss, 'https://rss.arxiv.org/rss');
    assert.equal(config.llm.baseUrl, null);
    assert.equal(config.dbPath, join(dir, 'home', 'paperwire.sqlite'));
  });

  it('lets the environment win over the file, and flags over the environment', () => {
    const dir = folderWith(GOOD + '\n[endpoints]\narxiv_rss = "http://file.example/rss"\n');
    const fromFile = load(dir);
    assert.equal(fromFile.endpoints.arxivRss, 'http://file.example/rss');
    const fromEnv = load(dir, {
      PAPERWIRE_ARXIV_RSS_URL: 'http://env.example/rss/',
      PAPERWIRE_LLM_MODEL: 'env-model',
    });
    assert.equal(fromEnv.endpoints.arxivRss, 'http://env.example/rss');
    assert.equal(fromEnv.llm.model, 'env-model');
    const fromFlag = load(dir, {}, { home: join(dir, 'flag-home') });
    assert.equal(fromFlag.home, join(dir, 'flag-home'));
  });

  it('falls back to OPENAI_BASE_URL and OPENAI_API_KEY', () => {
    const config = load(folderWith(null), {
      OPENAI_BASE_URL: 'https://api.example/v1',
      OPENAI_API_KEY: 'sk-x',
    });
    assert.equal(config.llm.baseUrl, 'https://api.example/v1');
    assert.equal(config.llm.apiKey, 'sk-x');
  });

  it('names the file, the line and the allowed keys for an unknown key', () => {
    const dir = folderWith(GOOD.replace('style = "markdown"', 'style = "markdown"\nlanguage = "zh"'));
    const error = configError(() => load(dir));
    assert.equal(error.where, `${join(dir, 'paperwire.toml')}:12`);
    assert.match(error.message, /unknown key "profiles\.rl\.language"/);
    assert.match(error.hint ?? '', /allowed in \[profiles\.rl\]: keywords, categories, lang/);
  });

  it('refuses [llm] concurrency past 64, from the file or the variable, naming where it came from', () => {
    const dir = folderWith(GOOD.replace('model = "qwen"', 'model = "qwen"\nconcurrency = 1e9'));
    const error = configError(() => load(dir));
    assert.match(error.message, /paperwire\.toml:\d+: "llm\.concurrency" must be at most 64$/);
    assert.match(error.hint ?? '', /^got 1000000000; /);
    const fromEnv = configError(() => load(folderWith(null), { PAPERWIRE_LLM_CONCURRENCY: '65' }));
    assert.equal(fromEnv.where, '$PAPERWIRE_LLM_CONCURRENCY');
    assert.equal(load(folderWith(null), { PAPERWIRE_LLM_CONCURRENCY: '64' }).llm.concurrency, 64);
  });

  it('quotes a table given for a number as the reader wrote it, not as [object Object]', () => {
    const dir = folderWith(GOOD.replace('model = "qwen"', 'model = "qwen"\nconcurrency = { max = 4 }'));
    const error = configError(() => load(dir));
    assert.match(error.message, /"llm\.concurrency" must be a positive whole number/);
    assert.match(error.hint ?? '', /^got \{"max":4\}; for example \d+$/);
  });

  it('reads [relevance] embeddings and profile min_score and top, the key only from the environment', () => {
    const dir = folderWith(
      `${GOOD.replace('include_cross = true', 'include_cross = true\nmin_score = 0.6\ntop = 5')}\n[relevance]\n` +
        'embeddings_url = "http://127.0.0.1:11434/v1/"\nembeddings_model = "nomic-embed-text"\n',
    );
    const config = load(dir, { PAPERWIRE_EMBEDDINGS_API_KEY: 'sk-embed-0123456789' });
    assert.deepEqual(config.relevance, {
      embeddingsUrl: 'http://127.0.0.1:11434/v1',
      embeddingsModel: 'nomic-embed-text',
      embeddingsApiKey: 'sk-embed-0123456789',
    });
    assert.equal(redact('key sk-embed-0123456789'), 'key ***');
    assert.equal(config.profiles.get('rl')?.minScore, 0.6);
    assert.equal(config.profiles.get('rl')?.top, 5);
  });

  it('refuses an embeddings URL without a model, and a min_score outside 0..1, naming the line', () => {
    const noModel = configError(() =>
      load(folderWith(`${GOOD}\n[relevance]\nembeddings_url = "http://127.0.0.1:11434/v1"\n`)),
    );
    assert.match(noModel.message, /an embeddings URL is set but no embeddings model/);
    const score = configError(() =>
      load(folderWith(GOOD.replace('include_cross = true', 'include_cross = true\nmin_score = 2'))),
    );
    assert.match(score.where, /paperwire\.toml:13$/);
    assert.match(score.message, /2 must be a number from 0 to 1/);
  });

  it('names the line and the allowed values for a wrong value', () => {
    const dir = folderWith(GOOD.replace('lang = "zh"', 'lang = "cn"'));
    const error = configError(() => load(dir));
    assert.equal(error.where, `${join(dir, 'paperwire.toml')}:10`);
    assert.match(error.message, /"lang" must be one of en, zh, ja/);
  });

  it('refuses two profiles writing one out file, which replaced each other’s digest every day', () => {
    const toml =
      '[profiles.rl]\nout = "digests/{date}.md"\n\n[profiles.cv]\nkeywords = ["vision"]\nout = "./digests//{date}.md"\n';
    const dir = folderWith(toml);
    const error = configError(() => load(dir));
    assert.equal(error.where, `${join(dir, 'paperwire.toml')}:6`);
    assert.match(error.message, /profiles rl and cv write the same out file/);
    const apart = toml.replace('./digests//{date}.md', 'digests/cv-{date}.md');
    assert.equal(load(folderWith(apart)).profiles.get('cv')?.out, 'digests/cv-{date}.md');
  });

  it("refuses a profile's out with a placeholder other than {date}, naming the line, and keeps {date}", () => {
    const dir = folderWith(
      GOOD.replace('include_cross = true', 'include_cross = true\nout = "archive/{data}.md"'),
    );
    const error = configError(() => load(dir));
    assert.equal(
      formatError(error),
      `paperwire: ${join(dir, 'paperwire.toml')}:13: {data} is not a placeholder: only {date} is filled in ` +
        '(the listing date) (write the path like digests/{date}.md)',
    );
    const good = GOOD.replace(
      'include_cross = true',
      'include_cross = true\nout = "archive/{date}-{date}.md"',
    );
    assert.equal(load(folderWith(good)).profiles.get('rl')?.out, 'archive/{date}-{date}.md');
  });

  it('refuses a [schedule] delay or catch-up so large run would stop on an invalid date, naming the line', () => {
    const delay = folderWith(`${GOOD}\n[schedule]\ndelay_minutes = 1000000000000\n`);
    assert.equal(
      formatError(configError(() => load(delay))),
      `paperwire: ${join(delay, 'paperwire.toml')}:15: "schedule.delay_minutes" must be at most 10080 ` +
        '(minutes: a week) (got 1000000000000)',
    );
    const catchUp = folderWith(`${GOOD}\n[schedule]\ncatch_up_days = 100000000\n`);
    assert.match(
      formatError(configError(() => load(catchUp))),
      /paperwire\.toml:15: "schedule\.catch_up_days" must be at most 366 \(days: a year\) \(got 100000000\)$/,
    );
    const fine = load(folderWith(`${GOOD}\n[schedule]\ndelay_minutes = 720\ncatch_up_days = 30\n`));
    assert.deepEqual(fine.schedule, { delayMinutes: 720, catchUpDays: 30 });
  });

  it('refuses a config that is a folder, a device or UTF-16 in one line naming the file, and reads nothing endless', () => {
    const folder = folderWith(null);
    mkdirSync(join(folder, 'paperwire.toml'));
    assert.equal(
      formatError(configError(() => load(folder))),
      `paperwire: ${join(folder, 'paperwire.toml')}: the config is a folder, not a file ` +
        '(name a paperwire.toml file (--config FILE), or move the folder of that name away)',
    );
    const device = configError(() => load(folderWith(null), {}, { config: '/dev/zero' }));
    assert.equal(device.message, '/dev/zero: the config is a device or special file, not a file');
    const utf16 = folderWith(null);
    writeFileSync(join(utf16, 'paperwire.toml'), Buffer.from(`\ufeff${GOOD}`, 'utf16le'));
    assert.match(
      formatError(configError(() => load(utf16))),
      /paperwire\.toml: the config is UTF-16, not UTF-8 text \(save it as UTF-8/,
    );
  });

  it('reads a config from a pipe, as --config <(…) gives it', async (context) => {
    const dir = folderWith(null);
    const fifo = join(dir, 'config.fifo');
    if (spawnSync('mkfifo', [fifo]).status !== 0) {
      context.skip('mkfifo is not available');
      return;
    }
    const writer = spawn('sh', ['-c', 'printf "%s" "$0" > "$1"', GOOD, fifo]);
    const config = load(dir, {}, { config: fifo });
    await once(writer, 'close');
    assert.equal(config.profiles.get('rl')?.lang, 'zh');
  });

  it('rejects a wrong type with the line', () => {
    const dir = folderWith(GOOD.replace('include_cross = true', 'include_cross = "yes"'));
    const error = configError(() => load(dir));
    assert.match(error.message, /:12: "profiles\.rl\.include_cross" must be true or false/);
  });

  it('reports TOML syntax errors with the line', () => {
    const dir = folderWith('[profiles.rl]\nkeywords = ["a",\n');
    const error = configError(() => load(dir));
    assert.match(error.where, /paperwire\.toml:3$/);
    assert.match(error.message, /not valid TOML/);
  });

  it('rejects an unknown category and suggests the closest', () => {
    const dir = folderWith(GOOD.replace('"cs.RO"', '"cs.LGG"'));
    const error = configError(() => load(dir));
    assert.match(error.message, /unknown arXiv category "cs\.LGG"/);
    assert.match(error.hint ?? '', /cs\.LG/);
  });

  it('shows a control character in an unknown category as an escape, not as the space it printed as', () => {
    const dir = folderWith(GOOD.replace('"cs.RO"', '"cs.RO\\n"'));
    const error = configError(() => load(dir));
    // It said: unknown arXiv category "cs.RO " (did you mean cs.RO?).
    assert.match(error.message, /unknown arXiv category "cs\.RO\\x0a"/);
  });

  it('makes the first profile the default when default_profile is not set', () => {
    const config = load(
      folderWith(GOOD.replace('default_profile = "rl"', '') + '\n[profiles.vision]\nkeywords = ["vit"]\n'),
    );
    assert.equal(config.defaultProfile, 'rl');
    assert.deepEqual([...config.profiles.keys()], ['rl', 'vision']);
  });

  it('rejects a default_profile that names no profile', () => {
    const dir = folderWith(GOOD.replace('default_profile = "rl"', 'default_profile = "vision"'));
    assert.match(configError(() => load(dir)).message, /"default_profile" names "vision"/);
  });

  it('never hints a header for a default_profile or notify name no profile or target may have', () => {
    // `define [profiles.../x]` was a header TOML cannot parse, and `[profiles."../x"]` a profile name refused.
    const toml = GOOD.replace('default_profile = "rl"', 'default_profile = "../x"');
    const error = configError(() => load(folderWith(toml)));
    assert.match(error.message, /"default_profile" names "\.\.\/x", which is not a profile$/);
    assert.equal(error.hint, 'a profile name is letters, digits, "-" and "_" only; choose one of: rl');
    const notify = configError(() =>
      load(folderWith(GOOD.replace('include_cross = true', 'notify = ["a b"]'))),
    );
    assert.match(notify.message, /"notify" names "a b", which is not a chat target$/);
    assert.equal(notify.hint, 'a chat target\'s name is letters, digits, "-" and "_" only');
  });

  it('rejects a non-URL endpoint from the environment, naming the variable', () => {
    const error = configError(() => load(folderWith(null), { PAPERWIRE_ARXIV_API_URL: 'export.arxiv.org' }));
    assert.equal(error.where, '$PAPERWIRE_ARXIV_API_URL');
  });

  it('blames a bad environment value on its variable, never on a paperwire.toml that does not exist', () => {
    const cases: [NodeJS.ProcessEnv, string][] = [
      [{ PAPERWIRE_LLM_BASE_URL: 'localhost:11434' }, '$PAPERWIRE_LLM_BASE_URL'],
      [{ OPENAI_BASE_URL: 'api.openai.com' }, '$OPENAI_BASE_URL'],
      [{ PAPERWIRE_LLM_CONCURRENCY: 'lots' }, '$PAPERWIRE_LLM_CONCURRENCY'],
      [
        { PAPERWIRE_SMTP_HOST: 'smtp.example.org', PAPERWIRE_SMTP_STARTTLS: 'maybe' },
        '$PAPERWIRE_SMTP_STARTTLS',
      ],
      [{ PAPERWIRE_SMTP_HOST: 'smtp.example.org' }, '$PAPERWIRE_SMTP_HOST'],
      [
        {
          PAPERWIRE_SMTP_HOST: 'smtp.example.org',
          PAPERWIRE_SMTP_FROM: 'a@b.org',
          PAPERWIRE_SMTP_USER: 'me',
        },
        '$PAPERWIRE_SMTP_USER',
      ],
    ];
    for (const [env, where] of cases) {
      const error = configError(() => load(folderWith(null), env));
      assert.equal(error.where, where, error.message);
      assert.doesNotMatch(error.message, /paperwire\.toml/);
    }
    // Number() read each of these as a count (16, 1000, 7): a variable meaning a count takes plain digits only.
    for (const value of ['0x10', '1e3', ' 7', '1_000']) {
      const error = configError(() => load(folderWith(null), { PAPERWIRE_LLM_CONCURRENCY: value }));
      assert.equal(error.where, '$PAPERWIRE_LLM_CONCURRENCY', value);
    }
    // A value the file gives is still blamed on the file's line.
    const fromFile = configError(() => load(folderWith('[llm]\nconcurrency = 0\n'), {}));
    assert.match(fromFile.where, /paperwire\.toml:2$/);
  });

  it('refuses a timeout longer than a timer holds, which made every request time out at once', () => {
    for (const [toml, line] of [
      ['[llm]\ntimeout_ms = 99999999999\n', 2],
      ['[smtp]\nhost = "smtp.example.org"\nfrom = "a@b.org"\ntimeout_ms = 2147483648\n', 4],
    ] as const) {
      const dir = folderWith(toml);
      const error = configError(() => load(dir));
      assert.equal(error.where, `${join(dir, 'paperwire.toml')}:${line}`);
      assert.match(error.message, /timeout_ms" must be at most 2147483647 ms \(24 days\)/);
    }
    assert.equal(load(folderWith('[llm]\ntimeout_ms = 2147483647\n')).llm?.timeoutMs, 2147483647);
  });

  it('refuses an SMTP port outside 1..65535 when the config is read, naming where it came from', () => {
    const smtp = { PAPERWIRE_SMTP_HOST: 'smtp.example.org', PAPERWIRE_SMTP_FROM: 'a@b.org' };
    for (const port of ['99999', '65536', '0']) {
      const error = configError(() => load(folderWith(null), { ...smtp, PAPERWIRE_SMTP_PORT: port }));
      assert.equal(error.where, '$PAPERWIRE_SMTP_PORT');
      assert.match(error.message, /"smtp\.port" must be from 1 to 65535/);
    }
    const dir = folderWith('[smtp]\nhost = "smtp.example.org"\nfrom = "a@b.org"\nport = 70000\n');
    assert.match(configError(() => load(dir)).where, /paperwire\.toml:4$/);
    assert.equal(load(folderWith(null), { ...smtp, PAPERWIRE_SMTP_PORT: '65535' }).smtp?.port, 65535);
  });

  it('refuses a sender with a line break or a second address, naming where it came from', () => {
    const smtp = { PAPERWIRE_SMTP_HOST: 'smtp.example.org' };
    for (const from of [
      'paperwire <digest@example.org>\r\nBcc: other@example.org',
      'digest@example.org, other@example.org',
      'paperwire <digest@example.org>, other@example.org',
    ]) {
      const error = configError(() => load(folderWith(null), { ...smtp, PAPERWIRE_SMTP_FROM: from }));
      assert.equal(error.where, '$PAPERWIRE_SMTP_FROM');
      assert.match(error.message, /is not one sender address/);
    }
    const dir = folderWith('[smtp]\nhost = "smtp.example.org"\nfrom = "me <a@b.org>\\nBcc: c@d.org"\n');
    assert.match(configError(() => load(dir)).where, /paperwire\.toml:3$/);
    for (const from of [
      'paperwire <digest@example.org>',
      'digest@example.org',
      'Ada Lovelace <ada@example.org>',
    ]) {
      assert.equal(load(folderWith(null), { ...smtp, PAPERWIRE_SMTP_FROM: from }).smtp?.from, from);
    }
  });

  it('reads the web UI public URL from [web] or PAPERWIRE_PUBLIC_URL, without trailing slashes', () => {
    assert.equal(load(folderWith(null)).web.publicUrl, null);
    const dir = folderWith('[web]\npublic_url = "https://example.org/paperwire/"\n');
    assert.equal(load(dir).web.publicUrl, 'https://example.org/paperwire');
    assert.equal(
      load(dir, { PAPERWIRE_PUBLIC_URL: 'http://papers.internal:8787' }).web.publicUrl,
      'http://papers.internal:8787',
    );
  });

  it('rejects a public URL with a query or fragment, which came before every link path of the e-mails', () => {
    const dir = folderWith('[web]\npublic_url = "https://papers.example.org/p?utm=mail"\n');
    const error = configError(() => load(dir));
    assert.equal(error.where, `${join(dir, 'paperwire.toml')}:2`);
    assert.match(error.message, /has a query or fragment \(\?utm=mail\)/);
    for (const url of ['https://papers.example.org/#', 'https://papers.example.org/?']) {
      assert.equal(
        configError(() => load(folderWith(null), { PAPERWIRE_PUBLIC_URL: url })).where,
        '$PAPERWIRE_PUBLIC_URL',
      );
    }
  });

  it('rejects a public URL that is not http(s), naming the file and line', () => {
    const dir = folderWith('[web]\n\npublic_url = "papers.example.org"\n');
    const error = configError(() => load(dir));
    assert.equal(error.where, `${join(dir, 'paperwire.toml')}:3`);
    assert.match(error.message, /"papers\.example\.org" is not an http\(s\) URL/);
  });
});

describe('loadConfig: URLs with user:password', () => {
  it('keeps user:password in an endpoint URL for Basic auth, and registers the password as a secret', () => {
    const config = load(folderWith(null), {
      PAPERWIRE_ARXIV_RSS_URL: 'https://feeds:endpoint-pass-1@rss.example.org/rss/',
    });
    assert.equal(config.endpoints.arxivRss, 'https://feeds:endpoint-pass-1@rss.example.org/rss');
    assert.equal(redact('asked endpoint-pass-1 today'), 'asked *** today');
  });

  it('keeps user:password in the LLM URL without an API key, and registers the password', () => {
    const config = load(folderWith(null), {
      PAPERWIRE_LLM_BASE_URL: 'http://proxy:llm-pass-22@127.0.0.1:9/v1',
    });
    assert.equal(config.llm.baseUrl, 'http://proxy:llm-pass-22@127.0.0.1:9/v1');
    assert.equal(redact('llm-pass-22'), '***');
  });

  it('refuses user:password in the LLM URL beside an API key, in one line without the password', () => {
    const error = configError(() =>
      load(folderWith(null), {
        PAPERWIRE_LLM_BASE_URL: 'http://proxy:llm-pass-33@127.0.0.1:9/v1',
        PAPERWIRE_LLM_API_KEY: 'sk-key-33',
      }),
    );
    assert.equal(error.where, '$PAPERWIRE_LLM_BASE_URL');
    const line = formatError(error);
    assert.match(line, /the URL carries user:password, and an API key is set/);
    assert.doesNotMatch(line, /llm-pass-33|\n/);
  });

  it('refuses user:password in the public URL, which is mailed to readers', () => {
    const error = configError(() =>
      load(folderWith(null), { PAPERWIRE_PUBLIC_URL: 'https://admin:web-pass-44@papers.example.org' }),
    );
    assert.equal(error.where, '$PAPERWIRE_PUBLIC_URL');
    assert.doesNotMatch(formatError(error), /web-pass-44/);
  });

  it('refuses user:password in the DeepL URL', () => {
    const dir = folderWith(
      '[deepl]\napi_key = "dk-1234:fx"\nbase_url = "https://u:deepl-pass-55@api-free.deepl.com"\n',
    );
    const error = configError(() => load(dir));
    assert.equal(error.where, `${join(dir, 'paperwire.toml')}:3`);
    assert.doesNotMatch(formatError(error), /deepl-pass-55/);
  });

  it('refuses a URL-shaped SMTP host without showing its password', () => {
    const error = configError(() =>
      load(folderWith(null), {
        PAPERWIRE_SMTP_HOST: 'smtp://digest:smtp-pass-66@mail.example.org:587',
        PAPERWIRE_SMTP_FROM: 'wire@example.org',
      }),
    );
    assert.equal(error.where, '$PAPERWIRE_SMTP_HOST');
    assert.doesNotMatch(formatError(error), /smtp-pass-66/);
  });

  it('reads [http] max_response_mb, and PAPERWIRE_HTTP_MAX_RESPONSE_MB over it', () => {
    assert.equal(load(folderWith(null)).http.maxResponseMb, null);
    const dir = folderWith('[http]\nmax_response_mb = 80\n');
    assert.equal(load(dir).http.maxResponseMb, 80);
    assert.equal(load(dir, { PAPERWIRE_HTTP_MAX_RESPONSE_MB: '5' }).http.maxResponseMb, 5);
    const error = configError(() => load(dir, { PAPERWIRE_HTTP_MAX_RESPONSE_MB: 'lots' }));
    assert.equal(error.where, '$PAPERWIRE_HTTP_MAX_RESPONSE_MB');
  });
});

describe('loadConfig: empty flags', () => {
  it('refuses an empty --home or --config (an unset "$VARIABLE") instead of the current folder or the default', () => {
    const dir = folderWith(null);
    for (const flags of [{ home: '' }, { home: ' ' }, { config: '' }]) {
      assert.throws(
        () => loadConfig({ cwd: dir, env: {}, flags }),
        (error: unknown) => error instanceof UsageError && /^--(home|config) is empty$/.test(error.message),
        JSON.stringify(flags),
      );
    }
  });
});

describe('defaultHome', () => {
  it('follows XDG_DATA_HOME on Linux and the platform folder elsewhere', () => {
    assert.equal(defaultHome({ XDG_DATA_HOME: '/data' }, 'linux'), '/data/paperwire');
    // The XDG spec: an empty or relative XDG_DATA_HOME is ignored, never a store under the current folder.
    for (const XDG_DATA_HOME of ['', '   ', 'data', './data']) {
      assert.match(
        defaultHome({ XDG_DATA_HOME }, 'linux'),
        /^\/.*\/\.local\/share\/paperwire$/,
        XDG_DATA_HOME,
      );
    }
    assert.match(defaultHome({ APPDATA: '' }, 'win32'), /AppData.Roaming.paperwire$/);
    assert.match(defaultHome({}, 'darwin'), /Library\/Application Support\/paperwire$/);
    assert.equal(
      defaultHome({ APPDATA: 'C:\\Users\\r\\AppData\\Roaming' }, 'win32'),
      join('C:\\Users\\r\\AppData\\Roaming', 'paperwire'),
    );
  });
});

describe('loadConfig: unseen', () => {
  it("reads a profile's unseen, false when unset, and names the line of a value that is not true or false", () => {
    const config = load(folderWith('[profiles.rl]\nunseen = true\n\n[profiles.cv]\nkeywords = ["vision"]\n'));
    assert.equal(config.profiles.get('rl')?.unseen, true);
    assert.equal(config.profiles.get('cv')?.unseen, false);
    const bad = configError(() => load(folderWith('[profiles.rl]\nunseen = "yes"\n')));
    assert.match(bad.message, /paperwire\.toml:2: .*unseen/);
  });
});

describe('loadConfig: translation settings', () => {
  it('reads DeepL, the provider order, the user glossary and the profile budgets', () => {
    const dir = folderWith(`[llm]
base_url = "http://127.0.0.1:9/v1"
providers = ["deepl", "openai"]

[deepl]
api_key = "abc:fx"

[glossary.zh]
"policy gradient" = "策略梯度"
rollout = ["rollout", "推演"]
agent = { translations = ["智能体"], forbidden = ["代理人"] }

[profiles.rl]
keywords = ["rl"]
tldr = true
max_tokens = 50000
max_papers = 20
`);
    const config = load(dir);
    assert.deepEqual(config.llm.providers, ['deepl', 'openai']);
    assert.deepEqual(config.deepl, { apiKey: 'abc:fx', baseUrl: 'https://api-free.deepl.com' });
    assert.deepEqual(config.glossary.zh, [
      { term: 'policy gradient', translations: ['策略梯度'] },
      { term: 'rollout', translations: ['rollout', '推演'] },
      { term: 'agent', translations: ['智能体'], forbidden: ['代理人'] },
    ]);
    const profile = config.profiles.get('rl');
    assert.equal(profile?.tldr, true);
    assert.equal(profile.maxTokens, 50000);
    assert.equal(profile.maxPapers, 20);
  });

  it('takes DeepL from the environment, pro URL for a pro key, and orders OpenAI first by default', () => {
    const config = load(folderWith('[llm]\nbase_url = "http://127.0.0.1:9/v1"\n'), {
      PAPERWIRE_DEEPL_API_KEY: 'pro-key',
    });
    assert.deepEqual(config.deepl, { apiKey: 'pro-key', baseUrl: 'https://api.deepl.com' });
    assert.deepEqual(config.llm.providers, ['openai', 'deepl']);
  });

  it('names the file and line of an unknown [deepl] key, a bad provider and a bad glossary language', () => {
    const unknown = configError(() => load(folderWith('[deepl]\napi_key = "k"\nurl = "x"\n')));
    assert.match(unknown.message, /paperwire\.toml:3: unknown key "deepl\.url"/);
    const provider = configError(() => load(folderWith('[llm]\nproviders = ["google"]\n')));
    assert.match(provider.message, /paperwire\.toml:2: "providers" must be one of openai, deepl/);
    const lang = configError(() => load(folderWith('[glossary.xx]\npolicy = "x"\n')));
    assert.match(lang.message, /paperwire\.toml:1: unknown glossary language "xx"/);
  });
});
