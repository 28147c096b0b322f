import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  buildWidgetIfMissing,
  leaveIdp,
  logIn,
  openBrowser,
  screenshot,
  showsLogin,
  signInToPortal,
  startStack,
  type PersonBrowser,
  type Stack,
} from './support.ts';

/**
 * An operator ends a user's sessions from the admin portal, keeping the
 * user's consents and notifying one client only, and everything the
 * removal promised is then checked from outside the portal: in the user's
 * own browser, at the relying parties' receivers and at the token
 * endpoint.
 */

interface RefreshOutcome {
  ok: boolean;
  error: string | null;
}

describe('an admin ends a user’s sessions from the portal', () => {
  let stack: Stack;
  let carol: PersonBrowser;
  let admin: PersonBrowser;

  before(async () => {
    await buildWidgetIfMissing();
    stack = await startStack();
    carol = await openBrowser();
    admin = await openBrowser();
  });

  after(async () => {
    await carol?.close();
    await admin?.close();
    await stack?.close();
  });

  test('only the chosen client is told and cut off; consent stays', async () => {
    const { demo, idp } = stack;
    const rp = (clientId: string, path = '') =>
      `${demo.origin}/rp/${clientId}/${path}`;
    const refresh = async (clientId: string) =>
      (await (
        await carol.page.request.post(rp(clientId, 'refresh'))
      ).json()) as RefreshOutcome;

    await carol.page.goto(rp('demo-notes', 'login'));
    await logIn(carol.page, idp.issuer, 'carol');
    await carol.page.goto(rp('demo-photos', 'login'));
    await leaveIdp(carol.page, idp.issuer);
    await carol.page.locator('#signed-in').waitFor();
    await screenshot(carol.page, 'journey-1-user-signed-in-to-photos');

    const portal = admin.page;
    await signInToPortal(portal, stack, '/admin/', 'admin');
    await portal
      .getByRole('button', { name: /^Sign out… / })
      .first()
      .waitFor();
    await screenshot(portal, 'journey-1-admin-portal');
    await portal.getByLabel('Search in').selectOption('displayName');
    await portal.getByLabel('Search for').fill('Carol Example');
    await portal.getByRole('button', { name: 'Search', exact: true }).click();
    const signOut = portal.getByRole('button', {
      name: 'Sign out… Carol Example',
    });
    await signOut.waitFor();
    assert.equal(await signOut.count(), 1);
    // The row's checkbox is named by its cells: the person, then the device.
    const select = portal.getByRole('checkbox', {
      name: /^Carol Example .+ on /,
    });
    assert.equal(await select.count(), 1);
    await screenshot(portal, 'journey-1-admin-found-user');

    await signOut.click();
    const dialog = portal.getByRole('dialog');
    await dialog.getByLabel('Every session of Carol Example').check();
    await dialog.locator('input[name="revokeConsents"]').uncheck();
    await dialog.getByLabel('Only the clients ticked here').check();
    await dialog.locator('input[name="client"][value="demo-photos"]').uncheck();
    await screenshot(portal, 'journey-1-removal-dialog');
    await dialog
      .getByRole('button', { name: 'Sign out every session of 1 user' })
      .click();
    // The whole status: "Working: 0 of 1 done." holds "done." too.
    await dialog
      .getByRole('status')
      .filter({ hasText: /^\s*Done\.\s*$/ })
      .waitFor({ state: 'attached' });
    await dialog.getByText(/Notes: told to sign out/).waitFor();
    await screenshot(portal, 'journey-1-removal-report');

    const logoutsFor = (clientId: string) =>
      idp.receiver
        ?.received(clientId)
        .filter((l) => l.claims?.['sub'] === '21');
    const notes = logoutsFor('demo-notes') ?? [];
    assert.equal(notes.length, 1);
    assert.equal(notes[0]?.valid, true, notes[0]?.error ?? '');
    assert.deepEqual(logoutsFor('demo-photos'), []);

    await carol.page.goto(rp('demo-notes'));
    await carol.page.locator('body[data-logouts="1"]').waitFor();
    await carol.page
      .getByRole('button', { name: 'Use the refresh token' })
      .click();
    await carol.page.getByText('The refresh token was refused').waitFor();
    await screenshot(carol.page, 'journey-1-notes-received-logout');
    assert.deepEqual(
      { ...(await refresh('demo-notes')), at: undefined },
      { ok: false, error: 'invalid_grant', at: undefined },
    );
    assert.equal((await refresh('demo-photos')).ok, true);

    await carol.page.goto(rp('demo-photos', 'login'));
    assert.equal(await showsLogin(carol.page, idp.issuer), true);
    await screenshot(carol.page, 'journey-1-user-asked-to-sign-in');
    const again = await logIn(carol.page, idp.issuer, 'carol');
    assert.equal(again.consentShown, false);

    await carol.page.goto(rp('demo-notes', 'login'));
    await carol.page.locator('#signed-in').waitFor();
    assert.equal(carol.page.url(), rp('demo-notes'));
    assert.deepEqual(carol.problems, []);
    assert.deepEqual(admin.problems, []);
  });
});
