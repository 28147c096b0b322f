import {
  defaultCacheName,
  defaultChannelName,
  SessionClient,
} from '../../shared/index.ts';
import type { SessionManager } from '../../widget/index.ts';
import { OtherPage } from '../cache/other-page-driver.ts';
import { deepEqual, equal, match, ok } from '../support/wtr-assert.ts';
import type { WidgetSignedIn } from '../support/wtr-widget.ts';
import {
  adminSettings,
  button,
  cleanup,
  expectAccessible,
  findAll,
  freezeClock,
  freshPage,
  marker,
  mount,
  nextEvent,
  rowIds,
  search,
  seed,
  signIn,
  testIdp,
  textOf,
  until,
} from './support.ts';

// How fresh the list is: a cached page at once with its age, then the
// server's; no cache when asked; polling that marks what changed and rests
// while the page is hidden; and a removal in another tab.

const undo: (() => void)[] = [];

afterEach(() => {
  for (const step of undo.splice(0).reverse()) {
    step();
  }
  cleanup();
});

/** A token provider that holds every request until `release` is called. */
function gatedToken(token: string) {
  let release = () => {};
  const opened = new Promise<void>((resolve) => (release = resolve));
  return {
    tokenProvider: async () => {
      await opened;
      return token;
    },
    release: () => release(),
  };
}

/**
 * Takes over `setInterval`, so a test can run an interval's callback when
 * it chooses instead of waiting for it.
 */
function heldIntervals() {
  const realSet = window.setInterval;
  const realClear = window.clearInterval;
  const held = new Map<number, { ms: number; run: () => void }>();
  let next = 1;
  window.setInterval = ((run: () => void, ms: number) => {
    const id = next++;
    held.set(id, { run, ms });
    return id;
  }) as typeof window.setInterval;
  window.clearInterval = ((id: number) => {
    held.delete(id);
  }) as typeof window.clearInterval;
  undo.push(() => {
    window.setInterval = realSet;
    window.clearInterval = realClear;
  });
  return {
    every: (ms: number) => [...held.values()].filter((t) => t.ms === ms),
  };
}

/** Pretends the page was hidden or shown again, as a tab switch does. */
function setHidden(hidden: boolean): void {
  Object.defineProperty(document, 'hidden', {
    configurable: true,
    get: () => hidden,
  });
  document.dispatchEvent(new Event('visibilitychange'));
  if (!hidden) {
    delete (document as { hidden?: boolean }).hidden;
  }
}

async function operator(): Promise<WidgetSignedIn> {
  return signIn({ username: 'admin', api: 'admin' });
}

async function mountAdmin(
  signedIn: WidgetSignedIn,
  extra: Record<string, string | boolean>,
  properties: Parameters<typeof mount>[1] = {},
): Promise<SessionManager> {
  const settings = await adminSettings(signedIn);
  return mount(
    { ...settings.attributes, ...extra },
    { ...settings.properties, ...properties },
  );
}

/**
 * Every record of the page cache's IndexedDB, as one text; only the
 * stored pages with `pagesOnly` (the cache also keeps marks of what it
 * cleared, named by scope).
 */
async function everythingStored(pagesOnly = false): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(defaultCacheName);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  try {
    const parts: unknown[] = [];
    const names = pagesOnly ? ['pages'] : [...db.objectStoreNames];
    for (const name of names) {
      const all = db.transaction(name).objectStore(name).getAll();
      parts.push(
        await new Promise((resolve, reject) => {
          all.onsuccess = () => resolve(all.result);
          all.onerror = () => reject(all.error);
        }),
      );
    }
    return JSON.stringify(parts);
  } finally {
    db.close();
  }
}

