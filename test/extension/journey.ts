import assert from 'node:assert/strict';

import type { Locator, Page } from 'playwright-core';

import type { Idp } from '../../idp/server.ts';
import { Browser, signIn } from '../support/oidc.ts';
import {
  eventually,
  extensionId,
  sessionStorage,
  type LoadedExtension,
} from './support.ts';

/**
 * What the journey tests look at besides the pages: the removal log and
 * the badge in the worker, the shared cache in IndexedDB, and users
 * signed in to the demo relying parties.
 */

export interface StoredOperation {
  id: string;
  state: string;
  attempts: number;
  reportedAt: number | null;
  report: { sessionsRemoved: number; tokensRevoked: number } | null;
}

export async function operations(extension: LoadedExtension) {
  return ((await sessionStorage(extension, 'removals')) ??
    []) as StoredOperation[];
}

export async function badge(extension: LoadedExtension): Promise<string> {
  const worker = await extension.worker();
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}

/** Signs `username` in to both demo relying parties in one IdP session. */
export async function signInToRelyingParties(idp: Idp, username: string) {
  const browser = new Browser();
  const password = `${username}-demo-password`;
  const scope = 'openid offline_access';
  const notes = await signIn(idp, {
    clientId: 'demo-notes',
    username,
    password,
    scope,
    browser,
  });
  const photos = await signIn(idp, {
    clientId: 'demo-photos',
    username,
    password,
    scope,
    browser,
  });
  return { browser, notes, photos };
}

/** Stops the extension's service worker as Chrome does when it is idle. */
export async function stopWorker(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find(
    (target) =>
      target.type === 'service_worker' && target.url.includes(extensionId),
  );
  assert.ok(worker, 'the service worker is running');
  await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  await cdp.detach();
}

/** How many pages the shared cache holds, read straight from IndexedDB. */
export function cachedPages(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('session-manager-pages');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('pages').objectStore('pages').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
        };
      }),
  );
}

/**
 * Searches the popup's element, as a support person types a name. The
 * match is set each time because the popup reopens on the last search.
 */
export async function lookUp(
  popup: Page,
  text: string,
  match: 'Contains' | 'Exact' = 'Contains',
): Promise<void> {
  await popup.getByLabel(match).check();
  await popup.getByLabel('Search for').fill(text);
  await popup.getByLabel('Search for').press('Enter');
  await popup
    .getByRole('row', { name: new RegExp(text) })
    .first()
    .waitFor();
}

/**
 * The removal dialog's status once every call has finished. A plain
 * string in `hasText` is a case-insensitive substring match, which also
 * takes "Working: 0 of 1 done." for "Done."; only the whole text counts.
 */
export function removalDone(dialog: Locator): Locator {
  return dialog.getByRole('status').filter({ hasText: /^\s*Done\.\s*$/ });
}

/**
 * Opens the removal dialog on the one session of `name` the popup shows
 * and confirms it with the dialog's defaults. Returns the dialog, which
 * shows the progress from there.
 */
export async function endSessionOf(popup: Page, name: string) {
  await popup
    .getByRole('button', {
      name: new RegExp(`^Sign out… ${name}`),
    })
    .click();
  const dialog = popup.getByRole('dialog');
  await dialog.getByRole('button', { name: /^Sign out 1 session/ }).click();
  return dialog;
}

/** The first removal in the log that is still running, once there is one. */
export function runningOperation(
  extension: LoadedExtension,
): Promise<StoredOperation> {
  return eventually(
    async () =>
      (await operations(extension)).find(
        (operation) => operation.state === 'running',
      ),
    'a removal to start',
  );
}

/** The removal `id` once it has finished and its outcome was notified. */
export function reportedOperation(
  extension: LoadedExtension,
  id: string,
): Promise<StoredOperation> {
  return eventually(
    async () =>
      (await operations(extension)).find(
        (operation) => operation.id === id && operation.reportedAt !== null,
      ),
    `the removal ${id} to finish and be reported`,
  );
}
