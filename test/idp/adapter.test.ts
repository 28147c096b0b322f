import assert from 'node:assert/strict';
import type { AsyncLocalStorage } from 'node:async_hooks';
import { test } from 'node:test';

import type { AdapterPayload } from 'oidc-provider';

import { createAdapterClass, findGrantId } from '../../idp/adapter.ts';
import { openDatabase, type Db } from '../../idp/database.ts';
import type { SessionRow } from '../../idp/sessions/session-json.ts';

// oidc-provider's own request context store, the one `Provider.ctx` reads.
// Running code inside it stands in for a request without starting a server.
const { default: requestContext } = (await import(
  'oidc-provider/lib/helpers/als.js' as string
)) as { default: AsyncLocalStorage<unknown> };

const epoch = () => Math.floor(Date.now() / 1000);

function setup() {
  const db = openDatabase(':memory:');
  db.prepare(
    `INSERT INTO accounts (subject_id, username, name, email, password_hash)
     VALUES ('alice-1', 'alice', 'Alice Liddell', 'alice@example.com', '!'),
            ('bob-2', 'bob', NULL, 'bob@example.com', '!')`,
  ).run();
  const Adapter = createAdapterClass(db);
  return { db, Adapter };
}

function inRequest<T>(
  origin: { userAgent: string; ip: string },
  run: () => Promise<T>,
): Promise<T> {
  const ctx = {
    ip: origin.ip,
    get: (header: string) => (header === 'user-agent' ? origin.userAgent : ''),
  };
  return requestContext.run(ctx, run);
}

function sessionPayload(
  overrides: Partial<AdapterPayload> = {},
): AdapterPayload {
  return {
    iat: epoch(),
    exp: epoch() + 3600,
    jti: 'cookie-1',
    uid: 'session-uid-1',
    kind: 'Session',
    accountId: 'alice-1',
    loginTs: epoch() - 60,
    amr: ['pwd'],
    authorizations: { spa: { sid: 'sid-1' }, portal: { sid: 'sid-2' } },
    ...overrides,
  };
}

/** A row as the adapter writes it, before any sign-in finished too. */
interface SessionColumns extends Omit<SessionRow, 'subject_id'> {
  id: string;
  subject_id: string | null;
}

function sessionRow(db: Db, uid: string): SessionColumns | undefined {
  return db.prepare('SELECT * FROM sessions WHERE session_id = ?').get(uid) as
    SessionColumns | undefined;
}

function searchIndexIsSound(db: Db): void {
  db.prepare(
    "INSERT INTO sessions_search (sessions_search) VALUES ('integrity-check')",
  ).run();
}

test('a model round-trips with its lookup columns filled', async () => {
  const { db, Adapter } = setup();
  const tokens = new Adapter('AccessToken');
  const payload: AdapterPayload = {
    jti: 'at-1',
    kind: 'AccessToken',
    grantId: 'grant-1',
    sessionUid: 'session-uid-1',
    accountId: 'alice-1',
    clientId: 'spa',
    exp: epoch() + 600,
  };

  await tokens.upsert('at-1', payload, 600);
  const found = await tokens.find('at-1');
  const row = db
    .prepare('SELECT * FROM oidc_models WHERE id = ?')
    .get('at-1') as Record<string, unknown>;

  assert.deepEqual(found, payload);
  assert.equal(await new Adapter('RefreshToken').find('at-1'), undefined);
  assert.deepEqual(
    [row.model, row.grant_id, row.session_uid, row.account_id, row.client_id],
    ['AccessToken', 'grant-1', 'session-uid-1', 'alice-1', 'spa'],
  );
  assert.equal(row.expires_at, (payload.exp as number) * 1000);
});

test('expired models are never returned, and writes sweep them', async () => {
  const { db, Adapter } = setup();
  const codes = new Adapter('AuthorizationCode');
  db.prepare(
    `INSERT INTO oidc_models (model, id, payload, expires_at)
     VALUES ('AuthorizationCode', 'stale', '{}', ?)`,
  ).run(Date.now() - 1000);

  const before = await codes.find('stale');
  await codes.upsert('fresh', { jti: 'fresh', exp: epoch() + 60 }, 60);
  const left = db
    .prepare('SELECT id FROM oidc_models ORDER BY id')
    .pluck()
    .all();

  assert.equal(before, undefined);
  assert.deepEqual(left, ['fresh']);
});

test('a model without exp expires after expiresIn', async () => {
  const { db, Adapter } = setup();
  const interactions = new Adapter('Interaction');

  await interactions.upsert('i-1', { jti: 'i-1', uid: 'i-1' }, 30);
  await interactions.upsert('i-2', { jti: 'i-2' });
  const expiries = db
    .prepare('SELECT id, expires_at FROM oidc_models ORDER BY id')
    .raw()
    .all() as [string, number | null][];

  const [[, first] = [], [, second] = []] = expiries;
  assert.ok(Math.abs((first ?? 0) - (Date.now() + 30_000)) < 2000);
  assert.equal(second, null);
});

