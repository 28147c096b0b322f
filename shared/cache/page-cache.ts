import type { RemovalTarget } from './affected.ts';
import {
  CacheUnavailableEvent,
  TypedEventTarget,
  type CacheUnavailableReason,
  type PageCacheEventMap,
} from './events.ts';
import { keyOf, scopeOf, type PageKey } from './keys.ts';
import {
  openCacheDatabase,
  type CacheConnection,
  type CacheDatabase,
} from './open.ts';
import type { PageRecord, PageRow } from './schema.ts';
import {
  dropAffected,
  dropAll,
  dropScope,
  evict,
  readPage,
  usedResolutionMs,
  writePage,
} from './transactions.ts';

export interface PageCacheOptions {
  /** The database name; one per app is plenty. */
  readonly name?: string;

  /**
   * The IndexedDB to use: the page's own by default. Null runs without
   * storage, as when the browser has none.
   */
  readonly indexedDB?: IDBFactory | null;

  /** Pages older than this are never returned. Default 10 minutes. */
  readonly maxAgeMs?: number;

  /** Most pages kept; the least recently used go first. Default 200. */
  readonly maxPages?: number;

  /** The clock, in epoch milliseconds; tests freeze it. */
  readonly now?: () => number;
}

export interface CachedPage<Page> {
  readonly page: Page;

  /** When the page was fetched, in epoch milliseconds. */
  readonly storedAt: number;
}

export const defaultCacheName = 'session-manager-pages';

/**
 * Session pages in IndexedDB, each under the key of who asked for what
 * (`PageKey`), so one viewer's pages are never another's. It never throws:
 * when IndexedDB is missing, blocked, full or failing, it says so once
 * with a `session-cache-unavailable` event and from then on misses every
 * read and drops every write. It stores what the client returned and
 * nothing else: no tokens, no headers.
 */
export class PageCache extends TypedEventTarget<PageCacheEventMap> {
  readonly name: string;
  readonly maxAgeMs: number;
  readonly maxPages: number;

  readonly #now: () => number;
  readonly #connection: CacheConnection;
  #unavailable: CacheUnavailableReason | null = null;
  #closed = false;

