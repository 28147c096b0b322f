import { openDB } from 'idb';

import {
  PageCache,
  PagesInvalidatedEvent,
  SessionStore,
  viewerIdentity,
  type Loaded,
  type SessionStoreOptions,
} from '../../shared/cache/index.ts';
import {
  isUnauthorizedError,
  SessionClient,
  type RemoveSessionsInput,
  type SessionQuery,
} from '../../shared/client/index.ts';
import { deepEqual, equal, ok, rejects } from '../support/wtr-assert.ts';
import {
  faultyEndpoint,
  signIn,
  testIdp,
  uniqueRun,
  type SignedIn,
  type TestIdp,
} from '../support/wtr-browser.ts';
import { OtherPage } from './other-page-driver.ts';
import {
  dropDatabases,
  freshName,
  frozenClock,
  nextEvent,
  unavailableEvents,
} from './support.ts';

// The store against the real reference IdP, with real tokens: what a view
// sees from the cache and the network, and what a removal does to both.

let idp: TestIdp;
let admin: SignedIn;
let adminViewer: string;
const stores: SessionStore[] = [];
let clock: ReturnType<typeof frozenClock>;
let cacheName: string;
let channel: string;

before(async () => {
  idp = await testIdp();
  admin = await signIn({ username: 'admin', api: 'admin' });
  adminViewer = await viewerIdentity(idp.issuer, admin.subjectId);
});

beforeEach(() => {
  clock = frozenClock(Date.now());
  cacheName = freshName();
  channel = uniqueRun('channel');
});

afterEach(async () => {
  stores.splice(0).forEach((store) => store.close());
  await dropDatabases();
});

function storeFor(
  signedIn: SignedIn,
  viewer: string,
  options: Partial<SessionStoreOptions> = {},
): SessionStore {
  const client = new SessionClient({
    endpoint: idp.sessionEndpoint,
    accessToken: signedIn.accessToken,
  });
  const store = new SessionStore({
    client,
    viewer,
    cache: { name: cacheName, now: clock.now },
    channel,
    ...options,
  });
  stores.push(store);
  return store;
}

async function collect<Page>(loads: AsyncIterable<Loaded<Page>>) {
  const seen: Loaded<Page>[] = [];
  for await (const loaded of loads) {
    seen.push(loaded);
  }
  return seen;
}

/** Every record of every store of database `name`, read raw. */
async function everythingIn(name: string): Promise<unknown[]> {
  const db = await openDB(name);
  const records: unknown[] = [];
  for (const store of db.objectStoreNames) {
    records.push(...(await db.getAll(store)));
  }
  db.close();
  return records;
}

const sources = (seen: Loaded<unknown>[]) => seen.map((l) => l.source);

/** Where each answer of one admin query came from, in order. */
async function sourcesOf(store: SessionStore, query: SessionQuery) {
  return sources(await collect(store.querySessions(query)));
}

/** An admin removal through the store, and the event it fired. */
async function removeAndHear(
  store: SessionStore,
  request: RemoveSessionsInput,
) {
  const said = nextEvent<PagesInvalidatedEvent>(
    store,
    PagesInvalidatedEvent.type,
  );
  const report = await store.removeSessions(request);
  return { report, event: await said };
}

const bobsSessions = { subjectId: '10', match: 'exact' } as const;

async function bobSignsIn(): Promise<SignedIn> {
  return signIn({ username: 'bob', api: 'self' });
}

