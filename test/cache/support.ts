import { deleteDB } from 'idb';

import {
  CacheUnavailableEvent,
  type PageCache,
  type PageKey,
  type PageRow,
} from '../../shared/cache/index.ts';
import type { QueryResult, UserSession } from '../../shared/client/index.ts';

/** Helpers for the cache tests: fresh databases, a frozen clock, pages. */

let databases = 0;

/** A database name no other test has used; `dropDatabases` deletes it. */
export function freshName(): string {
  databases += 1;
  const name = `test-cache-${databases}-${Math.random().toString(36).slice(2)}`;
  made.push(name);
  return name;
}

const made: string[] = [];

export async function dropDatabases(): Promise<void> {
  await Promise.all(made.splice(0).map((name) => deleteDB(name)));
}

/** A clock that moves only when told. */
export function frozenClock(start = Date.parse('2026-12-03T09:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export function key(overrides: Partial<PageKey> = {}): PageKey {
  return {
    endpoint: 'https://idp.test/sessions',
    viewer: 'viewer-a',
    mode: 'admin',
    query: { countRequested: '25', match: 'contains' },
    ...overrides,
  };
}

export function session(subjectId: string, sessionId: string): UserSession {
  return {
    subjectId,
    sessionId,
    displayName: null,
    created: new Date('2026-12-01T09:12:44.000Z'),
    renewed: new Date('2026-12-03T07:58:02.000Z'),
    expires: null,
    issuer: null,
    clientIds: [],
    clients: null,
    details: {
      identityProvider: null,
      authenticationMethods: null,
      authTime: null,
      userAgent: null,
      ipAddress: null,
      properties: {},
    },
  };
}

export function pageOf(...sessions: UserSession[]): QueryResult<UserSession> {
  return {
    resultsToken: null,
    hasPrevResults: false,
    hasNextResults: false,
    totalCount: sessions.length,
    totalPages: 1,
    currentPage: 1,
    results: sessions,
  };
}

export function rowsOf(page: QueryResult<UserSession>): PageRow[] {
  return page.results.map(({ subjectId, sessionId }) => ({
    subjectId,
    sessionId,
  }));
}

/** Every `session-cache-unavailable` event `target` fires. */
export function unavailableEvents(target: PageCache | EventTarget) {
  const seen: CacheUnavailableEvent[] = [];
  target.addEventListener(CacheUnavailableEvent.type, (event) => {
    seen.push(event as CacheUnavailableEvent);
  });
  return seen;
}

/** Resolves with the next event of `type` that `target` fires. */
export function nextEvent<E extends Event>(
  target: EventTarget,
  type: string,
): Promise<E> {
  return new Promise((resolve) => {
    target.addEventListener(type, (event) => resolve(event as E), {
      once: true,
    });
  });
}
