import type Database from 'better-sqlite3';

import {
  limits,
  type OwnSessionJson,
  type QueryResultJson,
  type SessionClientJson,
  type SessionDetailsJson,
  type SessionQueryParams,
  type UserSessionJson,
} from '../../shared/contract/index.ts';
import type { Db } from '../database.ts';
import { ResultsTokens, scopeOf } from './results-token.ts';

export {
  InvalidResultsTokenError,
  isInvalidResultsTokenError,
} from './results-token.ts';

/**
 * The session API's reads: the admin query, paged by key as Duende pages
 * it, and a user's own list. Only signed-in, unexpired sessions are ever
 * returned, and only the columns the contract shows, never the payload.
 */

/** The columns of `sessions` a session's JSON is made from. */
export interface SessionRow {
  key: number;
  session_id: string;
  subject_id: string;
  display_name: string | null;
  created: number;
  renewed: number;
  expires: number | null;
  client_ids: string;
  identity_provider: string | null;
  auth_methods: string | null;
  auth_time: number | null;
  user_agent: string | null;
  ip_address: string | null;
}

/** The select list for `SessionRow`, for a `sessions` table aliased `s`. */
export const sessionRowColumns =
  's.key, s.session_id, s.subject_id, s.display_name, s.created, ' +
  's.renewed, s.expires, s.client_ids, s.identity_provider, ' +
  's.auth_methods, s.auth_time, s.user_agent, s.ip_address';

export interface SessionJsonContext {
  issuer: string;
  describeClient: (clientId: string) => SessionClientJson | undefined;
}

export interface SessionStoreOptions extends SessionJsonContext {
  /** Signs paging tokens. */
  secret: string;

  /** The clock, in ms since the epoch; tests replace it. */
  now?: () => number;

  /**
   * A client with at most this many signed-in sessions leads a query that
   * also has a trigram search: reading all its rows costs less than
   * confirming a common trigram's candidates one by one, and no more than
   * a count does. A client with more is checked per candidate instead.
   * `containsCountLimit` unless told otherwise; tests lower it to reach
   * both ways at a small size.
   */
  clientLeadLimit?: number;
}

/**
 * A contains filter counts at most this many matches. Beyond it the three
 * counts are null (the contract allows it), because an exact count of a
 * common substring means reading every matching session on every page.
 * Queries without a contains filter are counted from indexes, always.
 */
export const containsCountLimit = 10_000;

/** The most trigrams a search asks the index for; LIKE checks the rest. */
const maxTrigrams = 12;

type Field = 'subjectId' | 'sessionId' | 'displayName';

const fields: readonly Field[] = ['subjectId', 'sessionId', 'displayName'];

const columnOf: Record<Field, string> = {
  subjectId: 'subject_id',
  sessionId: 'session_id',
  displayName: 'display_name',
};

/** Fields the trigram index `sessions_search` covers. */
const searchable: ReadonlySet<Field> = new Set(['subjectId', 'displayName']);

type Statement<Result> = Database.Statement<[Record<string, unknown>], Result>;

/** The statements one combination of filters needs. */
interface QueryStatements {
  after: Statement<SessionRow>;
  before: Statement<SessionRow>;
  anyBefore: Statement<number>;
  anyAfter: Statement<number>;
  count: Statement<number>;
}

interface Plan {
  /** Names the statements' shape, for the statement cache. */
  shape: string;
  params: Record<string, unknown>;
  sql: { from: string; key: string; where: string; count: string };
  capped: boolean;
}

export class SessionStore {
  readonly #db: Db;
  readonly #context: SessionJsonContext;
  readonly #tokens: ResultsTokens;
  readonly #now: () => number;
  readonly #clientLeadLimit: number;
  readonly #statements = new Map<string, QueryStatements>();
  readonly #own: Statement<SessionRow>;
  readonly #clientRows: Database.Statement<[string], number>;

