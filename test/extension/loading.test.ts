import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';

import { buildExtension } from '../../extension/build.ts';
import { viewerIdentity } from '../../shared/index.ts';

import { operations, stopWorker } from './journey.ts';
import {
  eventually,
  extensionId,
  loadForSuite,
  optionsPath,
  popupPath,
  watchProblems,
  type LoadedExtension,
} from './support.ts';

describe('the extension in headless Chromium', () => {
  let extension: LoadedExtension;

  loadForSuite((loaded) => (extension = loaded));

  test('loads with the id its development key gives it', async () => {
    const worker = await extension.worker();

    assert.equal(extension.id, extensionId);
    assert.match(worker.url(), /\/service-worker-loader\.js$/);
  });

  for (const path of [optionsPath, popupPath]) {
    test(`shows ${path} without console errors or CSP violations`, async () => {
      const page = await extension.context.newPage();
      const problems = await watchProblems(page);

      await page.goto(`chrome-extension://${extension.id}/${path}`);
      await page.locator('body[data-ready="true"]').waitFor();

      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  test('hands a page the worker’s error with its kinds', async () => {
    const worker = await extension.worker();
    await worker.evaluate(
      async (viewer) => {
        await chrome.storage.session.set({
          account: {
            issuer: 'http://127.0.0.1:9',
            clientId: 'session-manager-extension',
            endpoint: 'http://127.0.0.1:9/sessions',
            subject: '1',
            name: null,
            scopes: [],
            viewer,
          },
        });
      },
      await viewerIdentity('http://127.0.0.1:9', '1'),
    );
    const page = await extension.open(popupPath);

    // A removal that names nobody: the client in the worker refuses it
    // before sending anything.
    const reply = (await page.evaluate(() =>
      chrome.runtime.sendMessage({
        type: 'remove',
        id: 'names-nobody',
        mode: 'admin',
        input: {},
      }),
    )) as { ok: boolean; error: { name: string; kinds: string[] } };

    assert.equal(reply.ok, false);
    assert.equal(reply.error.name, 'InvalidInputError');
    assert.deepEqual(reply.error.kinds, ['session-api', 'invalid-input']);
    await worker.evaluate(() => chrome.storage.session.clear());
    await page.close();
  });

  test('asks for the configured IdP origin and no other', async () => {
    const page = await extension.context.newPage();
    // The test build already holds loopback access, so what was granted
    // says nothing; what the options page asks for is recorded instead.
    await page.addInitScript(() => {
      const asked: unknown[] = [];
      Object.assign(window, { asked });
      const request = chrome.permissions.request.bind(chrome.permissions);
      chrome.permissions.request = (
        permissions: chrome.permissions.Permissions,
      ) => {
        asked.push(permissions);
        return request(permissions);
      };
    });
    await page.goto(`chrome-extension://${extension.id}/${optionsPath}`);

    await page
      .getByLabel('Issuer URL')
      .fill('http://127.0.0.1:9/realms/support');
    await page.getByRole('button', { name: 'Save and allow access' }).click();
    await page.getByRole('status').filter({ hasText: /Saved/ }).waitFor();
    const asked = await page.evaluate(
      () => (window as unknown as { asked: unknown[] }).asked,
    );

    assert.deepEqual(asked, [{ origins: ['http://127.0.0.1:9/*'] }]);
    await page.close();
  });

  test('reports, after a restart, a removal that finished unseen', async () => {
    const worker = await extension.worker();
    const finishedAt = Date.now();
    await worker.evaluate((at) => {
      const report = {
        removalId: 'r-1',
        sessionsMatched: 1,
        sessionsRemoved: 1,
        tokensRevoked: 2,
        consentsRevoked: 0,
        backchannel: [],
        removed: null,
      };
      return chrome.storage.session.set({
        removals: [
          {
            id: 'finished-unseen',
            endpoint: 'http://127.0.0.1:9/sessions',
            viewer: 'someone',
            startedAt: at,
            attempts: 1,
            state: 'succeeded',
            finishedAt: at,
            report,
            error: null,
            reportedAt: null,
            mode: 'admin',
            input: { subjectId: '10' },
          },
        ],
      });
    }, finishedAt);
    const page = await extension.open(popupPath);

    // The worker stopped before it could show the notification; the next
    // one finds the removal unreported when any page wakes it.
    await stopWorker(page);
    await page.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'access-token' }),
    );
    const [reported] = await eventually(async () => {
      const logged = await operations(extension);
      return logged[0]?.reportedAt ? logged : null;
    }, 'the removal to be reported');
    const notifications = await (
      await extension.worker()
    ).evaluate(() => chrome.notifications.getAll());

    assert.ok('finished-unseen' in notifications);
    assert.equal(reported?.state, 'succeeded');
    assert.ok((reported?.reportedAt ?? 0) >= finishedAt);
    await (
      await extension.worker()
    ).evaluate(() => chrome.storage.session.clear());
    await page.close();
  });

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

describe('the store build', () => {
  test('asks for no host at install and carries no key', async () => {
    const work = await mkdtemp(join(tmpdir(), 'extension-store-'));
    const zipPath = join(work, 'extension.zip');

    await buildExtension({ outDir: join(work, 'dist'), zipPath });
    const unzip = promisify(execFile);
    const { stdout } = await unzip('unzip', ['-p', zipPath, 'manifest.json']);
    const manifest = JSON.parse(stdout) as Record<string, unknown>;
    const listing = (await unzip('unzip', ['-l', zipPath])).stdout;

    assert.equal(manifest['key'], undefined);
    assert.equal(manifest['host_permissions'], undefined);
    assert.doesNotMatch(stdout, /<all_urls>/);
    assert.deepEqual(manifest['storage'], {
      managed_schema: 'managed-schema.json',
    });
    assert.match(listing, /_locales\/de\/messages\.json/);
    assert.match(listing, /managed-schema\.json/);
    await rm(work, { recursive: true, force: true });
  });
});

describe('the translations', () => {
  // Chrome falls back to English for a missing key without a word, so a
  // German user would meet an English sentence nobody noticed.
  test('German has every English string, with the same placeholders', async () => {
    const read = async (language: string) =>
      JSON.parse(
        await readFile(
          `extension/public/_locales/${language}/messages.json`,
          'utf8',
        ),
      ) as Record<string, { placeholders?: Record<string, unknown> }>;
    const [english, german] = await Promise.all([read('en'), read('de')]);
    const placeholders = (messages: typeof english) =>
      Object.entries(messages).map(([key, message]) => [
        key,
        Object.keys(message.placeholders ?? {}).sort(),
      ]);

    assert.deepEqual(Object.keys(german).sort(), Object.keys(english).sort());
    assert.deepEqual(placeholders(german).sort(), placeholders(english).sort());
  });
});