describe('SessionStore loading pages', () => {
  it('answers from the network, then from the cache first', async () => {
    await bobSignsIn();
    const store = storeFor(admin, adminViewer);

    const first = await collect(store.querySessions(bobsSessions));
    clock.advance(30_000);
    const second = await collect(store.querySessions(bobsSessions));

    deepEqual(sources(first), ['network']);
    deepEqual(sources(second), ['cache', 'network']);
    equal(second[0]?.ageMs, 30_000);
    deepEqual(second[0]?.page, first[0]?.page);
    equal(second[1]?.ageMs, 0);
  });

  it('shows the fresh page while a slow write is storing it', async () => {
    await bobSignsIn();
    // IndexedDB cannot be made slow on demand: this cache's writes wait
    // for the test (or a second, so a store that waits fails, not hangs).
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
      setTimeout(resolve, 1_000);
    });
    let stored = false;
    class SlowCache extends PageCache {
      override async put(...args: Parameters<PageCache['put']>) {
        await gate;
        await super.put(...args);
        stored = true;
      }
    }
    const cache = new SlowCache({ name: cacheName, now: clock.now });
    const store = storeFor(admin, adminViewer, { cache });

    const seen: string[] = [];
    for await (const loaded of store.querySessions(bobsSessions)) {
      seen.push(`${loaded.source}, stored: ${stored}`);
      release();
    }
    const again = await sourcesOf(store, bobsSessions);
    cache.close();

    deepEqual(seen, ['network, stored: false']);
    ok(stored, 'the load ends once the page is stored');
    deepEqual(again, ['cache', 'network']);
  });

  it('never shows a page older than the maximum age', async () => {
    const store = storeFor(admin, adminViewer, {
      cache: { name: cacheName, now: clock.now, maxAgeMs: 60_000 },
    });
    await collect(store.querySessions(bobsSessions));

    clock.advance(60_001);
    const later = await collect(store.querySessions(bobsSessions));

    deepEqual(sources(later), ['network']);
  });

  it('keeps one viewer’s pages from another', async () => {
    const alice = await signIn({ username: 'alice', api: 'self' });
    const bob = await bobSignsIn();
    const cache = new PageCache({ name: cacheName, now: clock.now });
    const aliceViewer = await viewerIdentity(idp.issuer, alice.subjectId);
    const bobViewer = await viewerIdentity(idp.issuer, bob.subjectId);
    const aliceStore = storeFor(alice, aliceViewer, { cache });
    const bobStore = storeFor(bob, bobViewer, { cache });
    await collect(aliceStore.listOwnSessions());

    const bobSees = await collect(bobStore.listOwnSessions());

    deepEqual(sources(bobSees), ['network']);
    const subjects = bobSees[0]?.page.map((s) => s.subjectId) ?? [];
    ok(subjects.length > 0 && subjects.every((s) => s === '10'), 'bob only');
    deepEqual(sources(await collect(aliceStore.listOwnSessions())), [
      'cache',
      'network',
    ]);
    cache.close();
  });

  it('shows the cached page, then the error, when the network fails', async () => {
    await collect(storeFor(admin, adminViewer).querySessions(bobsSessions));
    const expired = { ...admin, accessToken: 'no-longer-valid' };
    const store = storeFor(expired, adminViewer);
    const seen: string[] = [];

    await rejects(
      (async () => {
        for await (const loaded of store.querySessions(bobsSessions)) {
          seen.push(loaded.source);
        }
      })(),
      isUnauthorizedError,
    );

    deepEqual(seen, ['cache']);
  });

  it('works with the cache turned off', async () => {
    const store = storeFor(admin, adminViewer, { cache: false });

    await collect(store.querySessions(bobsSessions));
    const again = await collect(store.querySessions(bobsSessions));

    deepEqual(sources(again), ['network']);
    equal(store.cache, null);
  });

  it('goes on from the network when IndexedDB is missing', async () => {
    const store = storeFor(admin, adminViewer, {
      cache: { indexedDB: null },
    });
    const events = unavailableEvents(store);

    await collect(store.querySessions(bobsSessions));
    const again = await collect(store.querySessions(bobsSessions));

    deepEqual(sources(again), ['network']);
    equal(events.length, 1);
    equal(events[0]?.reason, 'missing');
  });

  it('writes no token to storage', async () => {
    const store = storeFor(admin, adminViewer);
    await collect(store.querySessions(bobsSessions));

    const stored = JSON.stringify(await everythingIn(cacheName));

    ok(stored.includes('"subjectId":"10"'), 'the pages are there');
    equal(stored.includes(admin.accessToken), false);
  });

  it('refuses a token where the viewer identity belongs', () => {
    const jwtLike = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMCJ9.c2lnbmF0dXJl';

    let thrown: unknown;
    try {
      storeFor(admin, jwtLike);
    } catch (error) {
      thrown = error;
    }

    ok(thrown instanceof TypeError, 'a TypeError');
  });
});

