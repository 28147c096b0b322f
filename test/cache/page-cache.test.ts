import { openDB } from 'idb';

import { CacheUnavailableEvent, PageCache } from '../../shared/cache/index.ts';
import { defaultChannelName } from '../../shared/cache/channel.ts';
import { lingerMs } from '../../shared/cache/open.ts';
import { usedResolutionMs } from '../../shared/cache/transactions.ts';
import { cacheVersion } from '../../shared/cache/schema.ts';
import { deepEqual, equal, ok } from '../support/wtr-assert.ts';
import {
  dropDatabases,
  freshName,
  frozenClock,
  key,
  nextEvent,
  pageOf,
  rowsOf,
  session,
} from './support.ts';

const caches: PageCache[] = [];

function open(options: ConstructorParameters<typeof PageCache>[0] = {}) {
  const cache = new PageCache({ name: freshName(), ...options });
  caches.push(cache);
  return cache;
}

afterEach(async () => {
  caches.splice(0).forEach((cache) => cache.close());
  await dropDatabases();
});

describe('PageCache', () => {
  it('returns a stored page, Dates and all', async () => {
    const clock = frozenClock();
    const cache = open({ now: clock.now });
    const page = pageOf(session('10', 's1'));

    await cache.put(key(), page, rowsOf(page), clock.now());
    const hit = await cache.get<typeof page>(key());

    deepEqual(hit?.page, page);
    ok(hit?.page.results[0]?.created instanceof Date, 'a Date came back');
    equal(hit?.storedAt, clock.now());
  });

  it('misses a key it never stored', async () => {
    const cache = open();

    equal(await cache.get(key({ query: { countRequested: '10' } })), null);
  });

  it('never returns a page older than maxAgeMs', async () => {
    const clock = frozenClock();
    const cache = open({ now: clock.now, maxAgeMs: 60_000 });
    await cache.put(key(), pageOf(), [], clock.now());

    clock.advance(60_000);
    ok(await cache.get(key()), 'still young enough at the limit');
    clock.advance(1);

    equal(await cache.get(key()), null);
  });

  it('keeps a fresh age from when the fetch began, not when it ended', async () => {
    const clock = frozenClock();
    const cache = open({ now: clock.now });
    const requestedAt = clock.now();
    clock.advance(5_000);

    await cache.put(key(), pageOf(), [], requestedAt);

    equal((await cache.get(key()))?.storedAt, requestedAt);
  });

  it('evicts the least recently used page beyond maxPages', async () => {
    const clock = frozenClock();
    const cache = open({ now: clock.now, maxPages: 3 });
    const keys = ['1', '2', '3', '4'].map((count) =>
      key({ query: { countRequested: count } }),
    );
    // A minute apart: what was used last is known to the minute.
    for (const k of keys.slice(0, 3)) {
      clock.advance(usedResolutionMs);
      await cache.put(k, pageOf(), [], clock.now());
    }
    clock.advance(usedResolutionMs);
    await cache.get(keys[0] as (typeof keys)[0]);

    clock.advance(usedResolutionMs);
    await cache.put(keys[3] as (typeof keys)[0], pageOf(), [], clock.now());

    const present = await Promise.all(keys.map((k) => cache.get(k)));
    deepEqual(
      present.map((hit) => hit !== null),
      [true, false, true, true],
    );
  });

  it('writes a page read again within a minute no more', async () => {
    const clock = frozenClock();
    const cache = open({ now: clock.now });
    const stored = clock.now();
    await cache.put(key(), pageOf(), [], stored);
    const usedAt = async () => {
      const db = await openDB(cache.name);
      const record = (await db.get(
        'pages',
        await db.getAllKeys('pages').then((keys) => keys[0] as IDBValidKey),
      )) as { usedAt: number };
      db.close();
      return record.usedAt;
    };

    clock.advance(usedResolutionMs - 1);
    ok(await cache.get(key()), 'read a little within the minute');
    const within = await usedAt();
    clock.advance(1);
    ok(await cache.get(key()), 'read at the minute');
    const after = await usedAt();

    equal(within, stored, 'not marked again within the minute');
    equal(after, stored + usedResolutionMs, 'marked again after it');
  });

  it('keeps each viewer to their own pages', async () => {
    const cache = open();
    const alices = pageOf(session('1', 'alice-session'));
    await cache.put(
      key({ viewer: 'alice' }),
      alices,
      rowsOf(alices),
      Date.now(),
    );

    equal(await cache.get(key({ viewer: 'bob' })), null);
    ok(await cache.get(key({ viewer: 'alice' })));
  });

  it('keeps endpoints and modes apart', async () => {
    const cache = open();
    await cache.put(key(), pageOf(), [], Date.now());

    equal(await cache.get(key({ endpoint: 'https://other.test/s' })), null);
    equal(await cache.get(key({ mode: 'self' })), null);
  });

  it('clears one viewer and leaves the others', async () => {
    const cache = open();
    await cache.put(key({ viewer: 'alice' }), pageOf(), [], Date.now());
    await cache.put(key({ viewer: 'bob' }), pageOf(), [], Date.now());

    await cache.clearViewer(key().endpoint, 'alice');

    equal(await cache.get(key({ viewer: 'alice' })), null);
    ok(await cache.get(key({ viewer: 'bob' })));
  });

  it('does not store a page whose fetch began before a clear', async () => {
    const clock = frozenClock();
    const cache = open({ now: clock.now });
    const requestedAt = clock.now();
    clock.advance(10);
    await cache.clearViewer(key().endpoint, 'viewer-a');

    await cache.put(key(), pageOf(), [], requestedAt);

    equal(await cache.get(key()), null);
  });

  it('stores nothing but the page and what finds it', async () => {
    const cache = open();
    const page = pageOf(session('10', 's1'));

    await cache.put(key(), page, rowsOf(page), Date.now());

    const raw = await new Promise<unknown[]>((resolve, reject) => {
      const request = indexedDB.open(cache.name);
      request.onsuccess = () => {
        const all = request.result
          .transaction('pages')
          .objectStore('pages')
          .getAll();
        all.onsuccess = () => {
          request.result.close();
          resolve(all.result);
        };
        all.onerror = () => reject(all.error);
      };
    });
    deepEqual(Object.keys(raw[0] as object).sort(), [
      'endpoint',
      'key',
      'mode',
      'page',
      'query',
      'rows',
      'scope',
      'storedAt',
      'usedAt',
    ]);
  });

  describe('one connection a page', () => {
    /** The page's IndexedDB, counting the connections asked of it. */
    function countingFactory() {
      const counted = {
        opens: 0,
        open(name: string, version?: number) {
          counted.opens += 1;
          return indexedDB.open(name, version);
        },
        deleteDatabase: (name: string) => indexedDB.deleteDatabase(name),
        databases: () => indexedDB.databases(),
        cmp: (a: unknown, b: unknown) => indexedDB.cmp(a, b),
      };
      return counted;
    }

    it('is shared by the caches of one database', async () => {
      const factory = countingFactory();
      const name = freshName();
      const indexedDB = factory as unknown as IDBFactory;
      const first = open({ name, indexedDB });
      const second = open({ name, indexedDB });
      await first.put(key(), pageOf(session('1', 's1')), [], Date.now());

      ok(await second.get(key()), 'the second reads what the first wrote');
      equal(factory.opens, 1);
    });

    it('outlives its last user briefly, for the next one', async () => {
      const factory = countingFactory();
      const name = freshName();
      const indexedDB = factory as unknown as IDBFactory;
      const first = open({ name, indexedDB });
      ok(await first.ready());
      first.close();

      const next = open({ name, indexedDB });
      ok(await next.ready());
      equal(factory.opens, 1, 'a cache made at once reuses it');
      next.close();
      await new Promise((resolve) => setTimeout(resolve, lingerMs + 200));

      const later = open({ name, indexedDB });
      ok(await later.ready());
      equal(factory.opens, 2, 'after the linger it was closed');
      ok(first.unavailableReason === null, 'letting go is not a failure');
    });

    it('answers a cache made next from memory, until another page removes sessions', async () => {
      const name = freshName();
      const first = open({ name });
      const page = pageOf(session('1', 's1'));
      await first.put(key(), page, rowsOf(page), Date.now());
      first.close();

      // Another page of the origin drops the page in IndexedDB and says
      // so, while no cache of this page is open to hear it.
      const elsewhere = await openDB(name);
      await elsewhere.clear('pages');
      elsewhere.close();
      const kept = open({ name });
      ok(await kept.get(key()), 'put back at once: the page kept in memory');
      kept.close();
      const channel = new BroadcastChannel(defaultChannelName);
      const heard = new BroadcastChannel(defaultChannelName);
      const delivered = new Promise((resolve) => {
        heard.addEventListener('message', resolve, { once: true });
      });
      channel.postMessage({ kind: 'session-manager.removed' });
      await delivered;
      channel.close();
      heard.close();

      const next = open({ name });
      equal(await next.get(key()), null, 'the removal was heard');
    });

    it('forgets in memory what eviction deleted', async () => {
      const cache = open({ maxPages: 1 });
      const [first, second] = ['1', '2'].map((count) =>
        key({ query: { countRequested: count } }),
      ) as [ReturnType<typeof key>, ReturnType<typeof key>];
      await cache.put(first, pageOf(), [], Date.now());
      ok(await cache.get(first));

      await cache.put(second, pageOf(), [], Date.now());

      equal(await cache.get(first), null, 'evicted: one page is kept');
      ok(await cache.get(second));
    });

    it('keeps no page in memory that was stored as pages were dropped', async () => {
      const name = freshName();
      const cache = open({ name });
      const page = pageOf(session('1', 's1'));

      // The write is in IndexedDB before the drop, which deletes it; the
      // put then goes on to evict, and ends after the drop has.
      const stored = cache.put(key(), page, rowsOf(page), Date.now());
      const dropped = cache.clear();
      await Promise.all([stored, dropped]);

      equal(await open({ name }).get(key()), null);
    });

    it('ends for every user when a newer version takes over', async () => {
      const name = freshName();
      const users = [open({ name }), open({ name })];
      ok(await users[0]?.ready());
      const reasons = users.map((cache) =>
        nextEvent<CacheUnavailableEvent>(cache, CacheUnavailableEvent.type),
      );

      const newer = await openDB(name, cacheVersion + 1);
      const events = await Promise.all(reasons);
      newer.close();

      deepEqual(
        events.map((event) => event.reason),
        ['version', 'version'],
      );
      const replacement = open({ name: freshName() });
      ok(await replacement.ready(), 'another database opens as before');
    });
  });
});
