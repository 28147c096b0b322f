import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as v from 'valibot';

import {
  ownSessionSchema,
  userSessionSchema,
  type MatchMode,
  type QueryResultJson,
  type SessionClientJson,
  type SessionQueryParams,
  type UserSessionJson,
} from '../../shared/contract/index.ts';
import { openDatabase, type Db } from '../../idp/database.ts';
import { seededRandom, seedSessions } from '../../idp/seed.ts';
import {
  InvalidResultsTokenError,
  SessionStore,
  type SessionStoreOptions,
} from '../../idp/sessions/store.ts';

const issuer = 'https://idp.test';
const secret = 'store-test-secret';
const clientIds = ['spa', 'portal', 'admin', 'retired'];
const minute = 60_000;

const knownClients: Record<string, SessionClientJson> = {
  spa: { clientId: 'spa', displayName: 'Single page', backchannelLogout: true },
  portal: {
    clientId: 'portal',
    displayName: 'Portal',
    backchannelLogout: false,
  },
  admin: { clientId: 'admin', displayName: null, backchannelLogout: true },
};

interface RawSession {
  key: number;
  session_id: string;
  subject_id: string | null;
  display_name: string | null;
  expires: number | null;
}

interface HandMade {
  subjectId: string | null;
  name?: string | null;
  email?: string | null;
  sessionId?: string;
  created?: number;
  expires?: number | null;
  userAgent?: string | null;
  clientIds?: string[];
}

let handMadeCount = 0;

/** Adds an account (unless there is one) and a session, as raw rows. */
function addSession(db: Db, session: HandMade): string {
  const now = Date.now();
  const sessionId = session.sessionId ?? `hand-made-${++handMadeCount}`;
  const name = session.name === undefined ? null : session.name;
  const email = session.email === undefined ? null : session.email;
  if (session.subjectId !== null) {
    db.prepare(
      `INSERT OR IGNORE INTO accounts
         (subject_id, username, name, email, password_hash)
       VALUES (?, ?, ?, ?, '!')`,
    ).run(session.subjectId, `user-${session.subjectId}`, name, email);
  }

  db.prepare(
    `INSERT INTO sessions (id, session_id, subject_id, display_name, created,
       renewed, expires, client_ids, user_agent, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')`,
  ).run(
    `jti-${sessionId}`,
    sessionId,
    session.subjectId,
    session.subjectId === null ? null : (name ?? email),
    session.created ?? now - minute,
    now - minute,
    session.expires === undefined ? now + 60 * minute : session.expires,
    JSON.stringify(session.clientIds ?? ['spa']),
    session.userAgent ?? null,
  );
  return sessionId;
}

/** The population most tests read: seeded sessions plus traps. */
function population(count = 3000) {
  const db = openDatabase(':memory:');
  seedSessions(db, count, { issuer, clientIds, random: seededRandom(7) });

  const traps = {
    one: addSession(db, { subjectId: '1', name: 'Trap One' }),
    ten: addSession(db, { subjectId: '10', name: 'Trap Ten' }),
    twentyOne: addSession(db, { subjectId: '21', name: 'Trap Twenty-One' }),
    percent: addSession(db, { subjectId: 'w-1', name: '100% Real' }),
    underscore: addSession(db, { subjectId: 'w-2', name: 'snake_case' }),
    lookalike: addSession(db, { subjectId: 'w-3', name: 'snakeXcase' }),
    backslash: addSession(db, { subjectId: 'w-4', name: 'back\\slash' }),
    hostile: addSession(db, {
      subjectId: 'h-1',
      name: '<img src=x onerror=alert(1)>',
      userAgent: '"><script>alert(1)</script>',
    }),
    quoted: addSession(db, { subjectId: 'h-2', name: 'Robert "Bobby" Tables' }),
    sqlish: addSession(db, { subjectId: 'h-3', name: "x'); DROP TABLE s;--" }),
    accented: addSession(db, { subjectId: 'u-1', name: 'Zoë Ñúñez' }),
    nameless: addSession(db, { subjectId: 'n-1' }),
    emailOnly: addSession(db, { subjectId: 'n-2', email: 'only@mail.test' }),
    anonymous: addSession(db, { subjectId: null }),
    expired: addSession(db, {
      subjectId: 'e-1',
      name: 'Long Gone',
      expires: Date.now() - minute,
    }),
    endless: addSession(db, { subjectId: 'e-2', name: 'Ever', expires: null }),
  };
  return { db, traps };
}

