import {
  isForbiddenError,
  isInvalidInputError,
  isNotFoundError,
  isSessionHttpError,
  isUnauthorizedError,
  SessionClient,
  type ResultsToken,
  type SessionQuery,
} from '../../shared/client/index.ts';
import { deepEqual, equal, ok, rejects } from '../support/wtr-assert.ts';
import {
  signIn,
  testIdp,
  type SignedIn,
  type TestIdp,
} from '../support/wtr-browser.ts';

// Every route and the errors the reference IdP gives on demand, with
// tokens from real sign-ins. The faulty-server suites cover what it will
// not do: broken bodies, dropped connections, 429 and 5xx.

let idp: TestIdp;
let admin: SignedIn;

before(async () => {
  idp = await testIdp();
  admin = await signIn({ username: 'admin', api: 'admin' });
});

/** The subjects of every session a query matches, page after page. */
async function everySubject(
  client: SessionClient,
  query: SessionQuery,
): Promise<Set<string>> {
  const subjects = new Set<string>();
  let token: ResultsToken | null = null;
  do {
    const page = await client.querySessions({
      ...query,
      countRequested: 100,
      resultsToken: token,
    });
    page.results.forEach((session) => subjects.add(session.subjectId));
    token = page.hasNextResults ? page.resultsToken : null;
  } while (token !== null);
  return subjects;
}

function clientWith(token: string | null): SessionClient {
  return new SessionClient({
    endpoint: idp.sessionEndpoint,
    ...(token === null ? {} : { accessToken: token }),
  });
}

describe('the client against the reference IdP', () => {
  it('discovers the session endpoint from the issuer', async () => {
    const client = await SessionClient.discover(idp.issuer, {
      accessToken: admin.accessToken,
    });

    equal(client.endpoint, idp.sessionEndpoint);
  });

  it('queries sessions, with Dates and the filters matched exactly', async () => {
    const bob = await signIn({ username: 'bob', api: 'self' });
    const client = clientWith(admin.accessToken);

    const page = await client.querySessions({
      subjectId: '10',
      sessionId: bob.sessionId ?? '',
      match: 'exact',
    });

    equal(page.results.length, 1);
    const found = page.results[0];
    equal(found?.sessionId, bob.sessionId);
    ok(found?.created instanceof Date && found.renewed instanceof Date);
    equal(found?.displayName, 'Bob Example');
  });

  it('matches substrings with contains, as Duende does', async () => {
    await signIn({ username: 'alice', api: 'self' });
    await signIn({ username: 'bob', api: 'self' });
    const client = clientWith(admin.accessToken);

    const loose = await everySubject(client, { subjectId: '1' });
    const exact = await everySubject(client, {
      subjectId: '1',
      match: 'exact',
    });

    ok(loose.has('1') && loose.has('10'), 'both 1 and 10 match "1"');
    ok([...loose].every((subject) => subject.includes('1')));
    deepEqual([...exact], ['1']);
  });

  it('filters by one client, whole, combined with the other filters', async () => {
    const bob = await signIn({
      username: 'bob',
      api: 'self',
      alsoClientId: 'demo-notes',
    });
    const client = clientWith(admin.accessToken);

    const notes = await client.querySessions({
      clientId: 'demo-notes',
      subjectId: '10',
      match: 'exact',
      countRequested: 100,
    });
    const fragment = await client.querySessions({
      clientId: 'demo-note',
      subjectId: '10',
    });

    ok(notes.results.some((session) => session.sessionId === bob.sessionId));
    ok(
      notes.results.every(
        (session) =>
          session.clientIds.includes('demo-notes') &&
          session.subjectId === '10',
      ),
    );
    equal(notes.totalCount, notes.results.length);
    deepEqual(fragment.results, []);
  });

  it('refuses an oversized client id before sending it', async () => {
    const client = clientWith(admin.accessToken);

    const error = await rejects(
      client.querySessions({ clientId: 'x'.repeat(201) }),
      isInvalidInputError,
    );

    deepEqual(
      error.errors.map((issue) => issue.field),
      ['clientId'],
    );
  });

  it('pages forward and back with the opaque token', async () => {
    await signIn({ username: 'bob', api: 'self' });
    await signIn({ username: 'bob', api: 'self' });
    const client = clientWith(admin.accessToken);
    const query = {
      subjectId: '10',
      match: 'exact',
      countRequested: 1,
    } as const;

    const first = await client.querySessions(query);
    const second = await client.querySessions({
      ...query,
      resultsToken: first.resultsToken,
    });
    const back = await client.querySessions({
      ...query,
      resultsToken: second.resultsToken,
      requestPriorResults: true,
    });

    equal(first.hasNextResults, true);
    equal(second.hasPrevResults, true);
    ok(first.results[0]?.sessionId !== second.results[0]?.sessionId);
    equal(back.results[0]?.sessionId, first.results[0]?.sessionId);
  });

  it('removes a session and reports the back-channel delivery', async () => {
    const bob = await signIn({
      username: 'bob',
      api: 'self',
      alsoClientId: 'demo-notes',
    });
    const client = clientWith(admin.accessToken);

    const report = await client.removeSessions({
      sessionId: bob.sessionId ?? '',
      reason: 'browser test',
    });

    equal(report?.sessionsRemoved, 1);
    deepEqual(report?.removed, [
      { subjectId: '10', sessionId: bob.sessionId ?? '' },
    ]);
    equal(report?.removedTruncated, false);
    const delivery = report?.backchannel.find(
      (d) => d.clientId === 'demo-notes',
    );
    equal(delivery?.status, 'delivered');
  });

  it('records removals in the history, newest first', async () => {
    const bob = await signIn({ username: 'bob', api: 'self' });
    const client = clientWith(admin.accessToken);
    await client.removeSessions({
      sessionId: bob.sessionId ?? '',
      reason: 'history test',
    });

    const history = await client.queryRemovals({ subjectId: '10' });

    const newest = history.results[0];
    equal(newest?.reason, 'history test');
    deepEqual(newest?.report.removed, [
      { subjectId: '10', sessionId: bob.sessionId ?? '' },
    ]);
    equal(newest?.actor.subjectId, 'admin');
    ok(newest?.at instanceof Date, 'the time is a Date');
  });

  it('lists the caller’s own sessions, the current one first', async () => {
    await signIn({ username: 'alice', api: 'self' });
    const alice = await signIn({ username: 'alice', api: 'self' });
    const client = clientWith(alice.accessToken);

    const own = await client.listOwnSessions();

    equal(own[0]?.current, true);
    equal(own[0]?.sessionId, alice.sessionId);
    ok(own.length >= 2 && own.every((s) => s.subjectId === '1'));
  });

  it('ends the caller’s other sessions and keeps the current one', async () => {
    await signIn({ username: 'carol', api: 'self' });
    const carol = await signIn({ username: 'carol', api: 'self' });
    const client = clientWith(carol.accessToken);

    const report = await client.removeOwnSessions({ target: 'others' });

    ok((report?.sessionsRemoved ?? 0) >= 1, 'the older session ended');
    deepEqual(
      (await client.listOwnSessions()).map((s) => s.sessionId),
      [carol.sessionId],
    );
  });
});

