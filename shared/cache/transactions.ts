import { isAffected, resolveTargets, type RemovalTarget } from './affected.ts';
import type { CacheDatabase } from './open.ts';
import type { PageRecord } from './schema.ts';

/**
 * The page cache's reads and writes, one IndexedDB transaction each. They
 * throw what IndexedDB throws; `PageCache` decides what a failure means.
 */

/** The mark `dropAll` sets, later than every page it dropped. */
const everything = '*';

/** What `readPage` found, and the end of the transaction it began. */
export interface PageRead {
  readonly record: PageRecord | null;

  /**
   * Settles when marking the page used (or deleting it, expired) has
   * committed; rejects with what IndexedDB threw if that failed.
   */
  readonly committed: Promise<void>;
}

/**
 * How long a page's "last used" may lag behind: eviction keeps the pages
 * used last to within this. Marking a page used writes the whole record
 * again, 80 KB for a page of 100 sessions, copied on the main thread
 * before the page can be drawn; a page read again within this is not.
 */
export const usedResolutionMs = 60_000;

/**
 * The record under `key`, unless older than `maxAgeMs`; a hit is "used"
 * (see `usedResolutionMs`), and comes back as it is stored after that.
 * It comes back as soon as it is read: waiting for the write that marks
 * it used to commit took longer than the read itself, and the page on
 * screen does not depend on it. Later transactions on the store still
 * come after that write.
 */
export async function readPage(
  db: CacheDatabase,
  key: string,
  now: number,
  maxAgeMs: number,
): Promise<PageRead> {
  const tx = db.transaction('pages', 'readwrite');
  const record = await tx.store.get(key);
  let found: PageRecord | null = null;
  let write: Promise<unknown> = Promise.resolve();
  if (record && now - record.storedAt > maxAgeMs) {
    write = tx.store.delete(record.key);
  } else if (record) {
    found = record;
    if (now - record.usedAt >= usedResolutionMs) {
      found = { ...record, usedAt: now };
      write = tx.store.put(found);
    }
  }
  // A failed write aborts the transaction, which `done` reports.
  write.catch(() => undefined);
  return { record: found, committed: tx.done };
}

/**
 * Writes `record` unless its endpoint, its viewer or the whole cache was
 * invalidated or cleared at or after `record.storedAt`, when its fetch
 * began: such a page may show what was removed since. Returns whether it
 * was written.
 */
export async function writePage(
  db: CacheDatabase,
  record: PageRecord,
): Promise<boolean> {
  const tx = db.transaction(['pages', 'marks'], 'readwrite');
  const marks = tx.objectStore('marks');
  const found = await Promise.all(
    [record.endpoint, record.scope, everything].map((key) => marks.get(key)),
  );
  const fresh = found.every((mark) => !mark || mark.at < record.storedAt);
  if (fresh) {
    await tx.objectStore('pages').put(record);
  }
  await tx.done;
  return fresh;
}

/** Deletes expired pages, then the least recently used beyond `keep`. */
export async function evict(
  db: CacheDatabase,
  now: number,
  maxAgeMs: number,
  keep: number,
): Promise<void> {
  const tx = db.transaction('pages', 'readwrite');
  const expired = IDBKeyRange.upperBound(now - maxAgeMs, true);
  for (const key of await tx.store.index('by-stored').getAllKeys(expired)) {
    await tx.store.delete(key);
  }

  let excess = (await tx.store.count()) - keep;
  let cursor = await tx.store.index('by-used').openCursor();
  while (cursor && excess > 0) {
    await cursor.delete();
    excess -= 1;
    cursor = await cursor.continue();
  }
  await tx.done;
}

/**
 * Marks `endpoint` invalidated at `now` and deletes its pages, of every
 * viewer, that removing `targets` could change. Returns the targets with
 * the subjects filled in from the pages that showed their sessions.
 */
export async function dropAffected(
  db: CacheDatabase,
  endpoint: string,
  targets: readonly RemovalTarget[],
  now: number,
): Promise<RemovalTarget[]> {
  const tx = db.transaction(['pages', 'marks'], 'readwrite');
  await tx.objectStore('marks').put({ key: endpoint, at: now });
  const pages = tx.objectStore('pages');
  const records = await pages.index('by-endpoint').getAll(endpoint);
  const resolved = resolveTargets(targets, records);
  for (const record of records) {
    if (isAffected(record, resolved)) {
      await pages.delete(record.key);
    }
  }
  await tx.done;
  return resolved;
}

/** Marks `scope` cleared at `now` and deletes its pages. */
export async function dropScope(
  db: CacheDatabase,
  scope: string,
  now: number,
): Promise<void> {
  const tx = db.transaction(['pages', 'marks'], 'readwrite');
  await tx.objectStore('marks').put({ key: scope, at: now });
  const pages = tx.objectStore('pages');
  for (const key of await pages.index('by-scope').getAllKeys(scope)) {
    await pages.delete(key);
  }
  await tx.done;
}

/** Marks the whole cache cleared at `now` and deletes every page. */
export async function dropAll(db: CacheDatabase, now: number): Promise<void> {
  const tx = db.transaction(['pages', 'marks'], 'readwrite');
  await tx.objectStore('marks').put({ key: everything, at: now });
  await tx.objectStore('pages').clear();
  await tx.done;
}
