import assert from 'node:assert/strict';
import {
  after,
  afterEach,
  before,
  beforeEach,
  describe,
  test,
} from 'node:test';

import * as v from 'valibot';

import {
  limits,
  removalReportSchema,
  type RemovalReportJson,
  type RemoveSessionsRequestJson,
  type UserSessionJson,
} from '../../shared/contract/index.ts';
import type { Idp } from '../../idp/server.ts';
import { callApi } from '../support/api.ts';
import { startTestIdp } from '../support/idp.ts';
import {
  Browser,
  hasIdpSession,
  introspect,
  refresh,
  signIn,
  type SignedIn,
  signInAsOperator,
} from '../support/oidc.ts';

/**
 * Each test signs Bob in to both demo relying parties in one browser (one
 * IdP session, two clients) and Carol in to one, removes something, and
 * then checks every consequence through the IdP's real endpoints and the
 * receiver's validated logout tokens, never through the report alone.
 */

const notes = 'demo-notes';
const photos = 'demo-photos';

let idp: Idp;
let adminToken: string;

interface UserInIdp {
  subjectId: string;
  browser: Browser;
  byClient: Record<string, SignedIn>;
  sessionId: string;
}

let bob: UserInIdp;
let carol: UserInIdp;

async function signInTo(
  username: string,
  clientIds: string[],
): Promise<UserInIdp> {
  const browser = new Browser();
  const byClient: Record<string, SignedIn> = {};
  for (const clientId of clientIds) {
    byClient[clientId] = await signIn(idp, {
      clientId,
      username,
      password: `${username}-demo-password`,
      scope: 'openid profile offline_access',
      browser,
    });
  }

  const first = Object.values(byClient)[0];
  assert.ok(first, 'signed in to at least one client');
  const sessions = await adminQuery(
    `?subjectId=${first.claims.sub}&match=exact`,
  );
  assert.equal(sessions.length, 1, `${username} has one IdP session`);
  return {
    subjectId: first.claims.sub,
    browser,
    byClient,
    sessionId: sessions[0]?.sessionId ?? '',
  };
}

async function adminQuery(query: string): Promise<UserSessionJson[]> {
  const answer = await callApi(idp.sessionEndpoint, query, {
    token: adminToken,
  });
  assert.equal(answer.status, 200);
  return (answer.body as { results: UserSessionJson[] }).results;
}

async function remove(
  request: RemoveSessionsRequestJson,
): Promise<RemovalReportJson> {
  const answer = await callApi(idp.sessionEndpoint, '/remove', {
    token: adminToken,
    body: request,
  });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body as RemovalReportJson;
}

/**
 * Sessions written straight to the database, as oidc-provider would store
 * them but with no clients to notify: many of one subject cost a few
 * milliseconds instead of a few hundred sign-ins. Their ids in key order.
 */
function addRawSessions(subjectId: string | null, count: number): string[] {
  const insert = idp.db.prepare(
    `INSERT INTO sessions (id, session_id, subject_id, created, renewed,
       expires, payload)
     VALUES (?, ?, ?, ?, ?, ?, '{}')`,
  );
  const now = Date.now();
  const prefix = `raw-${subjectId ?? 'pending'}-${now}`;
  const ids = Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
  idp.db.transaction(() => {
    for (const id of ids)
      insert.run(`cookie-${id}`, id, subjectId, now, now, now + 3_600_000);
  })();
  return ids;
}

function consentCount(subjectId: string, clientId: string): number {
  const row = idp.db
    .prepare(
      `SELECT count(*) AS n FROM oidc_models
       WHERE model = 'Grant' AND account_id = ? AND client_id = ?`,
    )
    .get(subjectId, clientId) as { n: number };
  return row.n;
}

/** The validated logout tokens a client's receiver got for `subjectId`. */
function logoutsFor(clientId: string, subjectId: string) {
  return (idp.receiver?.received(clientId) ?? []).filter(
    (logout) => logout.valid && logout.claims?.['sub'] === subjectId,
  );
}