  constructor(db: Db, options: SessionStoreOptions) {
    this.#db = db;
    this.#context = {
      issuer: options.issuer,
      describeClient: options.describeClient,
    };
    this.#now = options.now ?? Date.now;
    this.#clientLeadLimit = options.clientLeadLimit ?? containsCountLimit;
    this.#tokens = new ResultsTokens(options.secret, { now: this.#now });

    // The current session sorts first even when the list is cut short.
    this.#own = db.prepare<Record<string, unknown>, SessionRow>(
      `SELECT ${sessionRowColumns} FROM sessions s
       WHERE s.subject_id = @subjectId
         AND (s.expires IS NULL OR s.expires > @now)
       ORDER BY s.session_id IS @current DESC, s.created DESC, s.key DESC
       LIMIT @limit`,
    );
    this.#clientRows = db
      .prepare<[string], number>(
        'SELECT rows FROM session_client_count WHERE client_id = ?',
      )
      .pluck();
  }

  /**
   * One page of sessions matching every given filter. With a results token
   * it pages on from the page that token came with, or back from it when
   * `requestPriorResults` is set.
   */
  query(params: SessionQueryParams): QueryResultJson<UserSessionJson> {
    const size = params.countRequested;
    const clientRows =
      params.clientId === undefined
        ? 0
        : (this.#clientRows.get(params.clientId) ?? 0);
    const plan = planQuery(params, {
      now: this.#now(),
      clientLeads: clientRows <= this.#clientLeadLimit,
    });
    const scope = scopeOf(['sessions', ...normalisedFilter(params)]);
    const bounds =
      params.resultsToken === undefined
        ? undefined
        : this.#tokens.read(params.resultsToken, scope);
    const statements = this.#statementsFor(plan);
    const backward = bounds !== undefined && params.requestPriorResults;

    // One read transaction, so the page and its counts see the same rows.
    return this.#db.transaction(() => {
      const args = { ...plan.params, limit: size + 1 };
      let rows: SessionRow[];
      let hasPrev: boolean;
      let hasNext: boolean;
      let page: number;
      if (backward) {
        rows = statements.before.all({ ...args, before: bounds.first });
        hasPrev = rows.length > size;
        rows = rows.slice(0, size).reverse();
        const last = rows.at(-1);
        hasNext =
          last !== undefined &&
          statements.anyAfter.get({ ...args, after: last.key }) === 1;
        page = hasPrev ? Math.max(2, bounds.page - 1) : 1;
      } else {
        const after = bounds?.last ?? Number.MIN_SAFE_INTEGER;
        rows = statements.after.all({ ...args, after });
        hasNext = rows.length > size;
        rows = rows.slice(0, size);
        const first = rows[0];
        hasPrev =
          bounds !== undefined &&
          first !== undefined &&
          statements.anyBefore.get({ ...args, before: first.key }) === 1;
        page = hasPrev && bounds !== undefined ? bounds.page + 1 : 1;
      }

      const first = rows[0];
      const last = rows.at(-1);
      if (first === undefined || last === undefined)
        return emptyPage<UserSessionJson>();

      // A lone page is its own count; otherwise the count is its own read.
      const counted =
        !hasPrev && !hasNext
          ? rows.length
          : statements.count.get({
              ...plan.params,
              cap: containsCountLimit + 1,
            });
      const totalCount =
        counted === undefined || (plan.capped && counted > containsCountLimit)
          ? null
          : counted;
      const totalPages =
        totalCount === null ? null : Math.ceil(totalCount / size);

      // The page number travels in the token, so rows deleted or added
      // since can leave it off by some; it is kept within what is known:
      // page 1 when nothing comes before, never past the last page.
      const currentPage = Math.max(
        1,
        Math.min(hasPrev ? Math.max(page, 2) : 1, totalPages ?? page),
      );

      return {
        resultsToken: this.#tokens.issue(
          { first: first.key, last: last.key, page: currentPage },
          scope,
        ),
        hasPrevResults: hasPrev,
        hasNextResults: hasNext,
        totalCount,
        totalPages,
        currentPage,
        results: rows.map((row) => toUserSession(row, this.#context)),
      };
    })();
  }

  /**
   * A subject's own sessions, matched exactly: the one in use first (by
   * its session id, the payload's `uid`), then the newest, at most
   * `limits.selfSessions`.
   */
  listOwn(
    subjectId: string,
    currentSessionId: string | undefined,
  ): OwnSessionJson[] {
    const rows = this.#own.all({
      subjectId,
      current: currentSessionId ?? null,
      now: this.#now(),
      limit: limits.selfSessions,
    });

    return rows.map((row) => ({
      ...toUserSession(row, this.#context),
      current: row.session_id === currentSessionId,
    }));
  }

  /** The JSON of one row, with this store's issuer and clients. */
  toUserSession(row: SessionRow): UserSessionJson {
    return toUserSession(row, this.#context);
  }

  #statementsFor(plan: Plan): QueryStatements {
    const cached = this.#statements.get(plan.shape);
    if (cached) return cached;

    const { from, key, where, count } = plan.sql;
    const select = `SELECT ${sessionRowColumns} FROM ${from} WHERE ${where}`;
    const exists = `SELECT EXISTS (SELECT 1 FROM ${from} WHERE ${where}`;
    const statements: QueryStatements = {
      after: this.#db.prepare<Record<string, unknown>, SessionRow>(
        `${select} AND ${key} > @after ORDER BY ${key} LIMIT @limit`,
      ),
      before: this.#db.prepare<Record<string, unknown>, SessionRow>(
        `${select} AND ${key} < @before ORDER BY ${key} DESC LIMIT @limit`,
      ),
      anyBefore: this.#db
        .prepare<Record<string, unknown>, number>(
          `${exists} AND ${key} < @before)`,
        )
        .pluck(),
      anyAfter: this.#db
        .prepare<Record<string, unknown>, number>(
          `${exists} AND ${key} > @after)`,
        )
        .pluck(),
      count: this.#db.prepare<Record<string, unknown>, number>(count).pluck(),
    };
    this.#statements.set(plan.shape, statements);
    return statements;
  }
}

