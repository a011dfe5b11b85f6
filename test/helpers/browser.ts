// Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core, with a fresh
// profile folder, no first-run, sync or background network. Tests skip with a reason when it is not installed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM_PATH = process.env.PAPERWIRE_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser tests cannot run here, or null when they can. */
export function browserSkipReason(): string | null {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `no Chromium at ${CHROMIUM_PATH} (install the chromium package, or set PAPERWIRE_CHROMIUM)`;
}

export interface TestBrowser {
  /** A context with its own empty profile folder: cookies start empty. */
  context: BrowserContext;
  browser: Browser;
  close(): Promise<void>;
}

/** Launches Chromium with a new, empty user-data folder that close() removes. */
export async function launchBrowser(): Promise<TestBrowser> {
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
