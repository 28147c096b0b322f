import { wrap, type IDBPDatabase } from 'idb';

import { defaultChannelName } from './channel.ts';
import type { CacheUnavailableReason } from './events.ts';
import { RecentPages } from './recent.ts';
import {
  cacheVersion,
  upgrade,
  type CacheSchema,
  type UpgradeTransaction,
} from './schema.ts';

/**
 * Opens the cache database on any `IDBFactory`, the page's own by default.
 * idb's `openDB` always uses the global factory, so the request is made
 * here and wrapped, which lets a host (or a test) pass another one.
 *
 * Every cache of a page that names the same database on the same factory
 * shares one connection. Opening one took about 10 ms in Chromium, most
 * of the time an element needed to show a cached page, and an element
 * that is taken out and put back (a portal changing routes) would pay it
 * each time. The connection stays open for `lingerMs` after its last user
 * lets go, for the user that comes next.
 *
 * Nothing here waits for a connection that will not come: a blocked
 * upgrade, a missing factory or a failed open each end at once in
 * `onUnavailable`, and the cache runs without storage.
 */

export interface OpenHandlers {
  onUnavailable(reason: CacheUnavailableReason, error: unknown): void;
}

export type CacheDatabase = IDBPDatabase<CacheSchema>;

/** One use of a shared connection; `release` ends it. */
export interface CacheConnection {
  readonly db: Promise<CacheDatabase | null>;

  /** The pages read or stored last through this connection. */
  readonly recent: RecentPages;
  release(): void;
}

/** How long a connection nobody uses stays open, in ms. */
export const lingerMs = 2000;

interface Shared {
  readonly db: Promise<CacheDatabase | null>;
  readonly users: Set<OpenHandlers>;
  readonly recent: RecentPages;
  closing: ReturnType<typeof setTimeout> | undefined;

  /**
   * While the connection lingers no store of this page listens for other
   * pages' removals, which would drop what `recent` holds. This does,
   * on the default channel, until a user comes back: a store on a
   * channel of its own name is not heard meanwhile.
   */
  listening: BroadcastChannel | null;
}

const shared = new WeakMap<IDBFactory, Map<string, Shared>>();

export function openCacheDatabase(
  getFactory: () => IDBFactory | null | undefined,
  name: string,
  handlers: OpenHandlers,
): CacheConnection {
  let factory: IDBFactory | null | undefined;
  try {
    factory = getFactory();
  } catch (error) {
    // Where storage is denied, as in a sandboxed frame with an opaque
    // origin, reaching IndexedDB throws a SecurityError.
    return unavailable(handlers, 'error', error);
  }
  if (!factory) {
    return unavailable(handlers, 'missing', null);
  }

  const pool = shared.get(factory) ?? new Map<string, Shared>();
  shared.set(factory, pool);
  const use = pool.get(name) ?? share(factory, name, pool);
  clearTimeout(use.closing);
  use.closing = undefined;
  stopListening(use);
  use.users.add(handlers);

  let released = false;
  return {
    db: use.db,
    recent: use.recent,
    release() {
      if (released) {
        return;
      }
      released = true;
      use.users.delete(handlers);
      if (use.users.size > 0 || pool.get(name) !== use) {
        return;
      }
      listenWhileLingering(use);
      use.closing = setTimeout(() => {
        pool.delete(name);
        stopListening(use);
        void use.db.then((db) => db?.close());
      }, lingerMs);
      // In Node, a lingering connection must not keep the process alive.
      (use.closing as { unref?: () => void }).unref?.();
    },
  };
}

/** Opens `name` and puts the connection in `pool` for the page's caches. */
function share(
  factory: IDBFactory,
  name: string,
  pool: Map<string, Shared>,
): Shared {
  const users = new Set<OpenHandlers>();
  const entry: Shared = {
    users,
    recent: new RecentPages(),
    closing: undefined,
    listening: null,
    // Whatever ends the connection ends it for every user, and the next
    // cache opens a new one.
    db: open(factory, name, (reason, error) => {
      if (pool.get(name) === entry) {
        pool.delete(name);
      }
      clearTimeout(entry.closing);
      stopListening(entry);
      entry.recent.forget();
      for (const user of [...users]) {
        user.onUnavailable(reason, error);
      }
    }),
  };
  pool.set(name, entry);
  return entry;
}

function listenWhileLingering(use: Shared): void {
  // Some embedded webviews have no BroadcastChannel; there the pages are
  // forgotten instead, and an element put back reads IndexedDB.
  if (typeof BroadcastChannel !== 'function') {
    use.recent.forget();
    return;
  }
  use.listening = new BroadcastChannel(defaultChannelName);
  use.listening.addEventListener('message', () => use.recent.forget());
  // In Node, like the linger timer, it must not keep the process alive.
  (use.listening as { unref?: () => void }).unref?.();
}

function stopListening(use: Shared): void {
  use.listening?.close();
  use.listening = null;
}

function unavailable(
  handlers: OpenHandlers,
  reason: CacheUnavailableReason,
  error: unknown,
): CacheConnection {
  handlers.onUnavailable(reason, error);
  return { db: Promise.resolve(null), recent: new RecentPages(), release() {} };
}

/** Opens a connection; `ended` hears why it failed or stopped. */
function open(
  factory: IDBFactory,
  name: string,
  ended: OpenHandlers['onUnavailable'],
): Promise<CacheDatabase | null> {
  let request: IDBOpenDBRequest;
  try {
    request = factory.open(name, cacheVersion);
  } catch (error) {
    // Storage can be denied at this step too (a SecurityError).
    queueMicrotask(() => ended('error', error));
    return Promise.resolve(null);
  }

  return new Promise((resolve) => {
    let gaveUp = false;

    request.addEventListener('upgradeneeded', (event) => {
      upgrade(
        wrap(request.result) as CacheDatabase,
        event.oldVersion,
        wrap(
          request.transaction as IDBTransaction,
        ) as unknown as UpgradeTransaction,
      );
    });

    // Another page holds an older version open and did not close it when
    // asked. Waiting could take as long as that page lives, so the cache
    // gives up now; if the upgrade completes later, that late connection
    // is closed unused.
    request.addEventListener('blocked', () => {
      gaveUp = true;
      ended('blocked', null);
      resolve(null);
    });

    request.addEventListener('error', (event) => {
      // A refused open must not also reach window.onerror.
      event.preventDefault();
      if (!gaveUp) {
        ended(reasonFor(request.error), request.error);
        resolve(null);
      }
    });

    request.addEventListener('success', () => {
      const db = request.result;
      if (gaveUp) {
        db.close();
        return;
      }

      // A newer version elsewhere wants to upgrade: let it, and stop
      // using this connection rather than block it.
      db.addEventListener('versionchange', (event) => {
        db.close();
        ended(event.newVersion === null ? 'closed' : 'version', null);
      });
      db.addEventListener('close', () => {
        ended('closed', null);
      });
      resolve(wrap(db) as CacheDatabase);
    });
  });
}

function reasonFor(error: DOMException | null): CacheUnavailableReason {
  switch (error?.name) {
    case 'QuotaExceededError':
      return 'quota';
    // The database is at a later version than this code knows: a newer
    // release of the app opened it.
    case 'VersionError':
      return 'version';
    default:
      return 'error';
  }
}
