import { openDB } from 'idb';

import {
  CacheUnavailableEvent,
  cacheVersion,
  PageCache,
  SessionStore,
} from '../../shared/cache/index.ts';
import { migrations } from '../../shared/cache/schema.ts';
import { SessionClient } from '../../shared/client/index.ts';
import { deepEqual, equal, ok } from '../support/wtr-assert.ts';
import { setStorageQuota } from '../support/wtr-browser.ts';
import {
  dropDatabases,
  freshName,
  key,
  nextEvent,
  pageOf,
  rowsOf,
  session,
  unavailableEvents,
} from './support.ts';

// IndexedDB missing, throwing, blocked, full or replaced: the cache says so
// once and every call still settles, so the store keeps answering.

afterEach(async () => {
  await setStorageQuota(null);
  await dropDatabases();
});

async function stillSettles(cache: PageCache) {
  await cache.put(key(), pageOf(), [], 1);
  equal(await cache.get(key()), null);
  deepEqual(await cache.invalidate(key().endpoint, []), []);
  await cache.clearViewer(key().endpoint, 'viewer-a');
  await cache.clear();
}

describe('a cache without IndexedDB', () => {
  it('says "missing" once and misses every read', async () => {
    const cache = new PageCache({ name: freshName(), indexedDB: null });
    const events = unavailableEvents(cache);

    equal(await cache.ready(), false);
    await stillSettles(cache);

    equal(events.length, 1);
    equal(events[0]?.reason, 'missing');
    equal(cache.unavailableReason, 'missing');
  });

  it('says "error" when opening throws', async () => {
    const refusing = {
      open() {
        throw new DOMException('denied in this frame', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const cache = new PageCache({ name: freshName(), indexedDB: refusing });
    const events = unavailableEvents(cache);

    await stillSettles(cache);

    equal(events.length, 1);
    equal(events[0]?.reason, 'error');
    equal((events[0]?.error as DOMException).name, 'SecurityError');
  });

  it('is reported by a store, which still answers', async () => {
    const cache = new PageCache({ name: freshName(), indexedDB: null });
    const store = new SessionStore({
      client: new SessionClient({ endpoint: 'http://127.0.0.1:9/sessions' }),
      viewer: 'viewer-a',
      cache,
      channel: false,
    });
    const events = unavailableEvents(store);

    await cache.ready();
    await Promise.resolve();

    equal(events.length, 1);
    equal(events[0]?.reason, 'missing');
    store.close();
  });
});

describe('upgrading the schema', () => {
  it('brings an older database forward and keeps its pages', async () => {
    const name = freshName();
    const older = await openDB(name, 1, {
      upgrade: (db, _old, _new, tx) =>
        migrations[0]?.(db as never, tx as never),
    });
    const page = pageOf(session('10', 's1'));
    const record = {
      key: JSON.stringify([key().endpoint, 'viewer-a', 'admin', key().query]),
      scope: JSON.stringify([key().endpoint, 'viewer-a']),
      endpoint: key().endpoint,
      mode: 'admin',
      query: key().query,
      rows: rowsOf(page),
      storedAt: Date.now(),
      usedAt: Date.now(),
      page,
    };
    await older.put('pages' as never, record as never);
    older.close();

    const cache = new PageCache({ name });

    ok(await cache.ready(), 'the upgrade went through');
    deepEqual((await cache.get(key()))?.page, page);
    cache.close();
    const reopened = await openDB(name);
    equal(reopened.version, cacheVersion);
    reopened.close();
  });

  it('gives up at once when an older connection blocks the upgrade', async () => {
    const name = freshName();
    const stubborn = await openDB(name, 1, {
      upgrade: (db, _old, _new, tx) =>
        migrations[0]?.(db as never, tx as never),
    });
    const cache = new PageCache({ name });
    const events = unavailableEvents(cache);

    equal(await cache.ready(), false);
    await stillSettles(cache);
    equal(events[0]?.reason, 'blocked');
    equal(events.length, 1);

    stubborn.close();
    const later = new PageCache({ name });
    ok(await later.ready(), 'a later cache upgrades once the way is clear');
    later.close();
  });

  it('steps aside when a newer version opens the database', async () => {
    const name = freshName();
    const cache = new PageCache({ name });
    ok(await cache.ready());
    const replaced = nextEvent<CacheUnavailableEvent>(
      cache,
      CacheUnavailableEvent.type,
    );

    const newer = await openDB(name, cacheVersion + 1);
    const event = await replaced;

    equal(event.reason, 'version');
    equal(await cache.get(key()), null);
    newer.close();
  });

  it('says "version" when a newer release already upgraded it', async () => {
    const name = freshName();
    const newer = await openDB(name, cacheVersion + 1);
    newer.close();
    const cache = new PageCache({ name });
    const events = unavailableEvents(cache);

    equal(await cache.ready(), false);
    await stillSettles(cache);

    equal(events[0]?.reason, 'version');
    equal(events.length, 1);
  });
});

describe('a full origin', () => {
  it('says "quota" once and goes on without storing', async () => {
    await setStorageQuota(64 * 1024);
    const cache = new PageCache({ name: freshName() });
    ok(await cache.ready());
    const events = unavailableEvents(cache);
    // Random text, because Chromium compresses what it stores.
    const chunks = Array.from({ length: 8 }, () =>
      crypto.getRandomValues(new Uint8Array(64 * 1024)),
    );
    const huge = { chunks };

    await cache.put(key(), huge, [], Date.now());
    await cache.put(key({ viewer: 'b' }), huge, [], Date.now());

    equal(events.length, 1);
    equal(events[0]?.reason, 'quota');
    equal(await cache.get(key()), null);
    cache.close();
  });
});