async function refreshWorks(user: UserInIdp, clientId: string) {
  const signedIn = user.byClient[clientId];
  assert.ok(signedIn?.refreshToken, `${clientId} has a refresh token`);
  const works = await refresh(idp, clientId, signedIn.refreshToken);
  if (works.refreshToken) {
    signedIn.refreshToken = works.refreshToken;
  }
  return works.ok;
}

before(async () => {
  idp = await startTestIdp();
  adminToken = await signInAsOperator(idp);
});

after(() => idp.close());

beforeEach(async () => {
  idp.receiver?.clear();
  bob = await signInTo('bob', [notes, photos]);
  carol = await signInTo('carol', [notes]);
});

afterEach(async () => {
  await remove({ subjectId: bob.subjectId });
  await remove({ subjectId: carol.subjectId });
  idp.receiver?.clear();
});

describe('removal by session with every flag', () => {
  test('ends the session, its tokens and notifies its clients', async () => {
    const report = await remove({ sessionId: bob.sessionId });

    assert.equal(await hasIdpSession(bob.browser, idp), false);
    assert.equal(await refreshWorks(bob, notes), false);
    assert.equal(await refreshWorks(bob, photos), false);
    const notesToken = bob.byClient[notes]?.accessToken ?? '';
    assert.equal(await introspect(idp, notesToken), false);

    for (const clientId of [notes, photos]) {
      const logouts = logoutsFor(clientId, bob.subjectId);
      assert.equal(logouts.length, 1, clientId);
      assert.equal(
        logouts[0]?.claims?.['sid'],
        bob.byClient[clientId]?.claims.sid,
      );
    }

    assert.equal(report.sessionsMatched, 1);
    assert.equal(report.sessionsRemoved, 1);
    assert.deepEqual(report.removed, [
      { subjectId: bob.subjectId, sessionId: bob.sessionId },
    ]);
    assert.equal(report.removedTruncated, false);
    assert.ok(report.tokensRevoked >= 4, `revoked ${report.tokensRevoked}`);
    assert.deepEqual(
      report.backchannel
        .map((d) => [d.clientId, d.status, d.httpStatus])
        .sort(),
      [
        [notes, 'delivered', 200],
        [photos, 'delivered', 200],
      ],
    );
  });

  test('leaves other users alone', async () => {
    await remove({ sessionId: bob.sessionId });

    assert.equal(await hasIdpSession(carol.browser, idp), true);
    assert.equal(await refreshWorks(carol, notes), true);
    assert.equal(logoutsFor(notes, carol.subjectId).length, 0);
    assert.equal(
      (await adminQuery(`?subjectId=${carol.subjectId}&match=exact`)).length,
      1,
    );
  });

  test('keeps consent, which belongs to the subject, not the session', async () => {
    const report = await remove({ sessionId: bob.sessionId });

    assert.equal(report.consentsRevoked, 0);
    assert.equal(consentCount(bob.subjectId, notes), 1);
  });
});

describe('each flag alone', () => {
  const none = {
    removeServerSideSession: false,
    sendBackchannelLogoutNotification: false,
    revokeTokens: false,
    revokeConsents: false,
  };

  test('removeServerSideSession ends only the IdP session', async () => {
    const report = await remove({
      sessionId: bob.sessionId,
      ...none,
      removeServerSideSession: true,
    });

    assert.equal(await hasIdpSession(bob.browser, idp), false);
    assert.equal(await refreshWorks(bob, notes), true);
    assert.equal(logoutsFor(notes, bob.subjectId).length, 0);
    assert.deepEqual(
      [report.sessionsRemoved, report.tokensRevoked, report.backchannel.length],
      [1, 0, 0],
    );
  });

  test('sendBackchannelLogoutNotification only notifies', async () => {
    const report = await remove({
      sessionId: bob.sessionId,
      ...none,
      sendBackchannelLogoutNotification: true,
    });

    assert.equal(await hasIdpSession(bob.browser, idp), true);
    assert.equal(await refreshWorks(bob, notes), true);
    assert.equal(logoutsFor(notes, bob.subjectId).length, 1);
    assert.equal(logoutsFor(photos, bob.subjectId).length, 1);
    assert.equal(report.sessionsRemoved, 0);
    assert.deepEqual(report.removed, []);
    assert.equal(report.sessionsMatched, 1);
  });

  test('revokeTokens only revokes tokens', async () => {
    const report = await remove({
      sessionId: bob.sessionId,
      ...none,
      revokeTokens: true,
    });

    assert.equal(await hasIdpSession(bob.browser, idp), true);
    assert.equal(await refreshWorks(bob, notes), false);
    assert.equal(await refreshWorks(bob, photos), false);
    assert.equal(logoutsFor(notes, bob.subjectId).length, 0);
    assert.equal(consentCount(bob.subjectId, notes), 1);
    assert.ok(report.tokensRevoked >= 4);
  });

  test('revokeConsents by subject only revokes consents', async () => {
    const report = await remove({
      subjectId: bob.subjectId,
      ...none,
      revokeConsents: true,
    });

    assert.equal(consentCount(bob.subjectId, notes), 0);
    assert.equal(consentCount(bob.subjectId, photos), 0);
    assert.equal(await hasIdpSession(bob.browser, idp), true);
    assert.equal(report.consentsRevoked, 2);
    assert.equal(logoutsFor(notes, bob.subjectId).length, 0);

    const again = await signIn(idp, {
      clientId: notes,
      username: 'bob',
      password: 'bob-demo-password',
      scope: 'openid profile offline_access',
      browser: bob.browser,
    });
    assert.equal(again.consentShown, true, 'the next authorisation asks again');
  });
});