test('consume marks a model consumed, in seconds', async () => {
  const { Adapter } = setup();
  const codes = new Adapter('AuthorizationCode');
  await codes.upsert('code-1', { jti: 'code-1', exp: epoch() + 60 }, 60);

  await codes.consume('code-1');
  const found = await codes.find('code-1');

  assert.equal(typeof found?.consumed, 'number');
  assert.ok(Math.abs((found?.consumed as number) - epoch()) <= 1);
});

test('revokeByGrantId removes only that grant and that model', async () => {
  const { db, Adapter } = setup();
  const access = new Adapter('AccessToken');
  const refresh = new Adapter('RefreshToken');
  const exp = epoch() + 600;
  await access.upsert('a-1', { jti: 'a-1', grantId: 'g-1', exp }, 600);
  await access.upsert('a-2', { jti: 'a-2', grantId: 'g-2', exp }, 600);
  await refresh.upsert('r-1', { jti: 'r-1', grantId: 'g-1', exp }, 600);

  await access.revokeByGrantId('g-1');
  const left = db
    .prepare('SELECT model, id FROM oidc_models ORDER BY id')
    .raw()
    .all();

  assert.deepEqual(left, [
    ['AccessToken', 'a-2'],
    ['RefreshToken', 'r-1'],
  ]);
});

test('findByUid and findByUserCode look up by their columns', async () => {
  const { Adapter } = setup();
  const devices = new Adapter('DeviceCode');
  const payload = { jti: 'dc-1', userCode: 'ABCD-EFGH', exp: epoch() + 60 };
  await devices.upsert('dc-1', payload, 60);
  const interactions = new Adapter('Interaction');
  await interactions.upsert('int-1', { jti: 'int-1', uid: 'u-9' }, 60);

  assert.deepEqual(await devices.findByUserCode('ABCD-EFGH'), payload);
  assert.equal(await devices.findByUserCode('ZZZZ-ZZZZ'), undefined);
  assert.equal((await interactions.findByUid('u-9'))?.jti, 'int-1');
  assert.equal(await devices.findByUid('u-9'), undefined);
});

test('destroy deletes one model', async () => {
  const { Adapter } = setup();
  const grants = new Adapter('Grant');
  await grants.upsert('g-1', { jti: 'g-1', exp: epoch() + 60 }, 60);

  await grants.destroy('g-1');

  assert.equal(await grants.find('g-1'), undefined);
});

test('a session fills the columns the session API reads', async () => {
  const { db, Adapter } = setup();
  const sessions = new Adapter('Session');
  const payload = sessionPayload();

  await inRequest({ userAgent: 'Test Browser', ip: '198.51.100.7' }, () =>
    sessions.upsert('cookie-1', payload, 3600),
  );
  const row = sessionRow(db, 'session-uid-1');

  assert.deepEqual(await sessions.find('cookie-1'), payload);
  assert.deepEqual(await sessions.findByUid('session-uid-1'), payload);
  assert.equal(await sessions.find('session-uid-1'), undefined);
  assert.equal(row?.id, 'cookie-1');
  assert.equal(row?.subject_id, 'alice-1');
  assert.equal(row?.display_name, 'Alice Liddell');
  assert.equal(row?.expires, (payload.exp as number) * 1000);
  assert.deepEqual(JSON.parse(row?.client_ids ?? ''), ['spa', 'portal']);
  assert.equal(row?.identity_provider, 'local');
  assert.deepEqual(JSON.parse(row?.auth_methods ?? ''), ['pwd']);
  assert.equal(row?.auth_time, (payload.loginTs as number) * 1000);
  assert.equal(row?.user_agent, 'Test Browser');
  assert.equal(row?.ip_address, '198.51.100.7');
  searchIndexIsSound(db);
});

test('a session is named by email when the account has no name', async () => {
  const { db, Adapter } = setup();
  const sessions = new Adapter('Session');

  await sessions.upsert('c-1', sessionPayload({ accountId: 'bob-2' }), 60);
  await sessions.upsert(
    'c-2',
    sessionPayload({ jti: 'c-2', uid: 'u-2', accountId: 'nobody' }),
    60,
  );

  assert.equal(
    sessionRow(db, 'session-uid-1')?.display_name,
    'bob@example.com',
  );
  assert.equal(sessionRow(db, 'u-2')?.display_name, null);
});