describe('SessionStore removing sessions', () => {
  it('drops the pages the removal could change and says so', async () => {
    const removed = await bobSignsIn();
    const store = storeFor(admin, adminViewer);
    const justThat = {
      sessionId: removed.sessionId ?? '',
      match: 'exact',
    } as const;
    const alicesSessions = { subjectId: '1', match: 'exact' } as const;
    await collect(store.querySessions(justThat));
    await collect(store.querySessions(bobsSessions));
    await collect(store.querySessions(alicesSessions));

    const { report, event } = await removeAndHear(store, {
      sessionId: removed.sessionId ?? '',
    });

    equal(report?.sessionsRemoved, 1);
    equal(event.remote, false);
    deepEqual(event.targets, [
      { subjectId: '10', sessionId: removed.sessionId },
    ]);
    const after = await collect(store.querySessions(justThat));
    deepEqual(sources(after), ['network']);
    equal(after[0]?.page.results.length, 0);
    deepEqual(await sourcesOf(store, bobsSessions), ['network']);
    deepEqual(await sourcesOf(store, alicesSessions), ['cache', 'network']);
  });

  it('knows whose session it was from the report, cached or not', async () => {
    const removed = await bobSignsIn();
    const store = storeFor(admin, adminViewer);
    const alicesSessions = { subjectId: '1', match: 'exact' } as const;
    await collect(store.querySessions(alicesSessions));

    // No cached page shows this session: the request alone would leave
    // its subject unknown, and drop Alice's page with everything else.
    const { report, event } = await removeAndHear(store, {
      sessionId: removed.sessionId ?? '',
    });

    deepEqual(report?.removed, [
      { subjectId: '10', sessionId: removed.sessionId ?? '' },
    ]);
    deepEqual(event.targets, [
      { subjectId: '10', sessionId: removed.sessionId },
    ]);
    deepEqual(await sourcesOf(store, alicesSessions), ['cache', 'network']);
  });

  it('keeps session pages when a removal ends no session', async () => {
    await bobSignsIn();
    const store = storeFor(admin, adminViewer);
    await collect(store.querySessions(bobsSessions));
    await collect(store.querySessions({}));

    const report = await store.removeSessions({
      subjectId: '10',
      removeServerSideSession: false,
      sendBackchannelLogoutNotification: false,
      revokeConsents: false,
    });

    deepEqual(report?.removed, []);
    deepEqual(await sourcesOf(store, bobsSessions), ['cache', 'network']);
    deepEqual(await sourcesOf(store, {}), ['cache', 'network']);
  });

  for (const [host, step] of [
    ['answers 204', '204'],
    ['lists no sessions in its report', 'ok'],
  ] as const) {
    it(`guesses from the request when the host ${host}`, async () => {
      const endpoint = await faultyEndpoint(uniqueRun('report'), ['ok', step]);
      const client = new SessionClient({ endpoint });
      const store = new SessionStore({
        client,
        viewer: adminViewer,
        cache: { name: cacheName, now: clock.now },
        channel: false,
      });
      stores.push(store);
      const [cached] = await collect(store.querySessions(bobsSessions));
      const shown = cached?.page.results[0]?.sessionId ?? '';

      const { report, event } = await removeAndHear(store, {
        sessionId: shown,
      });

      equal(report === null ? null : report.removed, null);
      deepEqual(event.targets, [{ subjectId: '10', sessionId: shown }]);
    });
  }

  it('drops the caller’s own list after a self-service removal', async () => {
    const bob = await bobSignsIn();
    await bobSignsIn();
    const bobViewer = await viewerIdentity(idp.issuer, bob.subjectId);
    const store = storeFor(bob, bobViewer);
    await collect(store.listOwnSessions());

    await store.removeOwnSessions({ target: 'others' });
    const after = await collect(store.listOwnSessions());

    deepEqual(sources(after), ['network']);
    deepEqual(
      after[0]?.page.map((s) => s.current),
      [true],
    );
  });

  it('drops cached history pages, which gain the new record', async () => {
    const removed = await bobSignsIn();
    const store = storeFor(admin, adminViewer);
    const history = { subjectId: '10' } as const;
    await collect(store.queryRemovals(history));

    await store.removeSessions({
      sessionId: removed.sessionId ?? '',
      reason: 'history in the store',
    });
    const after = await collect(store.queryRemovals(history));

    deepEqual(sources(after), ['network']);
    equal(after[0]?.page.results[0]?.reason, 'history in the store');
  });

  it('tells another page of the origin, which drops its pages too', async () => {
    const removed = await bobSignsIn();
    await bobSignsIn();
    const other = await OtherPage.open();
    other.send({
      kind: 'setup',
      endpoint: idp.sessionEndpoint,
      accessToken: admin.accessToken,
      viewer: adminViewer,
      cacheName,
      channel,
    });
    await other.next('ready');
    other.send({ kind: 'load', subjectId: '10' });
    await other.next('loaded');
    const store = storeFor(admin, adminViewer);

    await store.removeSessions({ sessionId: removed.sessionId ?? '' });
    const heard = await other.next('invalidated');
    other.send({ kind: 'load', subjectId: '10' });
    const reloaded = await other.next('loaded');

    equal(heard.remote, true);
    deepEqual(heard.sessionIds, [removed.sessionId]);
    deepEqual(reloaded.sources, ['network']);
    equal(reloaded.ids.includes(removed.sessionId ?? ''), false);
    other.close();
  });

  it('hears a removal made in another page', async () => {
    const removed = await bobSignsIn();
    const store = storeFor(admin, adminViewer);
    await collect(store.querySessions(bobsSessions));
    const other = await OtherPage.open();
    other.send({
      kind: 'setup',
      endpoint: idp.sessionEndpoint,
      accessToken: admin.accessToken,
      viewer: adminViewer,
      cacheName,
      channel,
    });
    await other.next('ready');
    const heard = nextEvent<PagesInvalidatedEvent>(
      store,
      PagesInvalidatedEvent.type,
    );

    other.send({ kind: 'remove', sessionId: removed.sessionId ?? '' });
    const event = await heard;

    equal(event.remote, true);
    deepEqual(sources(await collect(store.querySessions(bobsSessions))), [
      'network',
    ]);
    other.close();
  });
});

describe('SessionStore viewers', () => {
  it('deletes the pages of a viewer who signs out', async () => {
    const store = storeFor(admin, adminViewer);
    await collect(store.querySessions(bobsSessions));

    await store.signOut();
    equal(store.viewer, null);
    await store.setViewer(adminViewer);

    deepEqual(sources(await collect(store.querySessions(bobsSessions))), [
      'network',
    ]);
  });

  it('caches nothing while nobody is signed in', async () => {
    const store = storeFor(admin, adminViewer);
    await store.signOut();

    await collect(store.querySessions(bobsSessions));
    await store.setViewer(adminViewer);

    deepEqual(sources(await collect(store.querySessions(bobsSessions))), [
      'network',
    ]);
  });
});
