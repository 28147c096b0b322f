import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  extensionId,
  loadExtension,
  optionsPath,
  popupPath,
  watchProblems,
  type LoadedExtension,
} from './support.ts';

describe('the extension in headless Chromium', () => {
  let extension: LoadedExtension;

  before(async () => {
    extension = await loadExtension();
  });

  after(async () => {
    await extension.close();
  });

  test('loads with the id its development key gives it', async () => {
    const worker = await extension.worker();

    assert.equal(extension.id, extensionId);
    assert.match(worker.url(), /\/service-worker-loader\.js$/);
  });

  for (const path of [optionsPath, popupPath]) {
    test(`shows ${path} without console errors or CSP violations`, async () => {
      const page = await extension.context.newPage();
      const problems = watchProblems(page);
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`CSP: ${event.violatedDirective} ${event.blockedURI}`);
        });
      });

      await page.goto(`chrome-extension://${extension.id}/${path}`);
      await page.locator('body[data-ready="true"]').waitFor();

      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  test('speaks the browser language through _locales', async () => {
    const page = await extension.open(optionsPath);

    assert.equal(
      await page.locator('h1').textContent(),
      'Session Manager settings',
    );
    assert.equal(await page.locator('html').getAttribute('lang'), 'en-US');
    await page.close();
  });
});