test('a change of session id keeps key, created and origin', async () => {
  const { db, Adapter } = setup();
  const sessions = new Adapter('Session');
  const anonymous = sessionPayload({
    accountId: undefined,
    loginTs: undefined,
  });
  delete anonymous.accountId;
  delete anonymous.loginTs;
  await inRequest({ userAgent: 'First Browser', ip: '192.0.2.1' }, () =>
    sessions.upsert('cookie-1', anonymous, 3600),
  );
  await sessions.upsert(
    'other',
    sessionPayload({ jti: 'other', uid: 'other-uid', accountId: 'bob-2' }),
    3600,
  );
  const before = sessionRow(db, 'session-uid-1');

  // What oidc-provider's Session.save() does after a login: destroy the
  // old id, then save the same session (same uid) under a new one.
  await inRequest(
    { userAgent: 'Later Browser', ip: '203.0.113.5' },
    async () => {
      await sessions.destroy('cookie-1');
      await sessions.upsert(
        'cookie-2',
        sessionPayload({ jti: 'cookie-2' }),
        3600,
      );
    },
  );
  const after = sessionRow(db, 'session-uid-1');

  assert.equal(before?.subject_id, null);
  assert.equal(after?.id, 'cookie-2');
  assert.equal(after?.key, before?.key);
  assert.equal(after?.created, before?.created);
  assert.equal(after?.user_agent, 'First Browser');
  assert.equal(after?.ip_address, '192.0.2.1');
  assert.equal(after?.subject_id, 'alice-1');
  assert.equal(after?.display_name, 'Alice Liddell');
  assert.ok((after?.renewed ?? 0) >= (before?.renewed ?? Infinity));
  assert.equal(await sessions.find('cookie-1'), undefined);
  assert.equal((await sessions.find('cookie-2'))?.jti, 'cookie-2');
  searchIndexIsSound(db);
  const found = db
    .prepare(
      `SELECT rowid FROM sessions_search
       WHERE sessions_search MATCH 'display_name : "lid"'`,
    )
    .pluck()
    .all();
  assert.deepEqual(found, [after?.key]);
});

test('a change of id whose old key was taken takes a new key', async () => {
  const { db, Adapter } = setup();
  const sessions = new Adapter('Session');
  const origin = { userAgent: 'Browser', ip: '192.0.2.2' };
  await inRequest(origin, () =>
    sessions.upsert('cookie-1', sessionPayload(), 3600),
  );
  const before = sessionRow(db, 'session-uid-1');

  await inRequest(origin, async () => {
    await sessions.destroy('cookie-1');
    // Another sign-in lands between the two steps and gets the free key.
    await sessions.upsert(
      'intruder',
      sessionPayload({ jti: 'intruder', uid: 'intruder-uid' }),
      3600,
    );
    await sessions.upsert(
      'cookie-2',
      sessionPayload({ jti: 'cookie-2' }),
      3600,
    );
  });
  const after = sessionRow(db, 'session-uid-1');

  assert.equal(sessionRow(db, 'intruder-uid')?.key, before?.key);
  assert.notEqual(after?.key, before?.key);
  assert.equal(after?.created, before?.created);
  assert.equal(after?.user_agent, 'Browser');
});

test('outside a request, a save in place keeps the row', async () => {
  const { db, Adapter } = setup();
  const sessions = new Adapter('Session');
  await sessions.upsert('cookie-1', sessionPayload(), 3600);
  const before = sessionRow(db, 'session-uid-1');

  await sessions.upsert(
    'cookie-1',
    sessionPayload({ authorizations: { admin: { sid: 's' } } }),
    3600,
  );
  const after = sessionRow(db, 'session-uid-1');

  assert.equal(after?.key, before?.key);
  assert.equal(after?.created, before?.created);
  assert.deepEqual(JSON.parse(after?.client_ids ?? ''), ['admin']);
  assert.equal(after?.user_agent, null);
});

test('expired sessions are never found', async () => {
  const { Adapter } = setup();
  const sessions = new Adapter('Session');

  await sessions.upsert('cookie-1', sessionPayload({ exp: epoch() - 5 }), 60);

  assert.equal(await sessions.find('cookie-1'), undefined);
  assert.equal(await sessions.findByUid('session-uid-1'), undefined);
});

test('findGrantId: the newest live grant of subject and client', async () => {
  const { Adapter, db } = setup();
  const grants = new Adapter('Grant');
  const grant = (
    id: string,
    accountId: string,
    clientId: string,
    iat: number,
    exp: number,
  ) =>
    grants.upsert(
      id,
      { jti: id, kind: 'Grant', accountId, clientId, iat, exp },
      3600,
    );
  const now = epoch();
  await grant('older', 'alice-1', 'spa', now - 100, now + 3600);
  await grant('newer', 'alice-1', 'spa', now - 10, now + 3600);
  await grant('expired', 'alice-1', 'spa', now - 1, now - 1);
  await grant('other-client', 'alice-1', 'portal', now, now + 3600);
  await grant('other-subject', 'bob-2', 'spa', now, now + 3600);

  assert.equal(findGrantId(db, 'alice-1', 'spa'), 'newer');
  assert.equal(findGrantId(db, 'alice-1', 'admin'), undefined);
  assert.equal(findGrantId(db, 'bob-2', 'spa'), 'other-subject');
});
