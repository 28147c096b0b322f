import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { startDemo, type Demo } from '../../demo/server.ts';
import { defaultOptions, type IdpOptions } from '../../idp/options.ts';
import { startIdp, type Idp } from '../../idp/server.ts';
import { chromiumArgs, findChromium } from '../../scripts/chromium.ts';

/**
 * The demo as a person meets it, for journeys: the demo pages and a
 * reference IdP on two free ports, and separate Chromium profiles, each a
 * browser of its own with nothing shared but the servers.
 */

export interface Stack {
  readonly demo: Demo;
  readonly idp: Idp;
  close(): Promise<void>;
}

/** Starts the demo server, then an IdP that knows the demo's origin. */
export async function startStack(
  overrides: Partial<IdpOptions> = {},
): Promise<Stack> {
  const demo = await startDemo({ port: 0 });
  const idp = await startIdp({
    ...defaultOptions,
    port: 0,
    databasePath: ':memory:',
    seed: 200,
    origins: [demo.origin],
    allowLoopbackBackchannel: true,
    backchannelTimeoutMs: 3_000,
    ...overrides,
  });
  if (!idp.receiver) {
    throw new Error('the IdP started no back-channel receiver');
  }
  demo.useIdp({ issuer: idp.issuer, receiverUrl: idp.receiver.url });

  return {
    demo,
    idp,
    async close() {
      await demo.close();
      await idp.close();
    },
  };
}

/** Whether package.json has an npm script of this name. */
function hasScript(name: string): boolean {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    scripts: Record<string, string>;
  };
  return name in manifest.scripts;
}

/**
 * Builds `<session-manager>` into `dist/widget/` unless it is there: the
 * demo pages load the built element, as a deployment would. Until
 * package.json names the build, Vite is run with the element's mode.
 */
export async function buildWidgetIfMissing(): Promise<void> {
  if (existsSync('dist/widget/session-manager.js')) return;

  const [program = 'npm', ...args] = hasScript('build:widget')
    ? ['npm', 'run', '--silent', 'build:widget']
    : ['npx', 'vite', 'build', '--mode', 'widget'];
  const code = await new Promise<number>((done) => {
    spawn(program, args, { stdio: 'ignore' }).on('close', (exit) =>
      done(exit ?? 1),
    );
  });
  if (code !== 0) {
    throw new Error(`${program} ${args.join(' ')} failed with code ${code}`);
  }
}

/** One person's browser: its own profile in a temp folder. */
export interface PersonBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught errors and console errors of every page, as they came. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(
  options: { args?: string[]; userAgent?: string } = {},
): Promise<PersonBrowser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('Chromium is needed: apt-get install chromium');
  }

  const profile = await mkdtemp(join(tmpdir(), 'e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    userAgent: options.userAgent ?? desktopUserAgent,
    args: [...chromiumArgs, ...(options.args ?? [])],
  });
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  const watch = (watched: Page) => {
    watched.on('pageerror', (error) => problems.push(error.message));
    watched.on('console', (message) => {
      if (message.type() === 'error') {
        const where = message.location().url;
        problems.push(where ? `${message.text()} (${where})` : message.text());
      }
    });
  };
  watch(page);
  context.on('page', watch);

  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Whether `page` shows the IdP's login form. */
export async function showsLogin(page: Page, issuer: string): Promise<boolean> {
  await page.waitForLoadState();
  return (
    page.url().startsWith(`${issuer}/interaction/`) &&
    (await page.getByLabel('Password').count()) === 1
  );
}

/**
 * Fills the IdP's login form on `page` and allows the client when it
 * asks, then waits until the browser has left the IdP.
 */
export async function logIn(
  page: Page,
  issuer: string,
  username: string,
): Promise<{ consentShown: boolean }> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(`${username}-demo-password`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return leaveIdp(page, issuer);
}

/** Allows the client if the IdP asks, and waits to be sent back. */
export async function leaveIdp(
  page: Page,
  issuer: string,
): Promise<{ consentShown: boolean }> {
  const away = (url: URL) => !url.href.startsWith(issuer);
  const allow = page.getByRole('button', { name: 'Allow' });
  let consentShown = false;
  await Promise.race([
    page.waitForURL(away),
    allow.waitFor().then(
      () => {
        consentShown = true;
      },
      () => undefined,
    ),
  ]);
  if (consentShown) {
    await allow.click();
    await page.waitForURL(away);
  }
  return { consentShown };
}

/**
 * What Chromium says when it is not headless, so the element names the
 * device as a person would see it ("Chrome on Linux").
 */
export const desktopUserAgent =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/156.0.0.0 Safari/537.36';

/** A phone's browser, so a person's two devices look different. */
export const phoneUserAgent =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) ' +
  'AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 ' +
  'Safari/604.1';

/**
 * Signs in on a demo page whose Sign in button starts the flow (the admin
 * portal, the account page), then waits for the page to show the person.
 */
export async function signInToPortal(
  page: Page,
  stack: Stack,
  path: '/admin/' | '/account/',
  username: string,
): Promise<{ loginShown: boolean }> {
  await page.goto(`${stack.demo.origin}${path}`);
  await page.getByRole('button', { name: 'Sign in' }).click();

  // With an IdP session the browser comes straight back with a code and
  // never shows an IdP page at all.
  const signedIn = page.locator('body[data-state="signed-in"]');
  const wentToIdp = await Promise.race([
    page
      .waitForURL((url) => url.href.startsWith(stack.idp.issuer))
      .then(
        () => true,
        () => false,
      ),
    signedIn.waitFor().then(
      () => false,
      () => false,
    ),
  ]);
  let loginShown = false;
  if (wentToIdp) {
    loginShown = await showsLogin(page, stack.idp.issuer);
    if (loginShown) await logIn(page, stack.idp.issuer, username);
    else await leaveIdp(page, stack.idp.issuer);
  }
  await signedIn.waitFor();
  return { loginShown };
}

const screenshots = 'test-output/screenshots';

/** Saves what `page` shows now as `test-output/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`) });
}
