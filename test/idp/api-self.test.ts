import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';

import {
  limits,
  type OwnSessionJson,
  type RemovalReportJson,
} from '../../shared/contract/index.ts';
import type { Idp } from '../../idp/server.ts';
import { callApi } from '../support/api.ts';
import { startTestIdp } from '../support/idp.ts';
import {
  Browser,
  hasIdpSession,
  signIn,
  type SignedIn,
  signInAsOperator,
} from '../support/oidc.ts';

/**
 * Alice is subject "1" and Bob subject "10": a substring query for "1"
 * would find both. Self-service must only ever see and touch the caller's
 * own sessions, whatever ids they send.
 */

let idp: Idp;

async function signInToAccountPage(username: string, browser = new Browser()) {
  return signIn(idp, {
    clientId: 'account-page',
    username,
    password: `${username}-demo-password`,
    scope: 'openid sessions.self',
    browser,
  });
}

async function ownSessions(user: SignedIn): Promise<OwnSessionJson[]> {
  const answer = await callApi(idp.sessionEndpoint, '/self', {
    token: user.accessToken,
  });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return (answer.body as { results: OwnSessionJson[] }).results;
}

async function removeOwn(user: SignedIn, body: unknown) {
  return callApi(idp.sessionEndpoint, '/self/remove', {
    token: user.accessToken,
    body,
  });
}

let aliceHere: SignedIn;
let aliceThere: SignedIn;
let bob: SignedIn;

beforeEach(async () => {
  idp = await startTestIdp({ seed: 300 });
  aliceThere = await signInToAccountPage('alice');
  aliceHere = await signInToAccountPage('alice');
  bob = await signInToAccountPage('bob');
});

afterEach(() => idp.close());

test('lists exactly the caller’s sessions, the current one first', async () => {
  const sessions = await ownSessions(aliceHere);

  assert.equal(sessions.length, 2);
  assert.ok(sessions.every((session) => session.subjectId === '1'));
  assert.equal(sessions[0]?.current, true);
  assert.equal(sessions[1]?.current, false);
  assert.equal(
    sessions.filter((session) => session.current).length,
    1,
    'exactly one session is current',
  );
});

test('never sees the sessions of a subject whose id contains theirs', async () => {
  const bobs = await ownSessions(bob);

  assert.equal(bobs.length, 1);
  assert.equal(bobs[0]?.subjectId, '10');
});

test('another subject’s session id is a 404, like one that does not exist', async () => {
  const bobSession = (await ownSessions(bob))[0]?.sessionId ?? '';

  const foreign = await removeOwn(aliceHere, {
    target: 'session',
    sessionId: bobSession,
  });
  const missing = await removeOwn(aliceHere, {
    target: 'session',
    sessionId: 'no-such-session',
  });

  assert.equal(foreign.status, 404);
  assert.deepEqual(foreign.body, missing.body);
  assert.equal(await hasIdpSession(bob.browser, idp), true);
  assert.equal((await ownSessions(bob)).length, 1);
});

test('signs out one other session by id', async () => {
  const other = (await ownSessions(aliceHere)).find((s) => !s.current);

  const answer = await removeOwn(aliceHere, {
    target: 'session',
    sessionId: other?.sessionId,
  });

  assert.equal(answer.status, 200);
  assert.equal((answer.body as RemovalReportJson).sessionsRemoved, 1);
  assert.equal(await hasIdpSession(aliceThere.browser, idp), false);
  assert.equal(await hasIdpSession(aliceHere.browser, idp), true);
});

test('signs out every other session and keeps the current one', async () => {
  const other = (await ownSessions(aliceHere)).find((s) => !s.current);

  const answer = await removeOwn(aliceHere, { target: 'others' });

  assert.equal(answer.status, 200);
  assert.deepEqual((answer.body as RemovalReportJson).removed, [
    { subjectId: '1', sessionId: other?.sessionId },
  ]);
  assert.equal(await hasIdpSession(aliceThere.browser, idp), false);
  assert.equal(await hasIdpSession(aliceHere.browser, idp), true);
  assert.equal(await hasIdpSession(bob.browser, idp), true);
  const remaining = await ownSessions(aliceHere);
  assert.deepEqual(
    remaining.map((session) => session.current),
    [true],
  );
});