/**
 * The SQL for one query. Exact filters compare whole values through the
 * indexes. Contains filters are LIKE patterns with every wildcard escaped,
 * so input is literal and ASCII letters match in either case; those of
 * three or more characters on subject or display name first ask the
 * trigram index for candidates, which LIKE then confirms, so the index
 * only has to be a superset and its own case folding cannot leak through.
 * Any other contains filter (a session id fragment, or under three
 * characters) reads the table in key order until the page is full: quick
 * for a common fragment, a whole-table scan for a rare one (about half a
 * second at a million sessions). A client filter narrows that walk to the
 * client's own sessions. `clientLeads` says whether the client is rare
 * enough to lead a trigram search too.
 */
function planQuery(
  params: SessionQueryParams,
  context: { now: number; clientLeads: boolean },
): Plan {
  const { now } = context;
  const exact = params.match === 'exact';
  const values = fields.flatMap((field) => {
    const value = params[field];
    return value === undefined ? [] : [{ field, value }];
  });
  const search: string[] = [];
  const filters: string[] = [];
  const sqlParams: Record<string, unknown> = { now };
  const shape: string[] = [params.match];

  for (const { field, value } of values) {
    const column = `s.${columnOf[field]}`;
    if (exact) {
      filters.push(`${column} = @${field}`);
      sqlParams[field] = value;
      shape.push(field);
      continue;
    }

    filters.push(`${column} LIKE @${field} ESCAPE '\\'`);
    sqlParams[field] = `%${value.replace(/[\\%_]/g, '\\$&')}%`;
    const grams = searchable.has(field) ? trigrams(value) : null;
    if (grams) {
      search.push(`${columnOf[field]} : (${grams.join(' AND ')})`);
    }
    shape.push(grams ? `${field}~` : field);
  }

  // A client filter is a lookup in `session_clients` per candidate when
  // an exact filter already picks few candidates. Otherwise the client's
  // rows lead, in key order, so a rare client is never found by walking
  // every session; a trigram search leads instead only for a client with
  // many sessions, since its candidates may then be the fewer.
  const clientId = params.clientId;
  const clientLeads =
    clientId !== undefined &&
    !(exact && values.length > 0) &&
    (search.length === 0 || context.clientLeads);
  if (clientId !== undefined) {
    sqlParams.clientId = clientId;
    shape.push(clientLeads ? 'client>' : 'client');
  }
  if (clientId !== undefined && !clientLeads) {
    filters.push(
      'EXISTS (SELECT 1 FROM session_clients sc' +
        ' WHERE sc.client_id = @clientId AND sc.session_key = s.key)',
    );
  }

  // LIKE decides every contains filter; the trigram index only narrows.
  const viaSearch = search.length > 0 && !clientLeads;
  if (viaSearch) sqlParams.search = search.join(' AND ');

  // The unary + keeps the planner off the subject index for this test, so
  // pages and scans walk the table in key order: through that index they
  // would read the table in random order, or sort all of it. CROSS JOIN
  // is SQLite's way of fixing the order of a join: the client's rows
  // first, then each of their sessions.
  const live = '(s.expires IS NULL OR s.expires > @now)';
  const from = viaSearch
    ? 'sessions_search JOIN sessions s ON s.key = sessions_search.rowid'
    : clientLeads
      ? 'session_clients sc CROSS JOIN sessions s ON s.key = sc.session_key'
      : 'sessions s';
  const lead = viaSearch
    ? 'sessions_search MATCH @search AND '
    : clientLeads
      ? 'sc.client_id = @clientId AND '
      : '';
  const where =
    lead +
    `+s.subject_id IS NOT NULL AND ${live}` +
    filters.map((filter) => ` AND ${filter}`).join('');
  const capped = !exact && values.length > 0;

  return {
    shape: shape.join(' '),
    params: sqlParams,
    capped,
    sql: {
      from,
      key: viaSearch
        ? 'sessions_search.rowid'
        : clientLeads
          ? 'sc.session_key'
          : 's.key',
      where,
      count: countSql({ from, where, capped, values, clientId }),
    },
  };
}

