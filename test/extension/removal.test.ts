import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { Page } from 'playwright-core';

import type { Idp } from '../../idp/server.ts';
import { startTestIdp } from '../support/idp.ts';
import {
  Browser,
  hasIdpSession,
  introspect,
  refresh,
  signIn,
} from '../support/oidc.ts';
import { acceptExtensionOrigin } from './idp-workarounds.ts';
import { configure, signInAs } from './signing-in.ts';
import {
  eventually,
  extensionId,
  loadExtension,
  popupPath,
  sessionStorage,
  type LoadedExtension,
} from './support.ts';

interface StoredOperation {
  id: string;
  state: string;
  attempts: number;
  reportedAt: number | null;
  report: { sessionsRemoved: number; tokensRevoked: number } | null;
}

async function operations(extension: LoadedExtension) {
  return ((await sessionStorage(extension, 'removals')) ??
    []) as StoredOperation[];
}

async function badge(extension: LoadedExtension): Promise<string> {
  const worker = await extension.worker();
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}

/** Signs `username` in to both demo relying parties in one IdP session. */
async function signInToRelyingParties(idp: Idp, username: string) {
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

/** Searches the popup's element, as a support person types a name. */
async function lookUp(popup: Page, text: string): Promise<void> {
  await popup.getByLabel('Search for').fill(text);
  await popup.getByLabel('Search for').press('Enter');
  await popup
    .getByRole('row', { name: new RegExp(text) })
    .first()
    .waitFor();
}

describe('signing in and ending sessions from the extension', () => {
  let idp: Idp;
  let extension: LoadedExtension;

  before(async () => {
    // The extension's own origin is not on the IdP's CORS list: its host
    // permission for the IdP lets it read answers without CORS headers,
    // and the IdP would build invalid relying-party redirect URIs from a
    // chrome-extension:// origin.
    idp = await startTestIdp({ extensionId });
    acceptExtensionOrigin(idp);
    extension = await loadExtension();
    const options = await configure(extension, idp);
    await signInAs(extension, options, idp, 'admin');
    await options.close();
  });

  after(async () => {
    await extension.close();
    await idp.close();
  });

  test('signs in through the real login page, tokens in session storage only', async () => {
    const tokens = (await sessionStorage(extension, 'tokens')) as {
      accessToken: string;
      refreshToken: string;
    };
    const account = (await sessionStorage(extension, 'account')) as {
      scopes: string[];
    };
    const worker = await extension.worker();
    const local = await worker.evaluate(() => chrome.storage.local.get(null));

    assert.equal(await introspect(idp, tokens.accessToken), true);
    assert.ok(tokens.refreshToken);
    assert.ok(account.scopes.includes('sessions.admin'));
    assert.doesNotMatch(JSON.stringify(local), /accessToken|refreshToken/);
  });

  test('looks a user up in the popup and ends a session with chosen flags', async () => {
    const bob = await signInToRelyingParties(idp, 'bob');
    const popup = await extension.open(popupPath);

    await lookUp(popup, 'Bob');
    await popup
      .getByRole('button', { name: 'Sign out the session of Bob Example' })
      .click();
    const dialog = popup.getByRole('dialog');
    await dialog.getByLabel('Only the clients ticked here').check();
    await dialog.getByRole('checkbox', { name: 'Photos' }).uncheck();
    await dialog
      .locator('textarea[name="reason"]')
      .fill('Ticket 4411: lost laptop');
    await dialog.getByRole('button', { name: /^Sign out 1 session/ }).click();
    await dialog.getByRole('status').filter({ hasText: 'Done.' }).waitFor();

    assert.equal(await hasIdpSession(bob.browser, idp), false);
    assert.equal(
      (await refresh(idp, 'demo-notes', bob.notes.refreshToken ?? '')).ok,
      false,
    );
    assert.equal(
      (await refresh(idp, 'demo-photos', bob.photos.refreshToken ?? '')).ok,
      true,
    );
    const notified = idp.receiver?.received('demo-notes') ?? [];
    assert.equal(notified.filter((logout) => logout.valid).length, 1);
    assert.deepEqual(idp.receiver?.received('demo-photos'), []);
    const [recorded] = await operations(extension);
    assert.equal(recorded?.state, 'succeeded');
    await popup.close();
  });

  test('finishes and reports a removal after the popup closed', async () => {
    const carol = await signInToRelyingParties(idp, 'carol');
    idp.receiver?.setBehaviour('demo-notes', { delayMs: 2_000 });
    const popup = await extension.open(popupPath);

    await lookUp(popup, 'Carol');
    await popup
      .getByRole('button', { name: /^Sign out the session of Carol/ })
      .click();
    const dialog = popup.getByRole('dialog');
    await dialog.getByRole('button', { name: /^Sign out 1 session/ }).click();
    const started = await eventually(
      async () =>
        (await operations(extension)).find(
          (operation) => operation.state === 'running',
        ),
      'the removal to start',
    );
    await popup.close();
    const badgeWhileRunning = await badge(extension);
    const finished = await eventually(
      async () =>
        (await operations(extension)).find(
          (operation) =>
            operation.id === started.id && operation.reportedAt !== null,
        ),
      'the removal to finish and be reported',
    );

    assert.equal(badgeWhileRunning, '1');
    assert.equal(await badge(extension), '');
    assert.equal(finished.state, 'succeeded');
    assert.equal(finished.report?.sessionsRemoved, 1);
    assert.equal(await hasIdpSession(carol.browser, idp), false);
    idp.receiver?.setBehaviour('demo-notes', undefined);
  });
});