describe('the reference IdP’s refusals, as typed errors', () => {
  it('no token: Unauthorized, with a bare challenge', async () => {
    const error = await rejects(
      clientWith(null).querySessions(),
      isUnauthorizedError,
    );

    equal(error.challenge?.error, null);
  });

  it('an unknown token: Unauthorized, invalid_token', async () => {
    const error = await rejects(
      clientWith('not-a-real-token').listOwnSessions(),
      isUnauthorizedError,
    );

    equal(error.challenge?.error, 'invalid_token');
    equal(error.problem?.type, 'urn:session-manager:invalid-token');
  });

  it('a token from a removed session stops working', async () => {
    const bob = await signIn({ username: 'bob', api: 'self' });
    await clientWith(admin.accessToken).removeSessions({
      sessionId: bob.sessionId ?? '',
    });

    await rejects(
      clientWith(bob.accessToken).listOwnSessions(),
      isUnauthorizedError,
    );
  });

  it('a self-service token on an admin route: Forbidden', async () => {
    const bob = await signIn({ username: 'bob', api: 'self' });

    const error = await rejects(
      clientWith(bob.accessToken).querySessions(),
      isForbiddenError,
    );

    equal(error.requiredScope, 'sessions.admin');
  });

  it('someone else’s session id: NotFound, as if it did not exist', async () => {
    const alice = await signIn({ username: 'alice', api: 'self' });
    const bob = await signIn({ username: 'bob', api: 'self' });

    await rejects(
      clientWith(bob.accessToken).removeOwnSessions({
        target: 'session',
        sessionId: alice.sessionId ?? '',
      }),
      isNotFoundError,
    );
  });

  it('a forged paging token: a 400 naming resultsToken', async () => {
    const error = await rejects(
      clientWith(admin.accessToken).querySessions({
        resultsToken: 'forged' as ResultsToken,
      }),
      isSessionHttpError,
    );

    equal(error.status, 400);
    equal(error.errors[0]?.field, 'resultsToken');
  });
});
