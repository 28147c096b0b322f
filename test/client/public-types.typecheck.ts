/**
 * Type-level tests of the public API. This file never runs: `tsc -p .`
 * checks it, and each `@ts-expect-error` fails the check if the line under
 * it ever compiles, so a misspelt field or a loosened type is caught.
 */
import {
  isRateLimitedError,
  isUnauthorizedError,
  SessionClient,
  type CacheUnavailableEvent,
  type PagesInvalidatedEvent,
  type SessionStore,
  type Loaded,
  type QueryResult,
  type RemoveOwnSessionsInput,
  type ResultsToken,
  type UserSession,
} from '../../shared/index.ts';

declare const client: SessionClient;
declare const store: SessionStore;
declare const caught: unknown;
declare const token: ResultsToken;

export async function queries(): Promise<void> {
  const page: QueryResult<UserSession> = await client.querySessions({
    subjectId: '10',
    match: 'exact',
    countRequested: 10,
  });
  const created: Date = page.results[0]!.created;
  const total: number | null = page.totalCount;
  void [created, total];

  // @ts-expect-error the field is subjectId, not subjectID
  await client.querySessions({ subjectID: '10' });

  // @ts-expect-error match is contains or exact
  await client.querySessions({ match: 'prefix' });

  await client.querySessions({ clientId: 'demo-notes', subjectId: '10' });

  // @ts-expect-error a query filters by one client: clientId, not a list
  await client.querySessions({ clientId: ['demo-notes'] });

  // @ts-expect-error clientIds belongs to removals; a query takes clientId
  await client.querySessions({ clientIds: ['demo-notes'] });

  // @ts-expect-error the count may be null: a host that cannot count
  const count: number = page.totalCount;
  void count;

  // @ts-expect-error expires may be null: such a session never expires
  const expires: Date = page.results[0]!.expires;
  void expires;

  await client.querySessions({ resultsToken: page.resultsToken });
  await client.querySessions({ resultsToken: token });

  // @ts-expect-error a token is opaque: a plain string is not one
  await client.querySessions({ resultsToken: 'page-2' });

  // @ts-expect-error the results of a page are read-only
  page.results.push(page.results[0]!);
}

export async function removals(): Promise<void> {
  const report = await client.removeSessions({
    sessionId: 's1',
    revokeConsents: false,
  });
  // @ts-expect-error a 204 host gives no report: it may be null
  const removed: number = report.sessionsRemoved;
  void removed;

  // @ts-expect-error the flag is revokeTokens
  await client.removeSessions({ subjectId: '10', revokeToken: false });

  const others: RemoveOwnSessionsInput = { target: 'others' };
  await client.removeOwnSessions(others);

  // @ts-expect-error removing one session names it
  await client.removeOwnSessions({ target: 'session' });

  // @ts-expect-error there is no such target
  await client.removeOwnSessions({ target: 'everyone' });
}

export function options(): void {
  new SessionClient({ endpoint: 'https://idp/sessions', accessToken: 't' });
  new SessionClient({
    endpoint: new URL('https://idp/sessions'),
    tokenProvider: async ({ signal }) => (signal.aborted ? null : 't'),
    credentials: 'include',
    headers: { 'X-CSRF': '1' },
    timeouts: { query: 5_000, removal: 60_000 },
    retry: { reads: { attempts: 4 }, removals: false },
  });

  // @ts-expect-error a fixed token and a provider are exclusive
  new SessionClient({
    endpoint: 'x',
    accessToken: 't',
    tokenProvider: () => 't',
  });

  // @ts-expect-error the timeout is query, not read
  new SessionClient({ endpoint: 'x', timeouts: { read: 1 } });

  // @ts-expect-error the endpoint is required
  new SessionClient({ accessToken: 't' });
}

export function errors(): void {
  if (isRateLimitedError(caught)) {
    const when: Date | null = caught.retryAt;
    const status: number = caught.status;
    void [when, status];
  }

  if (isUnauthorizedError(caught)) {
    const error: string | null | undefined = caught.challenge?.error;
    void error;

    // @ts-expect-error an UnauthorizedError has no retryAfter field
    void caught.retryAfter;
  }
}

export async function storeLoads(): Promise<void> {
  for await (const loaded of store.querySessions({ displayName: 'Bob' })) {
    const result: Loaded<QueryResult<UserSession>> = loaded;
    if (result.source === 'cache') {
      const age: number = result.ageMs;
      void age;
    } else {
      // @ts-expect-error a fresh page's age is always 0
      const age: 1 = result.ageMs;
      void age;
    }
  }

  store.addEventListener('session-pages-invalidated', (event) => {
    const fromElsewhere: boolean = event.remote;
    void fromElsewhere;
  });
  store.addEventListener('session-cache-unavailable', (event) => {
    const reason: CacheUnavailableEvent['reason'] = event.reason;
    void reason;
  });

  store.addEventListener(
    'session-cache-unavailable',
    // @ts-expect-error this listener is for another event
    (event: PagesInvalidatedEvent) => void event.targets,
  );

  // @ts-expect-error the viewer is a string or null
  await store.setViewer(42);
}