test('signs out everywhere, including the current session', async () => {
  const answer = await removeOwn(aliceHere, { target: 'all' });

  assert.equal(answer.status, 200);
  assert.equal((answer.body as RemovalReportJson).sessionsRemoved, 2);
  assert.equal(await hasIdpSession(aliceHere.browser, idp), false);
  assert.equal(await hasIdpSession(aliceThere.browser, idp), false);
  assert.equal(await hasIdpSession(bob.browser, idp), true);

  const afterwards = await callApi(idp.sessionEndpoint, '/self', {
    token: aliceHere.accessToken,
  });
  assert.equal(afterwards.status, 401, 'the current token was revoked too');
});

/**
 * Sessions of `subjectId` written straight to the database, as many as
 * the own-sessions list holds: more sign-ins than that would take minutes.
 * Their ids, oldest first.
 */
function addStoredSessions(subjectId: string, count: number): string[] {
  const insert = idp.db.prepare(
    `INSERT INTO sessions (id, session_id, subject_id, created, renewed,
       expires, payload)
     VALUES (?, ?, ?, ?, ?, ?, '{}')`,
  );
  const created = Date.now() - 3_600_000;
  const ids = Array.from({ length: count }, (_, i) => `stored-${i}`);
  idp.db.transaction(() => {
    for (const id of ids) {
      insert.run(`cookie-${id}`, id, subjectId, created, created, null);
    }
  })();
  return ids;
}

function sessionCountOf(subjectId: string): number {
  return idp.db
    .prepare<[string], number>(
      'SELECT count(*) FROM sessions WHERE subject_id = ?',
    )
    .pluck()
    .get(subjectId) as number;
}

test('reaches sessions beyond what one list of them shows', async () => {
  const stored = addStoredSessions('1', limits.selfSessions);
  const oldest = stored[0] ?? '';
  const listed = await ownSessions(aliceHere);
  assert.equal(listed.length, limits.selfSessions);
  assert.ok(!listed.some((session) => session.sessionId === oldest));

  const one = await removeOwn(aliceHere, {
    target: 'session',
    sessionId: oldest,
  });
  assert.equal(one.status, 200, JSON.stringify(one.body));
  assert.equal((one.body as RemovalReportJson).sessionsRemoved, 1);

  const others = await removeOwn(aliceHere, { target: 'others' });
  assert.equal(others.status, 200, JSON.stringify(others.body));
  assert.equal(
    (others.body as RemovalReportJson).sessionsRemoved,
    limits.selfSessions,
    'every other stored session and the other browser',
  );
  assert.equal(sessionCountOf('1'), 1);
  assert.equal(await hasIdpSession(aliceHere.browser, idp), true);
});

test('signs out everywhere past what one list of them shows', async () => {
  addStoredSessions('1', limits.selfSessions);

  const answer = await removeOwn(aliceHere, { target: 'all' });

  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(
    (answer.body as RemovalReportJson).sessionsRemoved,
    limits.selfSessions + 2,
  );
  assert.equal(sessionCountOf('1'), 0);
  assert.equal(sessionCountOf('10'), 1, 'Bob keeps his session');
});

test('self-service removals are recorded as such', async () => {
  await removeOwn(aliceHere, { target: 'others' });
  const adminToken = await signInAsOperator(idp);

  const answer = await callApi(idp.sessionEndpoint, '/removals?subjectId=1', {
    token: adminToken,
  });

  const records = (answer.body as { results: Record<string, unknown>[] })
    .results;
  assert.equal(records.length, 1);
  assert.equal(records[0]?.['mode'], 'self');
  assert.deepEqual(records[0]?.['actor'], {
    subjectId: '1',
    displayName: 'Alice Example',
    clientId: 'account-page',
  });
});