describe('limiting to some clients', () => {
  test('notifies and revokes only the named clients', async () => {
    const report = await remove({
      sessionId: bob.sessionId,
      clientIds: [notes],
      removeServerSideSession: false,
    });

    assert.equal(logoutsFor(notes, bob.subjectId).length, 1);
    assert.equal(logoutsFor(photos, bob.subjectId).length, 0);
    assert.equal(await refreshWorks(bob, notes), false);
    assert.equal(await refreshWorks(bob, photos), true);
    assert.equal(await hasIdpSession(bob.browser, idp), true);
    assert.deepEqual(
      report.backchannel.map((d) => d.clientId),
      [notes],
    );
  });

  test('still ends the whole IdP session when asked to', async () => {
    await remove({ sessionId: bob.sessionId, clientIds: [photos] });

    assert.equal(await hasIdpSession(bob.browser, idp), false);
    assert.equal(logoutsFor(notes, bob.subjectId).length, 0);
    assert.equal(logoutsFor(photos, bob.subjectId).length, 1);
    assert.equal(await refreshWorks(bob, notes), true);
  });

  test('revokes only the named consents by subject', async () => {
    const report = await remove({
      subjectId: bob.subjectId,
      clientIds: [photos],
    });

    assert.equal(report.consentsRevoked, 1);
    assert.equal(consentCount(bob.subjectId, notes), 1);
    assert.equal(consentCount(bob.subjectId, photos), 0);
  });
});

describe('removal by subject', () => {
  test('ends every session of exactly that subject', async () => {
    const second = new Browser();
    await signIn(idp, {
      clientId: notes,
      username: 'bob',
      password: 'bob-demo-password',
      scope: 'openid profile offline_access',
      browser: second,
    });

    const bobs = await adminQuery(`?subjectId=${bob.subjectId}&match=exact`);

    const report = await remove({ subjectId: bob.subjectId });

    assert.equal(report.sessionsRemoved, 2);
    assert.deepEqual(
      report.removed,
      bobs.map((s) => ({ subjectId: bob.subjectId, sessionId: s.sessionId })),
    );
    assert.equal(await hasIdpSession(bob.browser, idp), false);
    assert.equal(await hasIdpSession(second, idp), false);
    assert.equal(await hasIdpSession(carol.browser, idp), true);
    assert.equal(
      (await adminQuery(`?subjectId=${bob.subjectId}&match=exact`)).length,
      0,
    );
    assert.equal(logoutsFor(notes, bob.subjectId).length, 2);
  });

  test('with a session id, only if that session is the subject’s', async () => {
    const report = await remove({
      subjectId: carol.subjectId,
      sessionId: bob.sessionId,
    });

    assert.equal(report.sessionsMatched, 0);
    assert.deepEqual(report.removed, []);
    assert.equal(await hasIdpSession(bob.browser, idp), true);
    assert.equal(await hasIdpSession(carol.browser, idp), true);
  });

  test('a subject with more sessions than a report lists: cut short, and said', async () => {
    const subjectId = 'many-sessions';
    const count = limits.removedSessions + 3;
    const keys = addRawSessions(subjectId, count);

    const report = await remove({ subjectId });

    v.parse(removalReportSchema, report);
    assert.equal(report.sessionsRemoved, count);
    assert.equal(report.removedTruncated, true);
    assert.deepEqual(
      report.removed,
      keys.slice(0, limits.removedSessions).map((sessionId) => ({
        subjectId,
        sessionId,
      })),
    );
    assert.equal(
      (await adminQuery(`?subjectId=${subjectId}&match=exact`)).length,
      0,
    );
  });

  test('a session whose sign-in never finished is listed without a subject', async () => {
    const [sessionId = ''] = addRawSessions(null, 1);

    const report = await remove({ sessionId });

    assert.deepEqual(report.removed, [{ subjectId: null, sessionId }]);
    assert.equal(report.removedTruncated, false);
  });
});

