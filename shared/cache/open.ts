import { wrap, type IDBPDatabase } from 'idb';

import type { CacheUnavailableReason } from './events.ts';
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
 * Nothing here waits for a connection that will not come: a blocked
 * upgrade, a missing factory or a failed open each end at once in
 * `onUnavailable`, and the cache runs without storage.
 */

export interface OpenHandlers {
  onUnavailable(reason: CacheUnavailableReason, error: unknown): void;
}

export type CacheDatabase = IDBPDatabase<CacheSchema>;

export function openCacheDatabase(
  getFactory: () => IDBFactory | null | undefined,
  name: string,
  handlers: OpenHandlers,
): Promise<CacheDatabase | null> {
  let request: IDBOpenDBRequest;
  try {
    const factory = getFactory();
    if (!factory) {
      handlers.onUnavailable('missing', null);
      return Promise.resolve(null);
    }
    request = factory.open(name, cacheVersion);
  } catch (error) {
    // Where storage is denied, as in a sandboxed frame with an opaque
    // origin, reaching IndexedDB or opening it throws a SecurityError.
    handlers.onUnavailable('error', error);
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
      handlers.onUnavailable('blocked', null);
      resolve(null);
    });

    request.addEventListener('error', (event) => {
      // A refused open must not also reach window.onerror.
      event.preventDefault();
      if (!gaveUp) {
        handlers.onUnavailable(reasonFor(request.error), request.error);
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
        handlers.onUnavailable(
          event.newVersion === null ? 'closed' : 'version',
          null,
        );
      });
      db.addEventListener('close', () => {
        handlers.onUnavailable('closed', null);
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