describe('freshness', () => {
  it('shows the cached page at once with its age, then the fresh one', async () => {
    const admin = await operator();
    const viewer = marker('viewer');
    const start = Date.now();
    undo.push(freezeClock(start));
    const first = await mountAdmin(admin, {}, { viewer });
    await freshPage(first);
    cleanup();
    undo.push(freezeClock(start + 12_000));
    const gate = gatedToken(admin.accessToken);

    const second = await mountAdmin(
      admin,
      {},
      { viewer, tokenProvider: gate.tokenProvider, accessToken: null },
    );
    const cached = await nextEvent(second, 'session-manager-load');
    await second.updateComplete;
    const early = textOf(second);
    const fresh = freshPage(second);
    gate.release();
    await fresh;

    equal(cached.detail.source, 'cache');
    equal(cached.detail.ageMs, 12_000);
    match(early, /Updated 12 seconds ago/);
    ok(rowIds(second).length > 0, 'rows from the cache');
    match(textOf(second), /Updated now/);
  });

  it('shows a cached page without a loading state before it', async () => {
    const admin = await operator();
    const viewer = marker('viewer');
    const first = await mountAdmin(admin, {}, { viewer });
    await freshPage(first);
    cleanup();
    const gate = gatedToken(admin.accessToken);

    const second = await mountAdmin(
      admin,
      {},
      { viewer, tokenProvider: gate.tokenProvider, accessToken: null },
    );
    // Everything the element shows from its first update on, until the
    // cached rows are in.
    const states = [textOf(second)];
    const observer = new MutationObserver(() => states.push(textOf(second)));
    observer.observe(second.renderRoot, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    const cached = await nextEvent(second, 'session-manager-load');
    await second.updateComplete;
    observer.disconnect();
    const fresh = freshPage(second);
    gate.release();
    await fresh;

    equal(cached.detail.source, 'cache');
    ok(rowIds(second).length > 0, 'rows from the cache');
    deepEqual(
      states.filter((text) => /Loading/.test(text)),
      [],
      'no loading state flashed before the cached page',
    );
  });

  it('shows the loading state once the network keeps it waiting', async () => {
    const admin = await operator();
    const gate = gatedToken(admin.accessToken);
    const element = await mountAdmin(
      admin,
      { 'no-cache': true },
      { tokenProvider: gate.tokenProvider, accessToken: null },
    );
    const atFirst = textOf(element);

    await until(
      element,
      () => /Loading sessions/.test(textOf(element)),
      'the loading state',
    );
    const fresh = freshPage(element);
    gate.release();
    await fresh;

    ok(!/Loading/.test(atFirst), 'nothing yet at first');
    ok(rowIds(element).length > 0, 'then the rows');
  });

  it('never shows one viewer the pages cached for another', async () => {
    const admin = await operator();
    const first = await mountAdmin(admin, {}, { viewer: marker('one') });
    await freshPage(first);
    cleanup();
    const gate = gatedToken(admin.accessToken);

    const second = await mountAdmin(
      admin,
      {},
      {
        viewer: marker('two'),
        tokenProvider: gate.tokenProvider,
        accessToken: null,
      },
    );
    const load = nextEvent(second, 'session-manager-load');
    gate.release();

    equal((await load).detail.source, 'network');
  });

  it('keys the cache by issuer and subject when the host gives no viewer', async () => {
    const admin = await operator();
    const { issuer } = await testIdp();
    const subject = marker('operator');
    const attributes = {
      mode: 'admin',
      lang: 'en',
      issuer,
      'operator-subject': subject,
    };
    const first = await mount(attributes, {
      viewer: null,
      accessToken: admin.accessToken,
    });
    await freshPage(first);
    cleanup();

    const gate = gatedToken(admin.accessToken);
    const second = await mount(attributes, {
      viewer: null,
      tokenProvider: gate.tokenProvider,
    });
    const load = await nextEvent(second, 'session-manager-load');
    gate.release();

    equal(load.detail.source, 'cache');
  });

  it('forgets the pages of a viewer it switches away from', async () => {
    const admin = await operator();
    const before = marker('before');
    const element = await mountAdmin(admin, {}, { viewer: before });
    await freshPage(element);
    const kept = (await everythingStored(true)).includes(before);

    const after = marker('after');
    const reloaded = freshPage(element);
    element.viewer = after;
    await reloaded;
    const stored = await everythingStored(true);

    ok(kept, 'the first viewer had pages');
    ok(!stored.includes(before), 'they are gone');
    ok(stored.includes(after), 'the new viewer has its own');
  });

  it('writes no token anywhere the browser keeps', async () => {
    const admin = await operator();
    const element = await mountAdmin(admin, {}, { viewer: marker('viewer') });
    await freshPage(element);

    const stored = await everythingStored();

    ok(stored.length > 0, 'the cache holds pages');
    ok(!stored.includes(admin.accessToken), 'the token is not stored');
    ok(!JSON.stringify({ ...localStorage }).includes(admin.accessToken));
    ok(!JSON.stringify({ ...sessionStorage }).includes(admin.accessToken));
  });

  it('skips the cache with no-cache', async () => {
    const admin = await operator();
    const viewer = marker('viewer');
    const first = await mountAdmin(admin, {}, { viewer });
    await freshPage(first);
    cleanup();

    const second = await mountAdmin(admin, { 'no-cache': true }, { viewer });
    const load = await nextEvent(second, 'session-manager-load');

    equal(load.detail.source, 'network');
  });

  it('polls, marks what appeared and vanished, and rests while hidden', async () => {
    const name = marker('Polled');
    const [, gone = ''] = await seed([
      { subjectId: `${name}-1`, displayName: name },
      { subjectId: `${name}-2`, displayName: name },
    ]);
    const admin = await operator();
    const timers = heldIntervals();
    const start = Date.now();
    undo.push(freezeClock(start));
    const element = await mountAdmin(admin, { poll: '30' });
    await freshPage(element);
    await search(element, name);
    const [added = ''] = await seed([
      { subjectId: `${name}-3`, displayName: name },
    ]);
    const { sessionEndpoint } = await testIdp();
    await new SessionClient({
      endpoint: sessionEndpoint,
      accessToken: admin.accessToken,
    }).removeSessions({ sessionId: gone });

    const polled = freshPage(element);
    timers.every(30_000)[0]?.run();
    await polled;
    const appeared = findAll(element, 'tr.appeared').map(
      (r) => r.dataset['session'],
    );
    const vanished = findAll(element, 'tr.vanished').map(
      (r) => r.dataset['session'],
    );
    // An ended session's row is there to be seen, not acted on.
    const actionable = findAll(element, 'tr.vanished :is(input, button)')
      .filter((control) => getComputedStyle(control).display !== 'none')
      .filter((control) => !(control as HTMLButtonElement).disabled);
    const said = textOf(element);
    await expectAccessible(element, 'highlights');
    setHidden(true);
    const whileHidden = timers.every(30_000).length;
    undo.push(freezeClock(start + 31_000));
    const resumed = freshPage(element);
    setHidden(false);
    await resumed;

    deepEqual(appeared, [added]);
    deepEqual(vanished, [gone]);
    deepEqual(actionable, [], 'nothing to press on an ended session');
    match(said, /New/);
    match(said, /Ended/);
    match(said, /1 new, 1 ended\./);
    equal(whileHidden, 0, 'no poll is scheduled while hidden');
    equal(timers.every(30_000).length, 1, 'polling resumed');
  });

  it('refreshes from the server on request', async () => {
    const admin = await operator();
    const element = await mountAdmin(admin, {});
    await freshPage(element);

    const load = nextEvent(element, 'session-manager-load');
    button(element, 'Refresh').click();

    equal((await load).detail.source, 'network');
  });

  it('loads again when another tab removes a session it shows', async () => {
    const name = marker('Elsewhere');
    const [id = ''] = await seed([{ subjectId: name, displayName: name }]);
    const admin = await operator();
    const element = await mountAdmin(admin, {});
    await freshPage(element);
    await search(element, name);
    const other = await OtherPage.open();
    undo.push(() => other.close());
    const { sessionEndpoint } = await testIdp();
    other.send({
      kind: 'setup',
      endpoint: sessionEndpoint,
      accessToken: admin.accessToken,
      viewer: marker('other-tab'),
      cacheName: defaultCacheName,
      channel: defaultChannelName,
    });
    await other.next('ready');

    const reloaded = freshPage(element);
    other.send({ kind: 'remove', sessionId: id });
    await other.next('removed');
    await reloaded;

    deepEqual(rowIds(element), []);
    deepEqual(
      findAll(element, 'tr.vanished').map((row) => row.dataset['session']),
      [id],
    );
  });
});
