import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { loadForSuite, optionsPath, type LoadedExtension } from './support.ts';

const policy = {
  issuer: 'https://idp.example.org',
  clientId: 'support-extension',
};

// Headless Chromium reads no enterprise policy, so `storage.managed` is
// always empty there. The test puts the policy values behind
// `chrome.storage.managed.get` in the page before its scripts run; from
// there on the options page takes the path it takes with real policy.
const injectPolicy = `
  chrome.storage.managed.get = async () => (${JSON.stringify(policy)});
`;

describe('settings an organisation manages by policy', () => {
  let extension: LoadedExtension;

  loadForSuite((loaded) => (extension = loaded), { initScript: injectPolicy });

  test('are read-only and marked as the organisation’s', async () => {
    const page = await extension.open(optionsPath);
    const issuer = page.getByLabel('Issuer URL');
    const clientId = page.getByLabel('Client ID');

    assert.equal(await issuer.inputValue(), policy.issuer);
    assert.equal(await clientId.inputValue(), policy.clientId);
    assert.equal(await issuer.getAttribute('readonly'), '');
    assert.equal(await clientId.getAttribute('readonly'), '');
    assert.equal(await page.getByText('Set by your organisation').count(), 2);
    assert.equal(
      await page.getByRole('button', { name: 'Save and allow access' }).count(),
      0,
    );
    await page.close();
  });

  test('win over what was saved on the options page', async () => {
    const worker = await extension.worker();
    await worker.evaluate(() =>
      chrome.storage.local.set({
        settings: { issuer: 'https://other.example', clientId: 'other' },
      }),
    );

    const page = await extension.open(optionsPath);

    assert.equal(
      await page.getByLabel('Issuer URL').inputValue(),
      policy.issuer,
    );
    await page.close();
  });
});
