import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { relyingPartyIds } from '../idp/clients.ts';
import { openDatabase, type Db } from '../idp/database.ts';
import { defaultOptions } from '../idp/options.ts';
import { seedSessions } from '../idp/seed.ts';
import { startIdp } from '../idp/server.ts';
import { ResultsTokens, scopeOf } from '../idp/sessions/results-token.ts';
import {
  SessionStore,
  sessionRowColumns,
  type SessionRow,
} from '../idp/sessions/store.ts';
import type { SessionQueryParams } from '../shared/contract/index.ts';
import { adminToken, getWithToken } from './idp-client.ts';
import { sample, type SampleOptions } from './stats.ts';
import { within, type ResultRow } from './table.ts';

/**
 * Query at scale: the reference IdP over a seeded database of `size`
 * sessions, asked for four kinds of page through its HTTP API with a real
 * admin token, each beside the same page read the naive way (OFFSET
 * paging, an unindexed LIKE scan, a full count) on the same database.
 */

const pageSize = 25;

/** Our side is quick, so it gets many runs; the naive side a time budget. */
const ourRuns: SampleOptions = { warmup: 20, runs: 300, budgetMs: 4_000 };
const naiveRuns: SampleOptions = {
  warmup: 2,
  runs: 100,
  budgetMs: 3_000,
  minRuns: 5,
};

/** The display name fragment for the contains rows: about 4 % of names. */
const nameFragment = 'smith';

/** Under three characters, so the trigram index cannot help. */
const shortFragment = 'sm';

interface QueryCase {
  name: string;
  /** The session API's query string. */
  params: Record<string, string>;
  /** The same query asked of the store in process, without HTTP. */
  direct: () => unknown;
  /** The alternative, as SQL on the same database. */
  alternative: string;
  naive: () => unknown;
  target: { ms: number; atSize: number } | null;
  note?: string;
}

