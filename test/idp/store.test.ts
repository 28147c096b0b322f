import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  client_ids: string;
}

type Filter = Partial<
  Record<'subjectId' | 'sessionId' | 'displayName' | 'clientId', string>
>;

interface HandMade {
  subjectId: string | null;
  name?: string | null;
  email?: string | null;
  sessionId?: string;
  created?: number;
  expires?: number | null;
  userAgent?: string | null;
  clientIds?: string[];
  /** The client list column as written, when it should not be JSON. */
  clientIdsText?: string;
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
    session.clientIdsText ?? JSON.stringify(session.clientIds ?? ['spa']),
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
    rare: addSession(db, { subjectId: 'r-1', clientIds: ['rare', 'spa'] }),
    rareTwice: addSession(db, { subjectId: 'r-1', clientIds: ['rare'] }),
    rareOther: addSession(db, { subjectId: 'r-2', clientIds: ['rare'] }),
    rareAnonymous: addSession(db, { subjectId: null, clientIds: ['rare'] }),
    rareExpired: addSession(db, {
      subjectId: 'r-3',
      clientIds: ['rare'],
      expires: Date.now() - minute,
    }),
    rareMixedList: addSession(db, {
      subjectId: 'r-4',
      clientIdsText: '["rare", 5, null]',
    }),
    rareAsKey: addSession(db, {
      subjectId: 'r-5',
      clientIdsText: '{"rare":1}',
    }),
    rareNotJson: addSession(db, { subjectId: 'r-6', clientIdsText: 'rare' }),
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

/** The clients a raw list names: the strings of a JSON array, or none. */
function listedClients(text: string): string[] {
  try {
    const list: unknown = JSON.parse(text);
    return Array.isArray(list)
      ? list.filter((item) => typeof item === 'string')
      : [];
  } catch {
    return [];
  }
}

/** What a query must return, worked out in plain JS from the raw rows. */
/**
 * Pages 1 and 2 of `query`, 100 a page, are `matching`'s first sessions,
 * numbered, with no counts.
 */
function assertUncounted(
  store: SessionStore,
  query: SessionQueryParams,
  matching: readonly string[],
): void {
  const first = store.query(query);
  const next = store.query({ ...query, resultsToken: first.resultsToken! });
  assert.deepEqual(
    [first.totalCount, first.totalPages, first.currentPage],
    [null, null, 1],
  );
  assert.equal(next.currentPage, 2);
  assert.deepEqual(
    first.results.concat(next.results).map((s) => s.sessionId),
    matching.slice(0, 200),
  );
}

function expectedIds(db: Db, filter: Filter, match: MatchMode): string[] {
  const now = Date.now();
  const rows = db
    .prepare(
      `SELECT key, session_id, subject_id, display_name, expires, client_ids
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
        compare(row.display_name, filter.displayName) &&
        (filter.clientId === undefined ||
          listedClients(row.client_ids).includes(filter.clientId)),
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
// Every client of the population is small enough to lead a search; this
// store makes every client look too large, so searches lead instead.
const searchLeadStore = storeFor(shared.db, { clientLeadLimit: 0 });
const sample = shared.db
  .prepare(
    `SELECT subject_id, session_id, display_name, client_ids FROM sessions
     WHERE display_name LIKE '% %' AND expires > ? ORDER BY key LIMIT 1
     OFFSET 1234`,
  )
  .get(Date.now()) as {
  subject_id: string;
  session_id: string;
  display_name: string;
  client_ids: string;
};
const sampleClient = listedClients(sample.client_ids)[0] ?? 'spa';

describe('filters', () => {
  const fieldNames = [
    'subjectId',
    'sessionId',
    'displayName',
    'clientId',
  ] as const;
  // The client filter is exact in both modes, so a client id in another
  // case or a fragment of one must find nothing.
  const clientValues = [
    sampleClient,
    'rare',
    'Rare',
    sampleClient.slice(1),
    'nobody-signs-in-here',
  ];
  const valuesFor: Record<MatchMode, Record<string, string[]>> = {
    exact: {
      subjectId: [sample.subject_id, '1', 'r-1'],
      sessionId: [sample.session_id],
      displayName: [sample.display_name, 'ZoË Ñúñez'],
      clientId: clientValues,
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
      clientId: clientValues,
    },
  };

  for (const match of ['contains', 'exact'] as const) {
    for (let subset = 1; subset < 16; subset++) {
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

        const stores = used.includes('clientId')
          ? [sharedStore, searchLeadStore]
          : [sharedStore];
        for (const filter of combos) {
          const query = params({ ...filter, match, countRequested: 40 });
          const expected = expectedIds(shared.db, filter, match);

          for (const [index, store] of stores.entries()) {
            const pages = pageForward(store, query);

            const seen = pages.flatMap((page) => page.results);
            const label = `${JSON.stringify(filter)} (store ${index})`;
            assert.deepEqual(
              seen.map((session) => session.sessionId),
              expected,
              label,
            );
            assert.equal(pages[0]?.totalCount, expected.length, label);
          }
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
  // Page sizes small enough that every walk has several pages, so the
  // counts come from the count statements, not from a lone page.
  const walks: [string, Filter, MatchMode, number][] = [
    ['every session', {}, 'contains', 25],
    ['one client', { clientId: sampleClient }, 'contains', 25],
    ['a rare client, past expired rows', { clientId: 'rare' }, 'exact', 1],
    [
      'one client and a short fragment',
      { clientId: 'spa', displayName: 'mi' },
      'contains',
      25,
    ],
    [
      'one client and a name search',
      { clientId: 'portal', displayName: 'son' },
      'contains',
      25,
    ],
    [
      'one client and a subject',
      { clientId: 'rare', subjectId: 'r-1' },
      'exact',
      1,
    ],
  ];

  for (const [name, filter, match, size] of walks) {
    test(`${name}: forward to the end and back sees each session once`, () => {
      const query = params({ ...filter, match, countRequested: size });
      const expected = expectedIds(shared.db, filter, match);
      const pageCount = Math.ceil(expected.length / size);

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

      assert.ok(pageCount > 1, `${name} needs more than one page`);
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
  }

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

    assert.ok(matching.length > 10_000);
    assertUncounted(store, query, matching);
    assert.equal(store.query(params()).totalCount, 12_000);
  });

  test("a substring with over 10,000 of the index's candidates is not counted, unless another filter narrows it", () => {
    const db = openDatabase(':memory:');
    db.transaction(() => {
      for (let index = 0; index < 10_050; index++) {
        addSession(db, {
          subjectId: `smith-${index}`,
          name: `Ann Smith ${index}`,
          sessionId: `broad-${index}`,
          clientIds: [index % 1000 === 0 ? 'portal' : 'spa'],
        });
      }
    })();
    const store = storeFor(db);
    const broad = params({ displayName: 'smith', countRequested: 100 });

    assertUncounted(
      store,
      broad,
      expectedIds(db, { displayName: 'smith' }, 'contains'),
    );

    // Filters the index cannot narrow: its candidates say nothing of how
    // many match, so the matches themselves are counted.
    const byId = store.query(
      params({
        displayName: 'smith',
        sessionId: 'broad-777',
        countRequested: 5,
      }),
    );
    const byClient = store.query(
      params({ displayName: 'smith', clientId: 'portal', countRequested: 5 }),
    );
    assert.equal(byId.totalCount, 11, 'broad-777 and broad-7770 to 7779');
    assert.equal(byClient.totalCount, 11, 'every thousandth session');
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

  test('a client filter is part of the scope, compared whole', () => {
    const portal = sharedStore.query(params({ clientId: 'portal' }));
    const unfiltered = sharedStore.query(params());
    const portalToken = portal.resultsToken ?? '';

    refused(params({ clientId: 'spa', resultsToken: portalToken }), 'scope');
    refused(params({ clientId: 'Portal', resultsToken: portalToken }), 'scope');
    refused(params({ resultsToken: portalToken }), 'scope');
    refused(
      params({ clientId: 'portal', subjectId: '1', resultsToken: portalToken }),
      'scope',
    );
    refused(
      params({
        clientId: 'portal',
        resultsToken: unfiltered.resultsToken ?? '',
      }),
      'scope',
    );
  });

  test('with only a client filter, the match mode does not matter', () => {
    const contains = sharedStore.query(params({ clientId: 'portal' }));

    const exact = sharedStore.query(
      params({
        clientId: 'portal',
        match: 'exact',
        resultsToken: contains.resultsToken ?? '',
      }),
    );

    assert.equal(exact.currentPage, 2);
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

/** Every (client, session key) a signed-in row lists, from the raw rows. */
function listedPairs(db: Db): string[] {
  const rows = db
    .prepare('SELECT key, subject_id, client_ids FROM sessions')
    .all() as { key: number; subject_id: string | null; client_ids: string }[];
  const pairs = rows
    .filter((row) => row.subject_id !== null)
    .flatMap((row) =>
      [...new Set(listedClients(row.client_ids))].map(
        (clientId) => `${clientId} ${row.key}`,
      ),
    );
  return pairs.sort();
}

/** What `session_clients` and its counts hold. */
function indexed(db: Db) {
  const pairs = db
    .prepare('SELECT client_id, session_key FROM session_clients')
    .all() as { client_id: string; session_key: number }[];
  const counts = db
    .prepare('SELECT client_id, rows FROM session_client_count WHERE rows > 0')
    .all() as { client_id: string; rows: number }[];
  return {
    pairs: pairs.map((row) => `${row.client_id} ${row.session_key}`).sort(),
    counts: Object.fromEntries(counts.map((row) => [row.client_id, row.rows])),
  };
}

function countsOf(pairs: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const pair of pairs) {
    const clientId = pair.slice(0, pair.lastIndexOf(' '));
    counts[clientId] = (counts[clientId] ?? 0) + 1;
  }
  return counts;
}

function assertIndexMatchesRows(db: Db, label: string): void {
  const expected = listedPairs(db);
  const actual = indexed(db);

  assert.deepEqual(actual.pairs, expected, label);
  assert.deepEqual(actual.counts, countsOf(expected), label);
}

describe('the client index', () => {
  test('follows inserts, saves, logins and deletes', () => {
    const { db } = population(600);
    const store = storeFor(db);
    const upsert = db.prepare(
      `INSERT INTO sessions (id, session_id, subject_id, created, renewed,
         client_ids, payload)
       VALUES (@id, @sessionId, @subjectId, 0, 0, @clientIds, '{}')
       ON CONFLICT (session_id) DO UPDATE SET subject_id = excluded.subject_id,
         client_ids = excluded.client_ids, renewed = excluded.renewed`,
    );
    const save = (sessionId: string, subject: string | null, list: string[]) =>
      upsert.run({
        id: `cookie-${sessionId}`,
        sessionId,
        subjectId: subject,
        clientIds: JSON.stringify(list),
      });
    const lateClientSessions = () =>
      pageForward(store, params({ clientId: 'late', countRequested: 100 }))
        .flatMap((page) => page.results)
        .map((session) => session.sessionId);
    assertIndexMatchesRows(db, 'after seeding');

    save('pending', null, ['late']);
    const whilePending = lateClientSessions();
    save('pending', 'l-1', ['late']);
    const afterLogin = lateClientSessions();
    save('pending', 'l-1', ['late', 'portal']);
    save('pending', 'l-1', ['late', 'portal']);
    assertIndexMatchesRows(db, 'after saves');
    save('pending', 'l-1', ['portal']);
    const afterLeaving = lateClientSessions();
    save('pending', 'l-1', ['late', 'late']);
    assertIndexMatchesRows(db, 'with a client listed twice');
    deleteSessions(db, ['pending']);
    db.prepare(
      'UPDATE sessions SET client_ids = \'["late"]\' WHERE key % 7 = 0',
    ).run();
    db.prepare('DELETE FROM sessions WHERE key % 11 = 0').run();
    db.prepare(
      'UPDATE sessions SET key = key + 100000 WHERE key % 13 = 0',
    ).run();

    assert.deepEqual(whilePending, []);
    assert.deepEqual(afterLogin, ['pending']);
    assert.deepEqual(afterLeaving, []);
    assertIndexMatchesRows(db, 'after bulk changes');
    assert.deepEqual(
      lateClientSessions(),
      expectedIds(db, { clientId: 'late' }, 'exact'),
    );
  });

  test('a bulk seed fills it, onto rows already there too', () => {
    const db = openDatabase(':memory:');
    seedSessions(db, 600, { issuer, clientIds, random: seededRandom(5) });
    seedSessions(db, 11_000, { issuer, clientIds, random: seededRandom(6) });

    assertIndexMatchesRows(db, 'after a bulk seed');
    assert.equal(
      storeFor(db).query(params({ clientId: 'admin' })).totalCount,
      expectedIds(db, { clientId: 'admin' }, 'exact').length,
    );
  });

  test('its migration fills it from the sessions already stored', () => {
    const folder = mkdtempSync(join(tmpdir(), 'store-test-'));
    const path = join(folder, 'idp.sqlite');
    try {
      const before = openDatabase(path);
      seedSessions(before, 500, { issuer, clientIds, random: seededRandom(8) });
      addSession(before, { subjectId: null, clientIds: ['spa'] });
      // Back to the schema before the client index, rows kept.
      before.exec(
        `DROP TABLE session_clients; DROP TABLE session_client_count;
         DROP TRIGGER sessions_clients_insert;
         DROP TRIGGER sessions_clients_delete;
         DROP TRIGGER sessions_clients_update;
         PRAGMA user_version = 3;`,
      );
      before.close();

      const after = openDatabase(path);

      assertIndexMatchesRows(after, 'after the migration');
      after.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('query plans', () => {
  test('pages, exact filters, searches, clients use indexes, never a sort', () => {
    const { db } = population(600);
    const sources: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((source: string) => {
      sources.push(source);
      return prepare(source);
    }) as Db['prepare'];
    const plain = storeFor(db);
    const run = (overrides: Partial<SessionQueryParams>, store = plain) => {
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
        `SELECT subject_id, session_id, display_name, client_ids
         FROM sessions
         WHERE length(subject_id) > 8 AND display_name IS NOT NULL LIMIT 1`,
      )
      .get() as typeof sample;
    const client = listedClients(row.client_ids)[0] ?? 'spa';
    const searchLeads = storeFor(db, { clientLeadLimit: 0 });
    const shapes = {
      unfiltered: run({}),
      exactSubject: run({ match: 'exact', subjectId: row.subject_id }),
      exactName: run({ match: 'exact', displayName: row.display_name }),
      exactSession: run({ match: 'exact', sessionId: row.session_id }),
      searchName: run({ displayName: row.display_name.slice(1, 5) }),
      searchSubject: run({ subjectId: row.subject_id.slice(1, 5) }),
      shortContains: run({ displayName: 'mi' }),
      client: run({ clientId: client }),
      clientExactSubject: run({
        match: 'exact',
        clientId: client,
        subjectId: row.subject_id,
      }),
      clientSearch: run({
        clientId: client,
        displayName: row.display_name.slice(1, 5),
      }),
      clientShortContains: run({
        clientId: client,
        displayName: row.display_name.slice(1, 3),
      }),
      clientLargeSearch: run(
        { clientId: client, displayName: row.display_name.slice(1, 5) },
        searchLeads,
      ),
    };

    const anyValues = {
      ...{ now: 0, after: 0, before: 0, limit: 1, cap: 1, current: null },
      ...{ subjectId: 'x', sessionId: 'x', displayName: 'x', search: 'x' },
      clientId: 'x',
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
        // A client's sessions are read through its own range of the
        // client table, never by walking every session or client row.
        if (shape.startsWith('client')) {
          assert.doesNotMatch(plan, /\bSCAN (s|sc)\b/, `${shape}: ${plan}`);
        }
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
