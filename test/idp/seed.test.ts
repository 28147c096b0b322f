import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createAdapterClass } from '../../idp/adapter.ts';
import { openDatabase, type Db } from '../../idp/database.ts';
import { seededRandom, seedSessions } from '../../idp/seed.ts';
import type { SessionRow } from '../../idp/sessions/session-json.ts';
import { SessionStore } from '../../idp/sessions/store.ts';

const clientIds = ['spa', 'portal', 'admin', 'mobile'];
const options = { issuer: 'https://idp.test', clientIds };
const day = 24 * 60 * 60 * 1000;

/** A seeded row: every detail a real sign-in would leave is filled in. */
interface SeededRow extends SessionRow {
  id: string;
  identity_provider: string;
  auth_methods: string;
  auth_time: number;
  user_agent: string;
  ip_address: string;
  payload: string;
  name: string | null;
  email: string | null;
  password_hash: string;
}

function seededRows(db: Db): SeededRow[] {
  return db
    .prepare(
      `SELECT s.*, a.name, a.email, a.password_hash FROM sessions s
       LEFT JOIN accounts a USING (subject_id) ORDER BY s.key`,
    )
    .all() as SeededRow[];
}

/** The schema objects a bulk seeding sets aside and must put back. */
function schemaObjects(db: Db): string[] {
  return db
    .prepare(
      `SELECT type || ' ' || name FROM sqlite_master
       WHERE tbl_name = 'sessions' ORDER BY name`,
    )
    .pluck()
    .all() as string[];
}

test('every seeded session is a believable, valid signed-in session', () => {
  const db = openDatabase(':memory:');
  const started = Date.now();

  const report = seedSessions(db, 2000, options);
  const rows = seededRows(db);

  assert.equal(report.sessions, 2000);
  assert.equal(rows.length, 2000);
  assert.ok(report.accounts >= 2000 / 20 && report.accounts <= 2000 / 4);
  assert.equal(
    db.prepare('SELECT count(*) FROM accounts').pluck().get(),
    report.accounts,
  );
  for (const row of rows) {
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    const sessionClients = JSON.parse(row.client_ids) as string[];
    const authorizations = payload.authorizations as Record<
      string,
      { sid: unknown }
    >;

    assert.equal(row.password_hash, '!');
    assert.equal(row.display_name, row.name ?? row.email);
    assert.match(row.subject_id, /^[1-9][0-9]*$/);
    assert.ok(row.created > started - 30 * day - 1000);
    assert.ok(row.renewed >= row.created && row.renewed <= Date.now());
    assert.ok(row.expires === null || row.expires > Date.now());
    assert.ok(sessionClients.length >= 1 && sessionClients.length <= 3);
    assert.equal(new Set(sessionClients).size, sessionClients.length);
    assert.ok(sessionClients.every((id) => clientIds.includes(id)));
    assert.equal(row.identity_provider, 'local');
    assert.match(
      row.ip_address,
      /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$|^2001:db8::/,
    );

    assert.equal(payload.kind, 'Session');
    assert.equal(payload.jti, row.id);
    assert.equal(payload.uid, row.session_id);
    assert.equal(payload.accountId, row.subject_id);
    assert.equal((payload.loginTs as number) * 1000, row.auth_time);
    assert.deepEqual(payload.amr, JSON.parse(row.auth_methods));
    assert.equal(
      payload.exp,
      row.expires === null ? undefined : Math.floor(row.expires / 1000),
    );
    assert.deepEqual(Object.keys(authorizations), sessionClients);
    assert.ok(
      Object.values(authorizations).every((a) => typeof a.sid === 'string'),
    );
  }
});

