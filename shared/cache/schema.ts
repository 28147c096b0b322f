import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

import type { QueryParams } from '../client/requests.ts';

/**
 * The layout of the page cache's database. `migrations[n]` moves a
 * database from version n to n + 1, so a database left by an older release
 * is brought forward in place and a new one runs them all. Bump
 * `cacheVersion` only by adding an entry.
 */

/** What a cached page is a page of. */
export type PageMode = 'admin' | 'self' | 'removals';

/** One session a page holds, kept to tell which removals touch it. */
export interface PageRow {
  readonly subjectId: string;
  readonly sessionId: string;
}

export interface PageRecord {
  /** `keyOf` of the page: endpoint, viewer, mode and normalised query. */
  readonly key: string;

  /** `scopeOf`: endpoint and viewer, for clearing one viewer's pages. */
  readonly scope: string;

  readonly endpoint: string;
  readonly mode: PageMode;
  readonly query: QueryParams;
  readonly rows: readonly PageRow[];

  /** When the page was fetched, in epoch milliseconds. */
  readonly storedAt: number;

  /** When it was last read or written, for least-recently-used eviction. */
  readonly usedAt: number;

  /** The page as the client returned it; structured clone keeps Dates. */
  readonly page: unknown;
}

/**
 * When pages of an endpoint (or a viewer's pages) were last invalidated or
 * cleared. A page requested before that moment is not written, so a slow
 * fetch that started before a removal in another tab cannot bring the
 * removed sessions back.
 */
export interface MarkRecord {
  readonly key: string;
  readonly at: number;
}

export interface CacheSchema extends DBSchema {
  pages: {
    key: string;
    value: PageRecord;
    indexes: {
      'by-scope': string;
      'by-endpoint': string;
      'by-used': number;
      'by-stored': number;
    };
  };
  marks: {
    key: string;
    value: MarkRecord;
  };
}

export type UpgradeTransaction = IDBPTransaction<
  CacheSchema,
  ArrayLike<StoreNames<CacheSchema>>,
  'versionchange'
>;

type Migration = (
  db: IDBPDatabase<CacheSchema>,
  transaction: UpgradeTransaction,
) => void;

export const migrations: readonly Migration[] = [
  // 0 → 1: pages, findable by viewer, by endpoint, by age and by last use.
  (db) => {
    const pages = db.createObjectStore('pages', { keyPath: 'key' });
    pages.createIndex('by-scope', 'scope');
    pages.createIndex('by-endpoint', 'endpoint');
    pages.createIndex('by-used', 'usedAt');
    pages.createIndex('by-stored', 'storedAt');
  },

  // 1 → 2: invalidation marks. Pages cached at version 1 stay valid.
  (db) => {
    db.createObjectStore('marks', { keyPath: 'key' });
  },
];

export const cacheVersion = migrations.length;

export function upgrade(
  db: IDBPDatabase<CacheSchema>,
  oldVersion: number,
  transaction: UpgradeTransaction,
): void {
  for (const migration of migrations.slice(oldVersion)) {
    migration(db, transaction);
  }
}