/**
 * How a query counts its matches. Without filters, or with a client
 * alone, the count is a figure kept by triggers (see the `session_count`
 * and `session_client_count` migrations) less the expired rows not yet
 * swept, an index range, so no page reads the table. The subject-less
 * rows that the unfiltered figure includes are an index range too; the
 * client figure has none, since `session_clients` leaves them out.
 */
function countSql(query: {
  from: string;
  where: string;
  capped: boolean;
  values: readonly unknown[];
  clientId: string | undefined;
}): string {
  const { from, where, capped, values, clientId } = query;
  if (values.length === 0 && clientId === undefined) {
    return (
      'SELECT (SELECT rows FROM session_count)' +
      ' - (SELECT count(*) FROM sessions WHERE subject_id IS NULL)' +
      ' - (SELECT count(*) FROM sessions' +
      ' WHERE expires <= @now AND subject_id IS NOT NULL)'
    );
  }
  if (values.length === 0) {
    return (
      'SELECT coalesce((SELECT rows FROM session_client_count' +
      ' WHERE client_id = @clientId), 0)' +
      ' - (SELECT count(*) FROM sessions s CROSS JOIN session_clients sc' +
      ' WHERE s.expires <= @now AND sc.client_id = @clientId' +
      ' AND sc.session_key = s.key)'
    );
  }
  if (capped) {
    return (
      `SELECT count(*) FROM (SELECT 1 FROM ${from} WHERE ${where}` +
      ' LIMIT @cap)'
    );
  }
  return `SELECT count(*) FROM ${from} WHERE ${where}`;
}

/**
 * The trigrams of `value` as quoted FTS5 strings, spread evenly over it
 * when there are many, or null when the index cannot help: fewer than
 * three characters, or control characters the query syntax cannot carry.
 */