  constructor(options: PageCacheOptions = {}) {
    super();
    this.name = options.name ?? defaultCacheName;
    this.maxAgeMs = positive('maxAgeMs', options.maxAgeMs, 10 * 60_000);
    this.maxPages = positive('maxPages', options.maxPages, 200);
    this.#now = options.now ?? Date.now;

    const factory = () =>
      options.indexedDB === undefined
        ? globalThis.indexedDB
        : options.indexedDB;
    this.#connection = openCacheDatabase(factory, this.name, {
      onUnavailable: (reason, error) => this.#fail(reason, error),
    });
  }

  /** Why the cache stopped, or null while it works. */
  get unavailableReason(): CacheUnavailableReason | null {
    return this.#unavailable;
  }

  /** Resolves once opening ended: true when pages are being stored. */
  async ready(): Promise<boolean> {
    return (await this.#connection.db) !== null && this.#unavailable === null;
  }

  /** The cache's clock, for stamping when a fetch began. */
  now(): number {
    return this.#now();
  }

  /**
   * The page under `key`, unless missing or older than `maxAgeMs`: from
   * the pages this page read or stored last when it is one of them (see
   * `RecentPages`), otherwise from IndexedDB.
   */
  async get<Page>(key: PageKey): Promise<CachedPage<Page> | null> {
    const id = keyOf(key);
    const recent = this.#connection.recent;
    const since = recent.since;
    const read = await this.#use(null, async (db) => {
      // A kept page answers until IndexedDB's copy is due to be marked
      // used again, so eviction still sees which pages are read.
      const now = this.#now();
      const kept = recent.get(id);
      return kept &&
        now - kept.storedAt <= this.maxAgeMs &&
        now - kept.usedAt < usedResolutionMs
        ? { record: kept, committed: Promise.resolve() }
        : readPage(db, id, now, this.maxAgeMs);
    });
    read?.committed.catch((error: unknown) => this.#failed(error));

    const record = read?.record;
    if (record) {
      recent.keep(record, since);
    }
    return record
      ? { page: record.page as Page, storedAt: record.storedAt }
      : null;
  }

  /**
   * Stores `page` under `key`. `requestedAt` is when its fetch began: if
   * the endpoint or the viewer was invalidated or cleared since, the page
   * may hold what was removed and is not stored. `rows` are the sessions it
   * holds, by which removals find it.
   */
  put(
    key: PageKey,
    page: unknown,
    rows: readonly PageRow[],
    requestedAt: number,
  ): Promise<void> {
    const now = this.#now();
    const record: PageRecord = {
      key: keyOf(key),
      scope: scopeOf(key.endpoint, key.viewer),
      endpoint: key.endpoint,
      mode: key.mode,
      query: key.query,
      rows,
      storedAt: requestedAt,
      usedAt: now,
      page,
    };

    const recent = this.#connection.recent;
    const since = recent.since;
    return this.#use(undefined, async (db) => {
      let stored: boolean;
      try {
        stored = await writePage(db, record);
      } catch (error) {
        if (!isQuotaError(error)) {
          throw error;
        }
        // Full: make room by dropping the older half, and try once more.
        await evict(db, now, this.maxAgeMs, Math.floor(this.maxPages / 2));
        stored = await writePage(db, record);
      }
      await evict(db, now, this.maxAgeMs, this.maxPages);
      if (stored) {
        recent.keep(record, since, true);
      }
    });
  }

  /**
   * Drops every page of `endpoint`, for every viewer, that the removal of
   * `targets` could change, and stops pages requested before now from
   * being stored. Returns the targets with the subjects it could fill in
   * from cached pages.
   */
  async invalidate(
    endpoint: string,
    targets: readonly RemovalTarget[],
  ): Promise<RemovalTarget[]> {
    const resolved = await this.#dropping(null, (db) =>
      dropAffected(db, endpoint, targets, this.#now()),
    );
    return resolved ?? [...targets];
  }

  /** Drops one viewer's pages of one endpoint: sign-out, or a new user. */
  clearViewer(endpoint: string, viewer: string): Promise<void> {
    return this.#dropping(undefined, (db) =>
      dropScope(db, scopeOf(endpoint, viewer), this.#now()),
    );
  }

  /** Drops every page. */
  clear(): Promise<void> {
    return this.#dropping(undefined, (db) => dropAll(db, this.#now()));
  }

  /**
   * Lets go of the database; every later call misses or does nothing. The
   * connection, shared by the page's caches, closes when none uses it.
   */
  close(): void {
    this.#closed = true;
    this.#connection.release();
  }

  /**
   * Drops pages in IndexedDB and those kept in memory, both before (so no
   * read shows one meanwhile) and after (so none read meanwhile is kept).
   */
  async #dropping<Result>(
    fallback: Result,
    operation: (db: CacheDatabase) => Promise<Result>,
  ): Promise<Result> {
    const recent = this.#connection.recent;
    recent.forget();
    try {
      return await this.#use(fallback, operation);
    } finally {
      recent.forget();
    }
  }

  async #use<Result>(
    fallback: Result,
    operation: (db: CacheDatabase) => Promise<Result>,
  ): Promise<Result> {
    const db = await this.#connection.db;
    if (!db || this.#unavailable !== null || this.#closed) {
      return fallback;
    }

    try {
      return await operation(db);
    } catch (error) {
      this.#failed(error);
      return fallback;
    }
  }

  #failed(error: unknown): void {
    this.#fail(isQuotaError(error) ? 'quota' : 'error', error);
  }

  #fail(reason: CacheUnavailableReason, error: unknown): void {
    if (this.#unavailable !== null || this.#closed) {
      return;
    }

    this.#unavailable = reason;
    // Opening can fail inside the constructor, before anyone could listen:
    // the event waits until the code that made the cache has run on.
    queueMicrotask(() => {
      this.#connection.release();
      this.dispatchEvent(new CacheUnavailableEvent(reason, error));
    });
  }
}

function isQuotaError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'QuotaExceededError'
  );
}

function positive(name: string, value: number | undefined, fallback: number) {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`\`${name}\` must be a positive number, not ${value}`);
  }
  return value;
}
