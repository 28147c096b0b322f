import type { PageRecord } from './schema.ts';

/**
 * The pages a page's caches read or stored last, in memory beside
 * IndexedDB, shared by every cache on one connection (see `open.ts`). An
 * element put back on its page, as a portal changing routes does, reads
 * its first page from here: IndexedDB took about 2.7 ms to answer, a
 * fifth of the element's whole first page.
 *
 * What is here is never more than IndexedDB would answer: it is dropped
 * whenever pages are invalidated or cleared, here or (heard through the
 * removal channel) in another page of the origin, and whenever eviction
 * runs; a record read or stored while pages were being dropped is not
 * kept (see `since`). The records are the pages themselves, not copies:
 * nothing changes a page once it is stored (its types are read-only).
 */
export class RecentPages {
  readonly #pages = new Map<string, PageRecord>();
  #generation = 0;

  /**
   * Taken before a read or a write: `keep` refuses a record if pages were
   * dropped since, as the record may be one of them.
   */
  get since(): number {
    return this.#generation;
  }

  get(key: string): PageRecord | undefined {
    return this.#pages.get(key);
  }

  /**
   * Keeps `record`, the latest of at most `recentPagesKept`; `alone` after
   * eviction, which may have dropped the others from IndexedDB.
   */
  keep(record: PageRecord, since: number, alone = false): void {
    if (since !== this.#generation) {
      return;
    }
    if (alone) {
      this.#pages.clear();
    }
    this.#pages.delete(record.key);
    this.#pages.set(record.key, record);
    const oldest = this.#pages.keys().next().value;
    if (this.#pages.size > recentPagesKept && oldest !== undefined) {
      this.#pages.delete(oldest);
    }
  }

  /** Pages were invalidated or cleared: none of these may be shown. */
  forget(): void {
    this.#pages.clear();
    this.#generation += 1;
  }
}

/** A few views a page is the common case. */
export const recentPagesKept = 8;