describe('what cannot be delivered', () => {
  test('a receiver that is down is reported; the rest succeed', async () => {
    idp.receiver?.setBehaviour(photos, { dropConnection: true });

    const report = await remove({ sessionId: bob.sessionId });

    const byClient = new Map(report.backchannel.map((d) => [d.clientId, d]));
    assert.equal(byClient.get(notes)?.status, 'delivered');
    assert.equal(byClient.get(photos)?.status, 'failed');
    assert.equal(byClient.get(photos)?.httpStatus, null);
    assert.ok(byClient.get(photos)?.error);
    assert.equal(report.sessionsRemoved, 1);
    assert.equal(await hasIdpSession(bob.browser, idp), false);
  });

  test('a receiver that answers 500 is reported with its status', async () => {
    idp.receiver?.setBehaviour(notes, { status: 500 });

    const report = await remove({ sessionId: bob.sessionId });

    const failed = report.backchannel.find((d) => d.clientId === notes);
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.httpStatus, 500);
  });

  test('a slow receiver times out without holding up the others', async () => {
    idp.receiver?.setBehaviour(photos, { delayMs: 5_000 });

    const started = performance.now();
    const report = await remove({ sessionId: bob.sessionId });
    const elapsed = performance.now() - started;

    const slow = report.backchannel.find((d) => d.clientId === photos);
    const fast = report.backchannel.find((d) => d.clientId === notes);
    assert.equal(slow?.status, 'failed');
    assert.match(slow?.error ?? '', /in time/);
    assert.equal(fast?.status, 'delivered');
    assert.ok(elapsed < 4_500, `took ${Math.round(elapsed)} ms`);
  });
});

describe('idempotence and history', () => {
  test('removing what is already gone succeeds with zeros', async () => {
    await remove({ sessionId: bob.sessionId });

    const again = await remove({ sessionId: bob.sessionId });

    assert.deepEqual(
      [
        again.sessionsMatched,
        again.sessionsRemoved,
        again.tokensRevoked,
        again.consentsRevoked,
        again.backchannel.length,
        again.removed?.length,
      ],
      [0, 0, 0, 0, 0, 0],
    );
  });

  test('every removal is in the history with its reason and report', async () => {
    const report = await remove({
      sessionId: bob.sessionId,
      reason: 'Ticket 4411: lost laptop',
    });

    const answer = await callApi(
      idp.sessionEndpoint,
      `/removals?subjectId=${bob.subjectId}&countRequested=100`,
      { token: adminToken },
    );
    assert.equal(answer.status, 200);
    const records = (answer.body as { results: Record<string, unknown>[] })
      .results;
    const record = records.find((r) => r['removalId'] === report.removalId);
    assert.ok(record, 'the removal is recorded');
    assert.equal(record['reason'], 'Ticket 4411: lost laptop');
    assert.equal(record['mode'], 'admin');
    assert.deepEqual(record['actor'], {
      subjectId: 'admin',
      displayName: 'Ada Operator',
      clientId: 'admin-portal',
    });
    assert.deepEqual(record['report'], report);
  });
});
