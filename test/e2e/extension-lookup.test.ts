import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { removalDone } from '../extension/journey.ts';
import { configure, signInAs } from '../extension/signing-in.ts';
import {
  extensionId,
  loadExtension,
  popupPath,
  type LoadedExtension,
} from '../extension/support.ts';
import { clientCredentials } from '../support/oidc.ts';
import {
  buildWidgetIfMissing,
  logIn,
  openBrowser,
  phoneUserAgent,
  screenshot,
  showsLogin,
  startStack,
  type PersonBrowser,
  type Stack,
} from './support.ts';

/**
 * Support staff with the browser extension look a user up from its popup
 * and end every session of that user: both of the user's devices are
 * asked to sign in again, and both relying parties are told.
 */
describe('support staff end a user’s sessions from the extension', () => {
  let stack: Stack;
  let extension: LoadedExtension;
  let laptop: PersonBrowser;
  let phone: PersonBrowser;

  before(async () => {
    await buildWidgetIfMissing();
    stack = await startStack({ extensionId });
    laptop = await openBrowser();
    phone = await openBrowser({ userAgent: phoneUserAgent });
    extension = await loadExtension();
    const options = await configure(extension, stack.idp);
    await signInAs(extension, options, stack.idp, 'admin');
    await options.close();
  });

  after(async () => {
    await extension?.close();
    await laptop?.close();
    await phone?.close();
    await stack?.close();
  });

  test('every session of the user ends, and every client hears of it', async () => {
    const { demo, idp } = stack;
    const rp = (clientId: string, path = '') =>
      `${demo.origin}/rp/${clientId}/${path}`;
    await laptop.page.goto(rp('demo-notes', 'login'));
    await logIn(laptop.page, idp.issuer, 'bob');
    await phone.page.goto(rp('demo-photos', 'login'));
    await logIn(phone.page, idp.issuer, 'bob');

    const popup = await extension.open(popupPath);
    await popup.setViewportSize({ width: 480, height: 640 });
    await popup.getByLabel('Search for').fill('Bob Example');
    await popup.getByLabel('Search for').press('Enter');
    const rows = popup.getByRole('row', { name: /Bob Example/ });
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    await screenshot(popup, 'journey-3-extension-lookup');

    await popup
      .getByRole('button', { name: 'Sign out… Bob Example' })
      .first()
      .click();
    const dialog = popup.getByRole('dialog');
    await dialog.getByLabel('Every session of Bob Example').check();
    await dialog
      .getByRole('button', { name: 'Sign out every session of 1 user' })
      .click();
    await removalDone(dialog).waitFor({ state: 'attached' });
    await screenshot(popup, 'journey-3-extension-report');

    const token = await clientCredentials(idp, { scope: 'sessions.admin' });
    const left = await fetch(
      `${idp.sessionEndpoint}?subjectId=10&match=exact`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    assert.equal(((await left.json()) as { totalCount: number }).totalCount, 0);
    for (const clientId of ['demo-notes', 'demo-photos']) {
      const logouts = idp.receiver?.received(clientId) ?? [];
      assert.deepEqual(
        logouts.map((logout) => [logout.valid, logout.claims?.['sub']]),
        [[true, '10']],
      );
    }

    await laptop.page.goto(rp('demo-photos', 'login'));
    assert.equal(await showsLogin(laptop.page, idp.issuer), true);
    await phone.page.goto(rp('demo-notes', 'login'));
    assert.equal(await showsLogin(phone.page, idp.issuer), true);
    assert.deepEqual(laptop.problems, []);
    assert.deepEqual(phone.problems, []);
  });
});
