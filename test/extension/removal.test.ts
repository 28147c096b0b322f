import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { Idp } from '../../idp/server.ts';
import { clientCredentials, hasIdpSession, refresh } from '../support/oidc.ts';
import {
  badge,
  endSessionOf,
  lookUp,
  operations,
  removalDone,
  reportedOperation,
  runningOperation,
  signInToRelyingParties,
  stopWorker,
} from './journey.ts';
import { signInForSuite } from './signing-in.ts';
import {
  eventually,
  popupPath,
  sessionStorage,
  watchProblems,
  type LoadedExtension,
} from './support.ts';

describe('looking users up and ending their sessions', () => {
  let idp: Idp;
  let extension: LoadedExtension;

  signInForSuite((started) => ({ idp, extension } = started));

  test('reopens the popup on the last lookup, cached page first', async () => {
    await signInToRelyingParties(idp, 'dave');
    const first = await extension.open(popupPath);
    await lookUp(first, 'Dave');
    await eventually(
      async () =>
        String(await sessionStorage(extension, 'lastLookup')).includes('Dave'),
      'the lookup to be remembered',
    );
    await first.close();

    const popup = await extension.context.newPage();
    await popup.addInitScript(() => {
      const loads: string[] = [];
      Object.assign(window, { loads });
      addEventListener('session-manager-load', (event) => {
        loads.push((event as CustomEvent<{ source: string }>).detail.source);
      });
    });
    // The local IdP can answer before IndexedDB does, and then the store
    // rightly skips the cached page; a short delay on the network makes
    // the order the one a real, farther IdP gives.
    await popup.route(`${idp.sessionEndpoint}?**`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await route.continue();
    });
    await popup.goto(`chrome-extension://${extension.id}/${popupPath}`);
    await popup.getByRole('row', { name: /Dave/ }).first().waitFor();
    const loads = await eventually(
      () =>
        popup.evaluate(() => {
          const seen = (window as unknown as { loads: string[] }).loads;
          return seen.length >= 2 ? seen : null;
        }),
      'a cached and a fresh page',
    );

    assert.equal(await popup.getByLabel('Search for').inputValue(), 'Dave');
    assert.deepEqual(loads.slice(0, 2), ['cache', 'network']);
    await popup.close();
  });

  // shortcuts.test.ts says why the menu click is dispatched to the
  // worker's listener rather than clicked; here it shows the found rows.
  test('opens a lookup of the selected text in a tab', async () => {
    const worker = await extension.worker();
    const opened = extension.context.waitForEvent('page');

    await worker.evaluate(() =>
      chrome.contextMenus.onClicked.dispatch({
        menuItemId: 'find-sessions',
        selectionText: ' Dave ',
        editable: false,
        pageUrl: 'https://tickets.example.test/4411',
      }),
    );
    const tab = await opened;
    await tab.getByRole('row', { name: /Dave/ }).first().waitFor();

    assert.match(tab.url(), /[?&]view=tab&sm-q=Dave$/);
    assert.equal(await tab.getByLabel('Search for').inputValue(), 'Dave');
    assert.equal(
      await tab.getByRole('button', { name: 'Open in a tab' }).isHidden(),
      true,
    );
    await tab.close();
  });

  test('takes the whole search along to a tab', async () => {
    const popup = await extension.open(popupPath);
    await lookUp(popup, 'Dave Example', 'Exact');
    const opened = extension.context.waitForEvent('page');

    await popup.getByRole('button', { name: 'Open in a tab' }).click();
    const tab = await opened;
    await tab.getByRole('row', { name: /Dave/ }).first().waitFor();

    const address = new URL(tab.url());
    assert.equal(address.searchParams.get('view'), 'tab');
    assert.equal(address.searchParams.get('sm-q'), 'Dave Example');
    assert.equal(address.searchParams.get('sm-match'), 'exact');
    assert.equal(await tab.getByLabel('Exact').isChecked(), true);
    await tab.close();
    if (!popup.isClosed()) {
      await popup.close();
    }
  });

  test('looks a user up and ends a session with chosen flags', async () => {
    const bob = await signInToRelyingParties(idp, 'bob');
    // A slow client keeps the removal running for a while, so a dialog
    // that said "Done." too early would be caught doing it.
    idp.receiver?.setBehaviour('demo-notes', { delayMs: 1_000 });
    const popup = await extension.context.newPage();
    const problems = await watchProblems(popup);
    await popup.goto(`chrome-extension://${extension.id}/${popupPath}`);

    await lookUp(popup, 'Bob');
    await popup.getByRole('button', { name: 'Sign out… Bob Example' }).click();
    const dialog = popup.getByRole('dialog');
    await dialog.getByLabel('Only the clients ticked here').check();
    await dialog.getByRole('checkbox', { name: 'Photos' }).uncheck();
    await dialog
      .locator('textarea[name="reason"]')
      .fill('Ticket 4411: lost laptop');
    await dialog.getByRole('button', { name: /^Sign out 1 session/ }).click();
    await removalDone(dialog).waitFor();

    // Everything below holds the moment the dialog says "Done.".
    const logged = await operations(extension);
    const recorded = logged[0];
    assert.equal(logged.length, 1);
    assert.equal(recorded?.state, 'succeeded');
    assert.notEqual(recorded?.reportedAt, null);
    assert.equal(recorded?.report?.sessionsRemoved, 1);
    assert.ok((recorded?.report?.tokensRevoked ?? 0) > 0);
    assert.match(
      (await dialog.locator('.report').textContent()) ?? '',
      /Sessions ended: 1\./,
    );
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
    assert.deepEqual(problems, []);
    idp.receiver?.setBehaviour('demo-notes', undefined);
    await popup.close();
  });

  test('finishes and reports a removal after the popup closed', async () => {
    const carol = await signInToRelyingParties(idp, 'carol');
    idp.receiver?.setBehaviour('demo-notes', { delayMs: 2_000 });
    const popup = await extension.open(popupPath);

    await lookUp(popup, 'Carol');
    await endSessionOf(popup, 'Carol');
    const started = await runningOperation(extension);
    await popup.close();
    const badgeWhileRunning = await badge(extension);
    const finished = await reportedOperation(extension, started.id);

    const worker = await extension.worker();
    const notifications = await worker.evaluate(() =>
      chrome.notifications.getAll(),
    );
    assert.ok(started.id in notifications, 'a notification reports it');
    assert.equal(badgeWhileRunning, '1');
    assert.equal(await badge(extension), '');
    assert.equal(finished.state, 'succeeded');
    assert.equal(finished.report?.sessionsRemoved, 1);
    assert.equal(await hasIdpSession(carol.browser, idp), false);
    idp.receiver?.setBehaviour('demo-notes', undefined);
  });

  // Chrome stops an idle or misbehaving worker whenever it likes; closing
  // its DevTools target stops it the same way, mid-request.
  test('sends a removal again when the worker stopped during it', async () => {
    const alice = await signInToRelyingParties(idp, 'alice');
    idp.receiver?.setBehaviour('demo-notes', { delayMs: 1_500 });
    const popup = await extension.open(popupPath);
    await lookUp(popup, 'Alice');
    const dialog = await endSessionOf(popup, 'Alice');
    const started = await runningOperation(extension);

    await stopWorker(popup);
    await popup.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'access-token' }),
    );
    const finished = await reportedOperation(extension, started.id);

    // The popup lost its answer with the worker and found it in the log.
    await removalDone(dialog).waitFor();

    assert.equal(finished.state, 'succeeded');
    assert.equal(finished.attempts, 2);
    assert.equal(await hasIdpSession(alice.browser, idp), false);
    assert.equal(
      (await refresh(idp, 'demo-notes', alice.notes.refreshToken ?? '')).ok,
      false,
    );
    idp.receiver?.setBehaviour('demo-notes', undefined);
    await popup.close();
  });

  test('says so when the session had already ended elsewhere', async () => {
    await signInToRelyingParties(idp, 'carol');
    const popup = await extension.open(popupPath);
    await lookUp(popup, 'Carol');
    const admin = await clientCredentials(idp, { scope: 'sessions.admin' });
    const elsewhere = await fetch(`${idp.sessionEndpoint}/remove`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${admin}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ subjectId: '21' }),
    });
    assert.equal(elsewhere.ok, true);

    // The row is still on screen, as it would be for a support person
    // whose colleague was quicker.
    const dialog = await endSessionOf(popup, 'Carol');
    await removalDone(dialog).waitFor();
    const latest = (await operations(extension)).at(-1);

    assert.equal(latest?.report?.sessionsRemoved, 0);
    assert.match(
      (await popup
        .locator(`#removals li[data-operation-id="${latest?.id}"]`)
        .textContent()) ?? '',
      /Nothing left to end: it was already gone\./,
    );
    await popup.close();
  });
});
