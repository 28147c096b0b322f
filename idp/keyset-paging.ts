import type { QueryResultJson } from '../shared/contract/index.ts';
import type { PageBounds } from './sessions/results-token.ts';

/**
 * Keyset paging as Duende's stores page, shared by the session query and
 * the removal history. A page is the rows after the last key of the page
 * before it, or before the first key of the page after it; one row more
 * than asked for tells whether the list goes on that way, and one probe
 * tells whether it goes on the other. "After" and "before" follow the
 * list's own order, which each list fixes in its statements: the session
 * query ascends by key, the history descends.
 */

/** The reads one list pages with, in the list's own order. */
export interface KeysetWalk<Row> {
  /** Up to `limit` rows after `key`, or from the start when null. */
  after(key: number | null, limit: number): Row[];

  /** Up to `limit` rows before `key`, the nearest first. */
  before(key: number, limit: number): Row[];

  anyAfter(key: number): boolean;
  anyBefore(key: number): boolean;
}

/** One page's rows, in list order, and what lies on either side. */
export interface KeysetSlice<Row> {
  rows: Row[];
  hasPrev: boolean;
  hasNext: boolean;
}

/**
 * The rows of the page after `bounds`, or before them when `backward`;
 * the first page when there are no bounds.
 */
export function readSlice<Row extends { key: number }>(
  walk: KeysetWalk<Row>,
  size: number,
  bounds: PageBounds | undefined,
  backward: boolean,
): KeysetSlice<Row> {
  if (bounds !== undefined && backward) {
    const nearestFirst = walk.before(bounds.first, size + 1);
    const rows = nearestFirst.slice(0, size).reverse();
    const last = rows.at(-1);
    return {
      rows,
      hasPrev: nearestFirst.length > size,
      hasNext: last !== undefined && walk.anyAfter(last.key),
    };
  }

  const following = walk.after(bounds?.last ?? null, size + 1);
  const rows = following.slice(0, size);
  const first = rows[0];
  return {
    rows,
    // The first page has nothing before it, so it needs no probe.
    hasPrev:
      bounds !== undefined && first !== undefined && walk.anyBefore(first.key),
    hasNext: following.length > size,
  };
}

/** What a page says about the whole list; each may be null if unknown. */
export interface PageCounts {
  totalCount: number | null;
  totalPages: number | null;
  currentPage: number;
}

/**
 * The answer for a slice with rows: its token names the slice's first and
 * last key and the page number, so the same token pages either way.
 */
export function filledPage<Row extends { key: number }, Item>(
  slice: KeysetSlice<Row>,
  counts: PageCounts,
  issueToken: (bounds: PageBounds) => string,
  toItem: (row: Row) => Item,
): QueryResultJson<Item> {
  const first = slice.rows[0];
  const last = slice.rows.at(-1);
  if (first === undefined || last === undefined) return emptyPage();

  return {
    resultsToken: issueToken({
      first: first.key,
      last: last.key,
      page: counts.currentPage,
    }),
    hasPrevResults: slice.hasPrev,
    hasNextResults: slice.hasNext,
    totalCount: counts.totalCount,
    totalPages: counts.totalPages,
    currentPage: counts.currentPage,
    results: slice.rows.map(toItem),
  };
}

/**
 * Duende's answer past the last row: no token and zero counts, even when
 * rows before it still match.
 */
export function emptyPage<Item>(): QueryResultJson<Item> {
  return {
    resultsToken: null,
    hasPrevResults: false,
    hasNextResults: false,
    totalCount: 0,
    totalPages: 0,
    currentPage: null,
    results: [],
  };
}