function storeFor(db: Db, options: Partial<SessionStoreOptions> = {}) {
  return new SessionStore(db, {
    secret,
    issuer,
    describeClient: (clientId) => knownClients[clientId],
    ...options,
  });
}

function params(
  overrides: Partial<SessionQueryParams> = {},
): SessionQueryParams {
  return {
    match: 'contains',
    requestPriorResults: false,
    countRequested: 25,
    ...overrides,
  };
}

function lowerAscii(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** What a query must return, worked out in plain JS from the raw rows. */
function expectedIds(
  db: Db,
  filter: Partial<Record<'subjectId' | 'sessionId' | 'displayName', string>>,
  match: MatchMode,
): string[] {
  const now = Date.now();
  const rows = db
    .prepare(
      `SELECT key, session_id, subject_id, display_name, expires
       FROM sessions ORDER BY key`,
    )
    .all() as RawSession[];
  const compare = (actual: string | null, wanted: string | undefined) => {
    if (wanted === undefined) return true;
    if (actual === null) return false;
    return match === 'exact'
      ? actual === wanted
      : lowerAscii(actual).includes(lowerAscii(wanted));
  };

  return rows
    .filter(
      (row) =>
        row.subject_id !== null &&
        (row.expires === null || row.expires > now) &&
        compare(row.subject_id, filter.subjectId) &&
        compare(row.session_id, filter.sessionId) &&
        compare(row.display_name, filter.displayName),
    )
    .map((row) => row.session_id);
}

/** Every page of a query, following tokens forward from the first. */
function pageForward(
  store: SessionStore,
  query: SessionQueryParams,
): QueryResultJson<UserSessionJson>[] {
  const pages = [store.query(query)];
  for (let last = pages[0]; last?.hasNextResults; last = pages.at(-1)) {
    assert.ok(last.resultsToken, 'a page with more after it has a token');
    pages.push(store.query({ ...query, resultsToken: last.resultsToken }));
    assert.ok(pages.length < 10_000, 'paging must end');
  }
  return pages;
}

const shared = population();
const sharedStore = storeFor(shared.db);
const sample = shared.db
  .prepare(
    `SELECT subject_id, session_id, display_name FROM sessions
     WHERE display_name LIKE '% %' AND expires > ? ORDER BY key LIMIT 1
     OFFSET 1234`,
  )
  .get(Date.now()) as {
  subject_id: string;
  session_id: string;
  display_name: string;
};

describe('filters', () => {
  const fieldNames = ['subjectId', 'sessionId', 'displayName'] as const;
  const valuesFor: Record<MatchMode, Record<string, string[]>> = {
    exact: {
      subjectId: [sample.subject_id, '1'],
      sessionId: [sample.session_id],
      displayName: [sample.display_name, 'ZoË Ñúñez'],
    },
    contains: {
      subjectId: [sample.subject_id.slice(0, 2), '1', sample.subject_id],
      sessionId: [sample.session_id.slice(4, 9).toUpperCase(), 'a'],
      displayName: [
        sample.display_name.slice(1, 7).toUpperCase(),
        'mi',
        'ZOË',
        'smith',
      ],
    },
  };

  for (const match of ['contains', 'exact'] as const) {
    for (let subset = 1; subset < 8; subset++) {
      const used = fieldNames.filter((_, bit) => subset & (1 << bit));
      test(`${match} on ${used.join(' + ')} matches a plain-JS filter`, () => {
        const combos = used.reduce<Record<string, string>[]>(
          (acc, field) =>
            acc.flatMap((partial) =>
              (valuesFor[match][field] ?? []).map((value) => ({
                ...partial,
                [field]: value,
              })),
            ),
          [{}],
        );

        for (const filter of combos) {
          const query = params({ ...filter, match, countRequested: 40 });
          const pages = pageForward(sharedStore, query);

          const expected = expectedIds(shared.db, filter, match);
          const seen = pages.flatMap((page) => page.results);
          const label = JSON.stringify(filter);
          assert.deepEqual(
            seen.map((session) => session.sessionId),
            expected,
            label,
          );
          assert.equal(pages[0]?.totalCount, expected.length, label);
        }
      });
    }
  }

  test('the match mode and every filter together narrow to one session', () => {
    const result = sharedStore.query(
      params({
        match: 'exact',
        subjectId: sample.subject_id,
        sessionId: sample.session_id,
        displayName: sample.display_name,
      }),
    );

    assert.deepEqual(
      result.results.map((session) => session.sessionId),
      [sample.session_id],
    );
  });

  test('subject "1" contains "10" and "21"; exact "1" is only "1"', () => {
    const contains = pageForward(
      sharedStore,
      params({ subjectId: '1', countRequested: 100 }),
    ).flatMap((page) => page.results.map((session) => session.subjectId));
    const exact = sharedStore.query(
      params({ subjectId: '1', match: 'exact', countRequested: 100 }),
    ).results;

    assert.ok(contains.includes('10') && contains.includes('21'));
    assert.ok(exact.some((s) => s.sessionId === shared.traps.one));
    assert.deepEqual(new Set(exact.map((s) => s.subjectId)), new Set(['1']));
  });

  test('LIKE wildcards and the escape character in input are literal', () => {
    const names = (displayName: string) =>
      sharedStore
        .query(params({ displayName, countRequested: 100 }))
        .results.map((session) => session.displayName);

    assert.deepEqual(names('%'), ['100% Real']);
    assert.deepEqual(names('e_c'), ['snake_case']);
    assert.deepEqual(names('_'), ['snake_case']);
    assert.deepEqual(names('k\\s'), ['back\\slash']);
    assert.deepEqual(names('\\'), ['back\\slash']);
  });

  test('hostile strings are data: found, and returned unchanged', () => {
    for (const name of [
      '<img src=x onerror=alert(1)>',
      'Robert "Bobby" Tables',
      "x'); DROP TABLE s;--",
    ]) {
      const exact = sharedStore.query(
        params({ displayName: name, match: 'exact' }),
      );
      const contains = sharedStore.query(
        params({ displayName: name.slice(0, 12) }),
      );

      assert.deepEqual(
        exact.results.map((session) => session.displayName),
        [name],
      );
      assert.ok(contains.results.some((s) => s.displayName === name));
    }

    const hostile = sharedStore.query(
      params({ sessionId: shared.traps.hostile, match: 'exact' }),
    ).results[0];
    assert.equal(hostile?.details?.userAgent, '"><script>alert(1)</script>');
  });

  test('sessions not signed in, expired, or nameless are left out', () => {
    const bySessionId = (sessionId: string) =>
      sharedStore.query(params({ sessionId, match: 'exact' })).results;

    assert.deepEqual(bySessionId(shared.traps.anonymous), []);
    assert.deepEqual(bySessionId(shared.traps.expired), []);
    assert.equal(bySessionId(shared.traps.nameless).length, 1);
    assert.equal(
      sharedStore.query(
        params({ subjectId: 'n-1', displayName: 'n', match: 'contains' }),
      ).results.length,
      0,
    );
    assert.equal(
      sharedStore.query(params({ displayName: 'only@mail.test' })).results[0]
        ?.sessionId,
      shared.traps.emailOnly,
    );
  });
});

describe('paging', () => {
  test('forward to the end and back sees every session once', () => {
    const query = params({ countRequested: 25 });
    const expected = expectedIds(shared.db, {}, 'contains');
    const pageCount = Math.ceil(expected.length / 25);

    const forward = pageForward(sharedStore, query);
    const backward = [forward.at(-1) as QueryResultJson<UserSessionJson>];
    while (backward.at(-1)?.hasPrevResults) {
      const token = backward.at(-1)?.resultsToken ?? undefined;
      backward.push(
        sharedStore.query({
          ...query,
          resultsToken: token,
          requestPriorResults: true,
        }),
      );
    }
    backward.reverse();

    assert.equal(forward.length, pageCount);
    assert.equal(backward.length, pageCount);
    for (const [index, pages] of [forward, backward].entries()) {
      assert.deepEqual(
        pages.flatMap((page) => page.results.map((s) => s.sessionId)),
        expected,
        index === 0 ? 'forward' : 'backward',
      );
      pages.forEach((page, number) => {
        assert.equal(page.currentPage, number + 1);
        assert.equal(page.hasPrevResults, number > 0);
        assert.equal(page.hasNextResults, number < pageCount - 1);
        assert.equal(page.totalCount, expected.length);
        assert.equal(page.totalPages, pageCount);
      });
    }
  });

  test('the smallest and largest page sizes', () => {
    const total = expectedIds(shared.db, {}, 'contains').length;

    const one = sharedStore.query(params({ countRequested: 1 }));
    const hundred = sharedStore.query(params({ countRequested: 100 }));
    const next = sharedStore.query(
      params({ countRequested: 1, resultsToken: one.resultsToken ?? '' }),
    );

    assert.equal(one.results.length, 1);
    assert.equal(one.totalPages, total);
    assert.equal(hundred.results.length, 100);
    assert.equal(hundred.totalPages, Math.ceil(total / 100));
    assert.equal(next.results.length, 1);
    assert.equal(next.currentPage, 2);
    assert.notEqual(next.results[0]?.sessionId, one.results[0]?.sessionId);
  });

  test('a query with no match is an empty page with zero counts', () => {
    const result = sharedStore.query(params({ subjectId: 'nobody-at-all' }));

    assert.deepEqual(result, {
      resultsToken: null,
      hasPrevResults: false,
      hasNextResults: false,
      totalCount: 0,
      totalPages: 0,
      currentPage: null,
      results: [],
    });
  });

  test('a contains filter matching over 10,000 sessions is not counted', () => {
    const db = openDatabase(':memory:');
    seedSessions(db, 12_000, { issuer, clientIds, random: seededRandom(3) });
    const store = storeFor(db);
    const query = params({ displayName: 'a', countRequested: 100 });
    const matching = expectedIds(db, { displayName: 'a' }, 'contains');

    const first = store.query(query);
    const next = store.query({ ...query, resultsToken: first.resultsToken! });
    const unfiltered = store.query(params());

    assert.ok(matching.length > 10_000);
    assert.deepEqual(
      [first.totalCount, first.totalPages, first.currentPage],
      [null, null, 1],
    );
    assert.equal(next.currentPage, 2);
    assert.deepEqual(
      first.results.concat(next.results).map((s) => s.sessionId),
      matching.slice(0, 200),
    );
    assert.equal(unfiltered.totalCount, 12_000);
  });

  test('deleting earlier rows: going back restarts at page 1', () => {
    const { db } = population(600);
    const store = storeFor(db);
    const first = store.query(params({ countRequested: 10 }));
    const second = store.query(
      params({ countRequested: 10, resultsToken: first.resultsToken ?? '' }),
    );
    const gone = first.results.slice(0, 4).map((s) => s.sessionId);
    deleteSessions(db, gone);

    const back = store.query(
      params({
        countRequested: 10,
        resultsToken: second.resultsToken ?? '',
        requestPriorResults: true,
      }),
    );

    assert.deepEqual(
      back.results.map((s) => s.sessionId),
      first.results.slice(4).map((s) => s.sessionId),
    );
    assert.equal(back.currentPage, 1);
    assert.equal(back.hasPrevResults, false);
    assert.equal(back.hasNextResults, true);
  });

  test('deleting every earlier row: going back is an empty page', () => {
    const { db } = population(600);
    const store = storeFor(db);
    const first = store.query(params({ countRequested: 10 }));
    const second = store.query(
      params({ countRequested: 10, resultsToken: first.resultsToken ?? '' }),
    );
    deleteSessions(
      db,
      first.results.map((s) => s.sessionId),
    );

    const back = store.query(
      params({
        countRequested: 10,
        resultsToken: second.resultsToken ?? '',
        requestPriorResults: true,
      }),
    );

    assert.equal(back.resultsToken, null);
    assert.deepEqual(back.results, []);
    assert.equal(back.totalCount, 0);
    assert.equal(back.hasNextResults, false);
  });

  test('deleting later rows: paging on skips them and loses nothing', () => {
    const { db } = population(600);
    const store = storeFor(db);
    const query = params({ subjectId: '1', countRequested: 10 });
    const first = store.query(query);
    const expectedBefore = expectedIds(db, { subjectId: '1' }, 'contains');
    const gone = expectedBefore.slice(10, 15).concat(expectedBefore.at(-1)!);
    deleteSessions(db, gone);

    const rest = pageForward(store, {
      ...query,
      resultsToken: first.resultsToken ?? '',
    });
    const seen = first.results
      .concat(rest.flatMap((page) => page.results))
      .map((s) => s.sessionId);

    assert.deepEqual(
      seen,
      expectedBefore.filter((id) => !gone.includes(id)),
    );
    assert.equal(rest[0]?.currentPage, 2);
    assert.equal(rest[0]?.hasPrevResults, true);
  });

  test('paging past rows deleted since is an empty page, not an error', () => {
    const { db } = population(600);
    const store = storeFor(db);
    const query = params({ subjectId: '21', countRequested: 5 });
    const first = store.query(query);
    deleteSessions(db, expectedIds(db, { subjectId: '21' }, 'contains'));

    const next = store.query({ ...query, resultsToken: first.resultsToken! });

    assert.equal(next.resultsToken, null);
    assert.deepEqual(next.results, []);
    assert.equal(next.totalPages, 0);
  });
});

describe('results tokens', () => {
  const first = sharedStore.query(params({ subjectId: '1' }));
  const token = first.resultsToken ?? '';

  const refused = (query: SessionQueryParams, reason: string) =>
    assert.throws(
      () => sharedStore.query(query),
      (error: unknown) =>
        error instanceof InvalidResultsTokenError &&
        error.reason === reason &&
        error.field === 'resultsToken' &&
        error.message.startsWith('resultsToken "'),
    );

  test('a forged or altered token has a bad signature', () => {
    const [body = '', mac = ''] = token.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as {
      l: number;
    };
    const forged = Buffer.from(
      JSON.stringify({ ...payload, l: payload.l + 1000 }),
    ).toString('base64url');
    const flipped = mac.startsWith('A')
      ? `B${mac.slice(1)}`
      : `A${mac.slice(1)}`;
    const otherSecret = storeFor(shared.db, { secret: 'another-secret' }).query(
      params({ subjectId: '1' }),
    ).resultsToken;

    refused(
      params({ subjectId: '1', resultsToken: `${forged}.${mac}` }),
      'signature',
    );
    refused(
      params({ subjectId: '1', resultsToken: `${body}.${flipped}` }),
      'signature',
    );
    refused(
      params({ subjectId: '1', resultsToken: otherSecret ?? '' }),
      'signature',
    );
  });

  test('a truncated or foreign-format token is malformed', () => {
    refused(
      params({ subjectId: '1', resultsToken: token.slice(0, -1) }),
      'malformed',
    );
    refused(
      params({ subjectId: '1', resultsToken: token.split('.')[0] ?? '' }),
      'malformed',
    );
    refused(params({ subjectId: '1', resultsToken: '12,34,2' }), 'malformed');
  });

  test('a token from another query is refused, whatever changed', () => {
    refused(params({ subjectId: '2', resultsToken: token }), 'scope');
    refused(
      params({ subjectId: '1', match: 'exact', resultsToken: token }),
      'scope',
    );
    refused(params({ resultsToken: token }), 'scope');
    refused(
      params({ subjectId: '1', displayName: 'a', resultsToken: token }),
      'scope',
    );
  });

  test('contains ignores ASCII case, so its tokens do too', () => {
    const upper = sharedStore.query(params({ displayName: 'SMITH' }));
    const next = sharedStore.query(
      params({ displayName: 'smith', resultsToken: upper.resultsToken ?? '' }),
    );

    assert.equal(next.currentPage, 2);
  });

  test('a token older than an hour is stale', () => {
    let clock = Date.now();
    const store = storeFor(shared.db, { now: () => clock });
    const page = store.query(params({ subjectId: '1' }));

    clock += 59 * minute;
    const stillFine = store.query(
      params({ subjectId: '1', resultsToken: page.resultsToken ?? '' }),
    );
    clock += 2 * minute;

    assert.equal(stillFine.currentPage, 2);
    assert.throws(
      () =>
        store.query(
          params({ subjectId: '1', resultsToken: page.resultsToken ?? '' }),
        ),
      (error: unknown) =>
        error instanceof InvalidResultsTokenError &&
        error.reason === 'expired' &&
        /issued 61 minutes ago/.test(error.message),
    );
  });
});

describe('JSON and the self-service list', () => {
  test('sessions match the contract, with only what is known', () => {
    const page = sharedStore.query(params({ countRequested: 100 }));
    const hand = sharedStore.query(
      params({ sessionId: shared.traps.endless, match: 'exact' }),
    ).results[0];

    for (const session of page.results) {
      v.parse(v.strictObject(userSessionSchema.entries), session);
    }
    assert.equal(page.results[0]?.issuer, issuer);
    assert.equal(hand?.expires, null);
    assert.deepEqual(hand?.details, undefined);
    assert.ok(!('payload' in (hand ?? {})));
  });

  test('clients are described, and unknown ones still listed', () => {
    const { db } = population(600);
    const id = addSession(db, {
      subjectId: 'c-1',
      name: 'Clients',
      clientIds: ['spa', 'retired'],
    });

    const session = storeFor(db).query(
      params({ sessionId: id, match: 'exact' }),
    ).results[0];

    assert.deepEqual(session?.clientIds, ['spa', 'retired']);
    assert.deepEqual(session?.clients, [
      knownClients.spa,
      { clientId: 'retired', displayName: null, backchannelLogout: false },
    ]);
  });

  test('own sessions: exact subject, current first, then newest', () => {
    const { db } = population(600);
    const now = Date.now();
    const at = (minutesAgo: number) => now - minutesAgo * minute;
    const old = addSession(db, { subjectId: 'own', created: at(90) });
    const newest = addSession(db, { subjectId: 'own', created: at(5) });
    const middle = addSession(db, { subjectId: 'own', created: at(30) });
    addSession(db, { subjectId: 'own', expires: at(1) });
    addSession(db, { subjectId: 'own-2', created: now });
    const store = storeFor(db);

    const mine = store.listOwn('own', middle);
    const noCurrent = store.listOwn('own', undefined);
    const stranger = store.listOwn('own', newest.replace(/.$/, 'x'));

    assert.deepEqual(
      mine.map((s) => [s.sessionId, s.current]),
      [
        [middle, true],
        [newest, false],
        [old, false],
      ],
    );
    assert.deepEqual(
      noCurrent.map((s) => s.sessionId),
      [newest, middle, old],
    );
    assert.ok(stranger.every((s) => !s.current));
    for (const session of mine) v.parse(ownSessionSchema, session);
  });
});

describe('query plans', () => {
  test('pages, exact filters and searches use indexes, never a sort', () => {
    const { db } = population(600);
    const sources: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((source: string) => {
      sources.push(source);
      return prepare(source);
    }) as Db['prepare'];
    const store = storeFor(db);
    const run = (overrides: Partial<SessionQueryParams>) => {
      const before = sources.length;
      const page = store.query(params({ countRequested: 2, ...overrides }));
      store.query(
        params({
          countRequested: 2,
          ...overrides,
          resultsToken: page.resultsToken ?? '',
          requestPriorResults: true,
        }),
      );
      return sources.slice(before);
    };

    const row = db
      .prepare(
        `SELECT subject_id, session_id, display_name FROM sessions
         WHERE length(subject_id) > 8 AND display_name IS NOT NULL LIMIT 1`,
      )
      .get() as typeof sample;
    const shapes = {
      unfiltered: run({}),
      exactSubject: run({ match: 'exact', subjectId: row.subject_id }),
      exactName: run({ match: 'exact', displayName: row.display_name }),
      exactSession: run({ match: 'exact', sessionId: row.session_id }),
      searchName: run({ displayName: row.display_name.slice(1, 5) }),
      searchSubject: run({ subjectId: row.subject_id.slice(1, 5) }),
      shortContains: run({ displayName: 'mi' }),
    };

    const anyValues = {
      ...{ now: 0, after: 0, before: 0, limit: 1, cap: 1, current: null },
      ...{ subjectId: 'x', sessionId: 'x', displayName: 'x', search: 'x' },
    };
    for (const [shape, statements] of Object.entries(shapes)) {
      assert.ok(statements.length > 0, `${shape} prepared its statements`);
      for (const source of statements) {
        const plan = (
          db.prepare(`EXPLAIN QUERY PLAN ${source}`).all(anyValues) as {
            detail: string;
          }[]
        )
          .map((row) => row.detail)
          .join(' | ');
        assert.doesNotMatch(plan, /TEMP B-TREE/, `${shape}: ${plan}`);
        // Under three characters the trigram index cannot help: such a
        // filter walks the table, in key order, and stops at a full page.
        if (shape !== 'shortContains') {
          assert.doesNotMatch(
            plan,
            /\bSCAN s\b(?! USING)/,
            `${shape}: ${plan}`,
          );
        }
      }
    }
  });
});

function deleteSessions(db: Db, sessionIds: readonly string[]): void {
  const remove = db.prepare('DELETE FROM sessions WHERE session_id = ?');
  for (const sessionId of sessionIds) remove.run(sessionId);
}
