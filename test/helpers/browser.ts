// Headless Chromium for the browser tests: Debian's driven by playwright-core, its headless shell when installed,
// each test with a fresh context, no first-run, sync or background network. Tests skip with a reason when neither
// is installed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium builds, lightest first: `chromium-headless-shell` is Chromium's headless mode alone (the same
 * Blink and V8, no browser UI process); over the five browser test files it used about 5 s of CPU where the full
 * `chromium` in headless mode used about 12 (alternated, scripts/run-tests.mjs's CPU report).
 */
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];
const CHROMIUM_PATH =
  process.env.PAPERWIRE_CHROMIUM ??
  CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ??
  '/usr/bin/chromium';

/** The environment variable through which scripts/run-tests.mjs names the Chromium that all test files share. */
const SHARED_BROWSER_ENV = 'PAPERWIRE_TEST_BROWSER_WS';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // One renderer process where Chromium can (it still makes one per context): the tests load a few small pages
  // of one or two origins, and a renderer started per site and page cost about 2 s of Chromium's 16 s of CPU
  // over the browser test files (alternated twice, scripts/run-tests.mjs's CPU report).
  '--renderer-process-limit=1',
  '--process-per-site',
  '--disable-site-isolation-trials',
  '--disable-features=site-per-process,IsolateOrigins',
];

/** Why the browser tests cannot run here, or null when they can. */
export function browserSkipReason(): string | null {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `no Chromium at ${CHROMIUM_PATH} (install the chromium-headless-shell or chromium package, or set PAPERWIRE_CHROMIUM)`;
}

export interface TestBrowser {
  /** A context of its own: cookies and storage start empty. */
  context: BrowserContext;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts the Chromium that every browser test file of a run connects to, with the variable that tells them where:
 * scripts/run-tests.mjs calls it (from the compiled helper) and closes it when the tests end.
 *
 * @public
 */
export async function startSharedBrowser(): Promise<{ env: Record<string, string>; close(): Promise<void> }> {
  const server = await chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return { env: { [SHARED_BROWSER_ENV]: server.wsEndpoint() }, close: () => server.close() };
}

/**
 * A new, empty context in the Chromium that scripts/run-tests.mjs started for every test file (it costs about
 * 1.7 s of CPU to start one), or, when the file runs alone, in a Chromium of its own with a new, empty user-data
 * folder. close() closes what this call opened.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const sharedEndpoint = process.env[SHARED_BROWSER_ENV];
  if (sharedEndpoint !== undefined && sharedEndpoint !== '') {
    const browser = await chromium.connect(sharedEndpoint);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    return {
      context,
      browser,
      close: async () => {
        await context.close();
        // Of a connected browser: disconnects, and the browser runs on for the other files.
        await browser.close();
      },
    };
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'paperwire-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const browser = context.browser();
  if (browser === null) throw new Error('Chromium started without a browser object');
  return {
    context,
    browser,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Opens a page in the browser's context that appends each script error and console error to `errors`. */
export async function openWatchedPage(browser: TestBrowser, errors: string[]): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return page;
}
