import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import type { Page } from 'playwright-core';

import {
  eventually,
  extensionOrigin,
  loadForSuite,
  optionsPath,
  popupPath,
  type LoadedExtension,
} from './support.ts';

/**
 * The ways into a lookup besides the toolbar button.
 *
 * Chromium draws its context menu and its address bar with native views,
 * not web content: no DevTools target shows them, so neither CDP nor
 * Playwright can pick a menu item or press Enter on `sessions bob`,
 * headless or not. What the tests can reach is what Chrome stored and
 * suggests (the menu item in the profile, the keyword's suggestion on
 * chrome://omnibox) and the listener behind each: Chrome's event objects
 * have `dispatch`, which calls the listeners the service worker added to
 * `contextMenus.onClicked` and `omnibox.onInputEntered`, with arguments
 * shaped as a real click or Enter gives them. The keyboard shortcut is
 * pressed for real.
 */
describe('lookups from the context menu, the omnibox and the keyboard', () => {
  let extension: LoadedExtension;

  loadForSuite((loaded) => (extension = loaded));

  /** A tab the shortcut is used from, and its `chrome.tabs` record. */
  async function sourceTab(): Promise<{ page: Page; tab: chrome.tabs.Tab }> {
    const page = await extension.open(optionsPath);
    await page.bringToFront();
    const tab = await page.evaluate(() => chrome.tabs.getCurrent());
    assert.ok(tab, 'the options page runs in a tab');
    return { page, tab };
  }

  /** The tab a lookup opened, once its address holds the search. */
  async function lookupOpened(start: () => Promise<unknown>): Promise<Page> {
    const opened = extension.context.waitForEvent('page');
    await start();
    const page = await opened;
    await page.waitForURL(/sm-q=/);
    return page;
  }

  // Chrome has no call that reads a menu item back. It does keep every
  // item an extension made, to show them after a restart, as JSON in the
  // profile's "Extension State" database; the test reads it there.
  test('registers the menu item on selected text', async () => {
    const worker = await extension.worker();

    const stored = await eventually(
      () => storedMenuItem(extension.profile, 'find-sessions'),
      'Chrome to store the menu item',
      // Chrome writes its state store in the background, later under load.
      30_000,
    );
    const listening = await worker.evaluate(() =>
      chrome.contextMenus.onClicked.hasListeners(),
    );

    assert.equal(stored['title'], 'Find sessions for “%s”');
    // Chrome stores the contexts as a bit set in which selection is 4.
    assert.equal(stored['contexts'], 4);
    assert.equal(stored['enabled'], true);
    assert.equal(listening, true);
  });

  test('opens the selected text as a lookup right after its tab', async () => {
    const { page: source, tab } = await sourceTab();
    const later = await extension.open(optionsPath);
    const worker = await extension.worker();

    const lookup = await lookupOpened(() =>
      worker.evaluate(
        ({ tab }) =>
          chrome.contextMenus.onClicked.dispatch(
            {
              menuItemId: 'find-sessions',
              selectionText: '  Dave Example ',
              editable: false,
              pageUrl: tab.url ?? '',
            },
            tab,
          ),
        { tab },
      ),
    );
    const opened = await lookup.evaluate(() => chrome.tabs.getCurrent());

    assert.match(lookup.url(), /\/popup\.html\?view=tab&sm-q=Dave\+Example$/);
    assert.equal(opened?.windowId, tab.windowId);
    assert.equal(opened?.index, tab.index + 1);
    assert.equal(opened?.openerTabId, tab.id);
    await Promise.all([lookup.close(), later.close(), source.close()]);
  });

  test('ignores a click on another menu item or without text', async () => {
    const worker = await extension.worker();
    const opened: Page[] = [];
    const count = (page: Page) => opened.push(page);
    extension.context.on('page', count);

    // A last, valid click marks the end: tabs open in the order the
    // listener asks for them, so any tab the first two opened comes first.
    const last = await lookupOpened(() =>
      worker.evaluate(() => {
        const click = { editable: false, pageUrl: 'https://example.test/' };
        chrome.contextMenus.onClicked.dispatch({
          ...click,
          menuItemId: 'another-item',
          selectionText: 'Dave',
        });
        chrome.contextMenus.onClicked.dispatch({
          ...click,
          menuItemId: 'find-sessions',
        });
        chrome.contextMenus.onClicked.dispatch({
          ...click,
          menuItemId: 'find-sessions',
          selectionText: 'last',
        });
      }),
    );
    extension.context.off('page', count);

    assert.deepEqual(opened, [last]);
    assert.match(last.url(), /sm-q=last$/);
    await last.close();
  });

  // chrome://omnibox, Chrome's page for debugging the address bar, runs
  // the address bar's own autocomplete on what is typed into it, so it
  // shows whether the keyword is registered and what it suggests. It is
  // off until internal debugging pages are enabled on chrome://chrome-urls.
  // It cannot accept a suggestion, so Enter is dispatched in the next tests.
  test('suggests a lookup for the omnibox keyword', async () => {
    const page = await extension.context.newPage();
    await page.goto('chrome://chrome-urls');
    await page.getByText('Enable internal debugging pages').click();
    await page.goto('chrome://omnibox');

    await page.locator('#input-text').fill('sessions Dave Example');
    // The results table keeps some copies of each cell hidden.
    const suggestion = page.getByText('Find sessions for “Dave Example”');
    await suggestion.first().waitFor({ state: 'attached' });

    assert.ok((await suggestion.count()) > 0);
    await page.close();
  });

  test('looks up in the current tab on Enter in the omnibox', async () => {
    const { page: source } = await sourceTab();
    const worker = await extension.worker();
    const pagesBefore = extension.context.pages().length;

    await worker.evaluate(() =>
      chrome.omnibox.onInputEntered.dispatch(' bob ', 'currentTab'),
    );
    await source.waitForURL(/sm-q=bob$/);

    assert.match(source.url(), /\/popup\.html\?view=tab&sm-q=bob$/);
    assert.equal(extension.context.pages().length, pagesBefore);
    await source.close();
  });

  test('looks up in a new tab on Alt+Enter in the omnibox', async () => {
    const worker = await extension.worker();

    const lookup = await lookupOpened(() =>
      worker.evaluate(() =>
        chrome.omnibox.onInputEntered.dispatch('bob', 'newForegroundTab'),
      ),
    );

    assert.match(lookup.url(), /\/popup\.html\?view=tab&sm-q=bob$/);
    await lookup.close();
  });

  // The shortcut is real: a key press the way the operating system sends
  // it (`rawKeyDown`) goes through Chrome's accelerators, which open the
  // popup. Playwright's `keyboard.press` sends `keyDown` events, which only
  // the page sees. On Linux the accelerator is matched on the native key
  // code, so that is given too. Playwright does not list popups among its
  // pages, so the worker's `runtime.getContexts` says whether one is open.
  test('opens the popup on Alt+Shift+S', async () => {
    const { page } = await sourceTab();
    const worker = await extension.worker();
    const popups = () =>
      worker.evaluate(async () =>
        (await chrome.runtime.getContexts({ contextTypes: ['POPUP'] })).map(
          (context) => context.documentUrl,
        ),
      );
    const commands = await page.evaluate(() => chrome.commands.getAll());
    const before = await popups();
    const popupUrl = `${extensionOrigin}/${popupPath}`;
    const cdp = await extension.context.newCDPSession(page);

    for (const type of ['rawKeyDown', 'keyUp'] as const) {
      await cdp.send('Input.dispatchKeyEvent', {
        type,
        modifiers: altKey | shiftKey,
        key: 'S',
        code: 'KeyS',
        windowsVirtualKeyCode: 83,
        nativeVirtualKeyCode: 83,
      });
    }
    // One look per poll: a popup closes as soon as it loses focus. Its
    // address is empty until its page has started loading.
    const after = await eventually(async () => {
      const open = await popups();
      return open.includes(popupUrl) ? open : null;
    }, 'the popup to open');

    assert.deepEqual(
      commands.find((command) => command.name === '_execute_action'),
      { name: '_execute_action', shortcut: 'Alt+Shift+S', description: '' },
    );
    assert.deepEqual(before, []);
    assert.deepEqual(after, [popupUrl]);
    await cdp.detach();
    await page.close();
  });
});

/**
 * The menu item `id` as Chrome stored it in the profile, or null before it
 * has. The database's log keeps the JSON as written; its framing bytes
 * are skipped by looking for the array around the item's id.
 */
async function storedMenuItem(
  profile: string,
  id: string,
): Promise<Record<string, unknown> | null> {
  const folder = join(profile, 'Default', 'Extension State');
  // The folder appears with the first thing Chrome stores there.
  const names = await readdir(folder).catch(() => [] as string[]);
  const logs = names.filter((name) => name.endsWith('.log'));
  for (const name of logs) {
    const text = (await readFile(join(folder, name))).toString('utf8');
    const at = text.lastIndexOf(`"string_uid":"${id}"`);
    if (at < 0) {
      continue;
    }
    const start = text.lastIndexOf('[{', at);
    const end = text.indexOf('}]', at) + 2;
    try {
      const items = JSON.parse(text.slice(start, end)) as Record<
        string,
        unknown
      >[];
      return items.find((item) => item['string_uid'] === id) ?? null;
    } catch {
      // A record still being written, or one split by the log's block
      // framing: the caller looks again.
      return null;
    }
  }
  return null;
}

// CDP's modifier bits.
const altKey = 1;
const shiftKey = 8;