test('the population varies like a real one', () => {
  const db = openDatabase(':memory:');

  seedSessions(db, 3000, options);
  const rows = seededRows(db);
  const subjects = [...new Set(rows.map((row) => row.subject_id))];
  const agents = new Set(rows.map((row) => row.user_agent));
  const neverExpire = rows.filter((row) => row.expires === null).length;

  assert.ok(agents.size >= 10);
  assert.ok([...agents].some((ua) => /iPhone|Android/.test(ua)));
  assert.ok([...agents].some((ua) => /Windows|Macintosh|X11/.test(ua)));
  assert.ok(
    neverExpire > rows.length * 0.03 && neverExpire < rows.length * 0.2,
  );
  assert.ok(rows.some((row) => row.display_name === null));
  assert.ok(rows.some((row) => row.name === null && row.email !== null));
  assert.ok(new Set(subjects.map((id) => id.length)).size >= 8);
  assert.ok(
    subjects.some((short) =>
      subjects.some((long) => long !== short && long.includes(short)),
    ),
    'some subject id is a substring of another',
  );
  assert.ok(
    rows.every(
      (row, index) =>
        index === 0 || row.created >= (rows[index - 1]?.created ?? 0),
    ),
    'creation times rise with the key',
  );
});

test('seeding is repeatable', () => {
  const first = openDatabase(':memory:');
  const second = openDatabase(':memory:');
  const third = openDatabase(':memory:');

  seedSessions(first, 500, options);
  seedSessions(second, 500, options);
  seedSessions(third, 500, { ...options, random: seededRandom(99) });
  const fingerprint = (db: Db) =>
    seededRows(db).map((row) =>
      [row.session_id, row.subject_id, row.display_name, row.client_ids].join(
        '|',
      ),
    );

  assert.deepEqual(fingerprint(first), fingerprint(second));
  assert.notDeepEqual(fingerprint(first), fingerprint(third));
});

test('seeding again continues the keys and draws fresh ids', () => {
  const db = openDatabase(':memory:');
  const objects = schemaObjects(db);
  const cacheSize = db.pragma('cache_size', { simple: true });

  const bulk = seedSessions(db, 12_000, options);
  const small = seedSessions(db, 300, options);
  const rows = seededRows(db);

  assert.equal(rows.length, 12_300);
  assert.deepEqual(
    rows.map((row) => row.key),
    rows.map((_, index) => index + 1),
  );
  assert.equal(new Set(rows.map((row) => row.session_id)).size, 12_300);
  assert.equal(new Set(rows.map((row) => row.id)).size, 12_300);
  assert.equal(
    db.prepare('SELECT count(*) FROM accounts').pluck().get(),
    bulk.accounts + small.accounts,
  );
  assert.deepEqual(schemaObjects(db), objects);
  assert.equal(db.pragma('cache_size', { simple: true }), cacheSize);
});

test('the search index holds seeded sessions, bulk or not', () => {
  const db = openDatabase(':memory:');
  seedSessions(db, 12_000, options);
  seedSessions(db, 300, options);

  db.prepare(
    "INSERT INTO sessions_search (sessions_search) VALUES ('integrity-check')",
  ).run();
  const viaIndex = db
    .prepare(
      `SELECT rowid FROM sessions_search
       WHERE sessions_search MATCH 'display_name : "smi"' ORDER BY rowid`,
    )
    .pluck()
    .all();
  const viaScan = db
    .prepare(
      `SELECT key FROM sessions WHERE display_name LIKE '%smi%' ORDER BY key`,
    )
    .pluck()
    .all();

  assert.ok(viaScan.length > 0);
  assert.deepEqual(viaIndex, viaScan);
  assert.ok((viaScan.at(-1) as number) > 12_000);
});

test('seeded sessions are found like real ones', async () => {
  const db = openDatabase(':memory:');
  seedSessions(db, 200, options);
  const row = seededRows(db)[17];
  const Adapter = createAdapterClass(db);
  const store = new SessionStore(db, {
    secret: 'seed-test',
    issuer: options.issuer,
    describeClient: () => undefined,
  });

  const found = await new Adapter('Session').find(row?.id ?? '');
  const byUid = await new Adapter('Session').findByUid(row?.session_id ?? '');
  const listed = store.query({
    match: 'contains',
    requestPriorResults: false,
    countRequested: 25,
  });

  assert.deepEqual(found, JSON.parse(row?.payload ?? ''));
  assert.deepEqual(byUid, found);
  assert.equal(listed.totalCount, 200);
});

test('a count that is not a whole number is refused', () => {
  const db = openDatabase(':memory:');

  assert.throws(() => seedSessions(db, -1, options), /count must be/);
  assert.throws(() => seedSessions(db, 2.5, options), /got 2\.5/);
});
