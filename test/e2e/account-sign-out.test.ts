import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  buildWidgetIfMissing,
  openBrowser,
  phoneUserAgent,
  screenshot,
  signInToPortal,
  startStack,
  type PersonBrowser,
  type Stack,
} from './support.ts';

/**
 * A user signed in on a laptop and a phone signs the phone out from the
 * account page on the laptop. The phone is then asked to sign in again;
 * the laptop is not.
 */
describe('a user signs another device out from the account page', () => {
  let stack: Stack;
  let laptop: PersonBrowser;
  let phone: PersonBrowser;

  before(async () => {
    await buildWidgetIfMissing();
    stack = await startStack({ seed: 0 });
    laptop = await openBrowser();
    phone = await openBrowser({ userAgent: phoneUserAgent });
  });

  after(async () => {
    await laptop?.close();
    await phone?.close();
    await stack?.close();
  });

  test('the other device must sign in again; this one stays', async () => {
    await signInToPortal(phone.page, stack, '/account/', 'dave');
    await signInToPortal(laptop.page, stack, '/account/', 'dave');
    const page = laptop.page;
    const other = page.locator('li[data-session]:not(.current)');
    await other.waitFor();
    assert.equal(await page.locator('li[data-session]').count(), 2);
    await screenshot(page, 'journey-2-account-two-devices');

    await other.getByRole('button', { name: /^Sign out/ }).click();
    const dialog = page.getByRole('dialog');
    await screenshot(page, 'journey-2-confirm-sign-out');
    await dialog.getByRole('button', { name: /^Sign out/ }).click();
    await page.locator('li[data-session]:not(.current)').waitFor({
      state: 'detached',
    });
    await screenshot(page, 'journey-2-one-device-left');

    const phoneAgain = await signInToPortal(
      phone.page,
      stack,
      '/account/',
      'dave',
    );
    assert.equal(phoneAgain.loginShown, true);

    const laptopAgain = await signInToPortal(
      laptop.page,
      stack,
      '/account/',
      'dave',
    );
    assert.equal(laptopAgain.loginShown, false);
    await page.locator('li.current[data-session]').waitFor();
    assert.deepEqual(laptop.problems, []);
    assert.deepEqual(phone.problems, []);
  });
});
