import { mkdtemp, rm } from 'node:fs/promises';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  chromium,
  type BrowserContext,
  type Page,
  type Worker,
} from 'playwright-core';

import { buildExtension } from '../../extension/build.ts';
import { developmentExtensionId } from '../../idp/extension-id.ts';
import { chromiumArgs, findChromium } from '../../scripts/chromium.ts';

/**
 * The built extension in a headless Chromium, for tests that drive it as
 * a support person would. Each test file builds its own copy into a temp
 * folder (node --test runs files in parallel, and they must not write one
 * folder at once) and launches a fresh profile.
 */

/**
 * The id the development key in manifest.json gives the extension, as the
 * IdP works it out for its default redirect; the loading test checks it
 * against the id Chromium gave the loaded extension.
 */
export const extensionId = developmentExtensionId;

export const extensionOrigin = `chrome-extension://${extensionId}`;

export interface LoadedExtension {
  readonly context: BrowserContext;
  readonly id: string;
  /** The browser profile's folder, to read what Chrome stored there. */
  readonly profile: string;
  /** The service worker running now; it changes after a restart. */
  worker(): Promise<Worker>;
  /** Opens one of the extension's pages in a new tab. */
  open(path: string): Promise<Page>;
  close(): Promise<void>;
}

export const optionsPath = 'extension/options/options.html';
export const popupPath = 'extension/popup/popup.html';

/** Builds the extension into a temp folder and loads it in Chromium. */
export async function loadExtension(
  options: { initScript?: string } = {},
): Promise<LoadedExtension> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('Chromium is needed: apt-get install chromium');
  }

  const work = await mkdtemp(join(tmpdir(), 'extension-test-'));
  const dist = join(work, 'dist');
  await buildExtension({ outDir: dist, grantLoopback: true });

  const context = await chromium.launchPersistentContext(
    join(work, 'profile'),
    {
      executablePath,
      headless: true,
      args: [
        `--disable-extensions-except=${dist}`,
        `--load-extension=${dist}`,
        ...chromiumArgs,
      ],
    },
  );
  if (options.initScript) {
    await context.addInitScript(options.initScript);
  }

  const worker = async () =>
    context
      .serviceWorkers()
      .find((known) => known.url().includes(extensionId)) ??
    (await context.waitForEvent('serviceworker'));
  const id = new URL((await worker()).url()).host;

  return {
    context,
    id,
    profile: join(work, 'profile'),
    worker,
    async open(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${id}/${path}`);
      await page.locator('body[data-ready="true"]').waitFor();
      return page;
    },
    async close() {
      await context.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/**
 * Loads the extension before the tests of the surrounding `describe`,
 * hands it to `use`, and closes it after them.
 */
export function loadForSuite(
  use: (extension: LoadedExtension) => void,
  options: { initScript?: string } = {},
): void {
  let loaded: LoadedExtension | undefined;
  before(async () => {
    loaded = await loadExtension(options);
    use(loaded);
  });
  after(async () => {
    await loaded?.close();
  });
}

/**
 * Collects what a page reports as wrong: console errors and warnings,
 * uncaught exceptions, and Content Security Policy violations, which the
 * page is made to log as errors before any of its scripts run. Call it
 * before the page is navigated.
 */
export async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return problems;
}

/** Reads a key of the extension's `chrome.storage.session`. */
export async function sessionStorage(
  extension: LoadedExtension,
  key: string,
): Promise<unknown> {
  const worker = await extension.worker();
  return worker.evaluate(async (name) => {
    const stored = await chrome.storage.session.get(name);
    return stored[name] ?? null;
  }, key);
}

/** The whole of the extension's `chrome.storage.session`. */
export async function everythingInSessionStorage(
  extension: LoadedExtension,
): Promise<Record<string, unknown>> {
  const worker = await extension.worker();
  return worker.evaluate(() => chrome.storage.session.get(null));
}

/** Waits until `check` returns something truthy, polling every 50 ms. */
export async function eventually<Value>(
  check: () => Promise<Value | null | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<Value> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > until) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