export async function benchQueries(size: number): Promise<ResultRow[]> {
  const label = size.toLocaleString('en');
  const directory = mkdtempSync(join(tmpdir(), 'session-bench-'));
  const databasePath = join(directory, 'idp.sqlite');
  const rows: ResultRow[] = [];

  try {
    const seeded = seed(databasePath, size);
    rows.push({
      group: 'seeding',
      name: 'seedSessions, one run',
      size: label,
      unit: 's',
      ours: { p50: seeded / 1000, p95: seeded / 1000, runs: 1 },
      alternative: '-',
      theirs: null,
      target: size === 1_000_000 ? '< 60 s at 1,000,000' : '-',
      verdict: size === 1_000_000 ? within(seeded, 60_000) : 'no target',
      note: '',
    });

    const secret = 'bench-secret-not-for-anything-else';
    const idp = await startIdp({
      ...defaultOptions,
      port: 0,
      databasePath,
      secret,
    });
    try {
      const token = await adminToken(idp.issuer);
      const store = new SessionStore(idp.db, {
        secret,
        issuer: idp.issuer,
        describeClient: () => undefined,
      });
      const cases = queryCases(idp.db, store, secret, size);
      for (const query of cases) {
        rows.push(
          ...(await measureCase(
            query,
            label,
            size,
            idp.sessionEndpoint,
            token,
          )),
        );
      }
    } finally {
      await idp.close();
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return rows;
}

function seed(databasePath: string, size: number): number {
  const db = openDatabase(databasePath);
  try {
    const report = seedSessions(db, size, {
      issuer: 'http://127.0.0.1',
      clientIds: relyingPartyIds,
    });
    return report.ms;
  } finally {
    db.close();
  }
}

async function measureCase(
  query: QueryCase,
  label: string,
  size: number,
  endpoint: string,
  token: string,
): Promise<ResultRow[]> {
  const url = `${endpoint}?${new URLSearchParams(query.params).toString()}`;
  const first = (await getWithToken(url, token)) as { results: unknown[] };
  if (first.results.length === 0) {
    throw new Error(`${query.name} found no sessions; the bench is broken`);
  }

  const ours = await sample(() => getWithToken(url, token), ourRuns);
  const theirs = await sample(query.naive, naiveRuns);
  const target = query.target;
  const applies = target !== null && size === target.atSize;

  const direct = await sample(query.direct, ourRuns);

  return [
    {
      group: 'query',
      name: `${query.name}, HTTP`,
      size: label,
      unit: 'ms',
      ours,
      alternative: query.alternative,
      theirs,
      target: target === null ? '-' : `p95 <= ${target.ms} ms at 1,000,000`,
      verdict: applies ? within(ours.p95, target.ms) : 'no target',
      note: query.note ?? '',
    },
    {
      group: 'query',
      name: `${query.name}, store only`,
      size: label,
      unit: 'ms',
      ours: direct,
      alternative: '-',
      theirs: null,
      target: '-',
      verdict: 'no target',
      note: 'in process, no HTTP, token check or JSON text',
    },
  ];
}

function queryCases(
  db: Db,
  store: SessionStore,
  secret: string,
  size: number,
): QueryCase[] {
  const naive = naiveQueries(db, store);
  const live = liveCount(db);
  const middle = Math.floor(live / 2 / pageSize) * pageSize;
  const subjectId = db
    .prepare('SELECT subject_id FROM sessions WHERE key = ?')
    .pluck()
    .get(Math.ceil(size / 2)) as string;
  const base = { countRequested: String(pageSize) };
  const ask = (params: Partial<SessionQueryParams>) => () =>
    store.query({
      match: 'contains',
      requestPriorResults: false,
      countRequested: pageSize,
      ...params,
    });
  const deep = deepToken(db, secret, middle);

  return [
    {
      name: 'first page',
      params: base,
      direct: ask({}),
      alternative: 'OFFSET 0 + count(*)',
      naive: () => naive.page(0),
      target: { ms: 10, atSize: 1_000_000 },
    },
    {
      name: `deep page (page ${middle / pageSize + 1}) by token`,
      params: { ...base, resultsToken: deep },
      direct: ask({ resultsToken: deep }),
      alternative: `OFFSET ${middle} + count(*)`,
      naive: () => naive.page(middle),
      target: { ms: 10, atSize: 1_000_000 },
    },
    {
      name: 'exact subjectId',
      params: { ...base, match: 'exact', subjectId },
      direct: ask({ match: 'exact', subjectId }),
      alternative: "subjectId LIKE '%id%' scan",
      naive: () => naive.contains('subject_id', subjectId),
      target: { ms: 10, atSize: 1_000_000 },
    },
    {
      name: `contains displayName '${nameFragment}'`,
      params: { ...base, displayName: nameFragment },
      direct: ask({ displayName: nameFragment }),
      alternative: "LIKE '%x%' scan + count(*)",
      naive: () => naive.contains('display_name', nameFragment),
      target: { ms: 25, atSize: 1_000_000 },
    },
    {
      name: `contains displayName '${shortFragment}'`,
      params: { ...base, displayName: shortFragment },
      direct: ask({ displayName: shortFragment }),
      alternative: "LIKE '%x%' scan + count(*)",
      naive: () => naive.contains('display_name', shortFragment),
      target: null,
      note: 'under 3 characters: no trigram index, a capped scan',
    },
  ];
}

/**
 * A token for the page that starts `offset` sessions in, signed with the
 * IdP's secret exactly as the IdP would have signed it for a client that
 * paged there one page at a time (which at a million sessions would take
 * twenty thousand requests before the first timed one).
 */
function deepToken(db: Db, secret: string, offset: number): string {
  const keys = db
    .prepare(
      `SELECT key FROM sessions s
       WHERE s.subject_id IS NOT NULL
         AND (s.expires IS NULL OR s.expires > ?)
       ORDER BY key LIMIT ? OFFSET ?`,
    )
    .pluck()
    .all(Date.now(), pageSize, Math.max(0, offset - pageSize)) as number[];
  const unfiltered = scopeOf(['sessions', null, null, null, null]);
  return new ResultsTokens(secret).issue(
    {
      first: keys[0] ?? 0,
      last: keys.at(-1) ?? 0,
      page: Math.max(1, offset / pageSize),
    },
    unfiltered,
  );
}

function liveCount(db: Db): number {
  return db
    .prepare(
      `SELECT count(*) FROM sessions
       WHERE subject_id IS NOT NULL AND (expires IS NULL OR expires > ?)`,
    )
    .pluck()
    .get(Date.now()) as number;
}

/**
 * The same pages as a straightforward store would read them: skip rows
 * with OFFSET, filter with a LIKE the planner can only answer by reading
 * the table, and count every match. Rows become the same JSON as ours.
 */
function naiveQueries(db: Db, store: SessionStore) {
  const live =
    's.subject_id IS NOT NULL AND (s.expires IS NULL OR s.expires > @now)';
  const page = db.prepare<Record<string, unknown>, SessionRow>(
    `SELECT ${sessionRowColumns} FROM sessions s WHERE ${live}
     ORDER BY s.key LIMIT @limit OFFSET @offset`,
  );
  const count = db
    .prepare<Record<string, unknown>, number>(
      `SELECT count(*) FROM sessions s WHERE ${live}`,
    )
    .pluck();
  const filtered = (column: string) => ({
    page: db.prepare<Record<string, unknown>, SessionRow>(
      `SELECT ${sessionRowColumns} FROM sessions s
       WHERE ${live} AND s.${column} LIKE @pattern
       ORDER BY s.key LIMIT @limit`,
    ),
    count: db
      .prepare<Record<string, unknown>, number>(
        `SELECT count(*) FROM sessions s
         WHERE ${live} AND s.${column} LIKE @pattern`,
      )
      .pluck(),
  });
  const byColumn = {
    subject_id: filtered('subject_id'),
    display_name: filtered('display_name'),
  };

  return {
    page(offset: number) {
      const args = { now: Date.now(), limit: pageSize + 1, offset };
      const rows = page.all(args).slice(0, pageSize);
      return {
        total: count.get(args),
        rows: rows.map((row) => store.toUserSession(row)),
      };
    },
    contains(column: keyof typeof byColumn, fragment: string) {
      const statements = byColumn[column];
      const args = {
        now: Date.now(),
        limit: pageSize + 1,
        pattern: `%${fragment}%`,
      };
      const rows = statements.page.all(args).slice(0, pageSize);
      return {
        total: statements.count.get(args),
        rows: rows.map((row) => store.toUserSession(row)),
      };
    },
  };
}