function trigrams(value: string): string[] | null {
  const characters = Array.from(value.toLowerCase());
  const control = characters.some((character) => character < ' ');
  if (characters.length < 3 || control) return null;

  const all = new Set<string>();
  for (let index = 0; index + 3 <= characters.length; index++) {
    all.add(characters.slice(index, index + 3).join(''));
  }
  const distinct = [...all];
  const step = Math.max(1, (distinct.length - 1) / (maxTrigrams - 1));
  const chosen = new Set<string>();
  for (let index = 0; index < distinct.length; index += step) {
    chosen.add(distinct[Math.round(index)] as string);
  }
  chosen.add(distinct.at(-1) as string);
  return [...chosen].map((gram) => `"${gram.replaceAll('"', '""')}"`);
}

/**
 * The filter as it decides the results: contains matching ignores ASCII
 * case, so its values are lowered; without those filters the mode is
 * moot. The client, always exact, is added only when given, so the
 * tokens of queries without one keep the scope they had before the
 * client filter existed.
 */
function normalisedFilter(params: SessionQueryParams): (string | null)[] {
  const present = fields.some((field) => params[field] !== undefined);
  const lower = params.match === 'contains';
  return [
    present ? params.match : null,
    ...fields.map((field) => {
      const value = params[field];
      if (value === undefined) return null;
      return lower ? value.replace(/[A-Z]/g, (c) => c.toLowerCase()) : value;
    }),
    ...(params.clientId === undefined ? [] : [`client:${params.clientId}`]),
  ];
}

/**
 * Duende's answer past the last row: no token, zero counts. Shared with
 * the removal history, which pages the same way.
 */
export function emptyPage<Item>(): QueryResultJson<Item> {
  return {
    resultsToken: null,
    hasPrevResults: false,
    hasNextResults: false,
    totalCount: 0,
    totalPages: 0,
    currentPage: null,
    results: [],
  };
}

/** The contract's JSON for one row: ISO times, known details only. */
export function toUserSession(
  row: SessionRow,
  context: SessionJsonContext,
): UserSessionJson {
  const clientIds = clientIdsOf(row.client_ids);
  return {
    subjectId: row.subject_id,
    sessionId: row.session_id,
    displayName: row.display_name,
    created: new Date(row.created).toISOString(),
    renewed: new Date(row.renewed).toISOString(),
    expires: row.expires === null ? null : new Date(row.expires).toISOString(),
    issuer: context.issuer,
    clientIds,
    // A client the host no longer knows still shows, by its id alone.
    clients: clientIds.map(
      (clientId) =>
        context.describeClient(clientId) ?? {
          clientId,
          displayName: null,
          backchannelLogout: false,
        },
    ),
    ...detailsOf(row),
  };
}

function detailsOf(row: SessionRow): { details?: SessionDetailsJson } {
  const details: SessionDetailsJson = {};
  const methods = parseStringList(row.auth_methods);
  if (row.identity_provider !== null) {
    details.identityProvider = row.identity_provider;
  }
  if (methods) details.authenticationMethods = methods;
  if (row.auth_time !== null) {
    details.authTime = new Date(row.auth_time).toISOString();
  }
  if (row.user_agent !== null) details.userAgent = row.user_agent;
  if (row.ip_address !== null) details.ipAddress = row.ip_address;

  return Object.keys(details).length > 0 ? { details } : {};
}

/**
 * The text entries of the client list, none when it is not a JSON array:
 * the rule the `session_clients` triggers follow, so the client filter
 * finds a session exactly when its JSON lists that client.
 */
function clientIdsOf(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter((item): item is string => typeof item === 'string');
}

/** A JSON array of strings, or null when the column holds anything else. */
function parseStringList(text: string | null): string[] | null {
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) &&
      parsed.every((item) => typeof item === 'string')
      ? parsed
      : null;
  } catch {
    return null;
  }
}
