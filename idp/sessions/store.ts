import type Database from 'better-sqlite3';

import {
  limits,
  type OwnSessionJson,
  type QueryResultJson,
  type SessionQueryParams,
  type UserSessionJson,
} from '../../shared/contract/index.ts';
import type { Db } from '../database.ts';
import {
  emptyPage,
  filledPage,
  readSlice,
  type KeysetWalk,
} from '../keyset-paging.ts';
import {
  containsCountLimit,
  normalisedFilter,
  planQuery,
  type Plan,
} from './query-plan.ts';
import { ResultsTokens, scopeOf } from './results-token.ts';
import {
  sessionRowColumns,
  toUserSession,
  type SessionJsonContext,
  type SessionRow,
} from './session-json.ts';

export {
  InvalidResultsTokenError,
  isInvalidResultsTokenError,
} from './results-token.ts';
export { containsCountLimit } from './query-plan.ts';
export {
  sessionRowColumns,
  toUserSession,
  type SessionJsonContext,
  type SessionRow,
} from './session-json.ts';

/**
 * The session API's reads: the admin query, paged by key as Duende pages
 * it, and a user's own list. Only signed-in, unexpired sessions are ever
 * returned, and only the columns the contract shows, never the payload.
 */

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

type Statement<Result> = Database.Statement<[Record<string, unknown>], Result>;

/** The statements one combination of filters needs. */
interface QueryStatements {
  after: Statement<SessionRow>;
  before: Statement<SessionRow>;
  anyBefore: Statement<number>;
  anyAfter: Statement<number>;
  count: Statement<number>;
}

export class SessionStore {
  readonly #db: Db;
  readonly #context: SessionJsonContext;
  readonly #tokens: ResultsTokens;
  readonly #now: () => number;
  readonly #clientLeadLimit: number;
  readonly #statements = new Map<string, QueryStatements>();
  readonly #own: Statement<SessionRow>;
  readonly #ownIds: Database.Statement<[string], string>;
  readonly #owned: Database.Statement<[string, string], number>;
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
    this.#ownIds = db
      .prepare<[string], string>(
        'SELECT session_id FROM sessions WHERE subject_id = ? ORDER BY key',
      )
      .pluck();
    this.#owned = db
      .prepare<[string, string], number>(
        'SELECT 1 FROM sessions WHERE session_id = ? AND subject_id = ?',
      )
      .pluck();
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
      clientIsRare: clientRows <= this.#clientLeadLimit,
    });
    const scope = scopeOf(['sessions', ...normalisedFilter(params)]);
    const bounds =
      params.resultsToken === undefined
        ? undefined
        : this.#tokens.read(params.resultsToken, scope);
    const statements = this.#statementsFor(plan);
    const backward = bounds !== undefined && params.requestPriorResults;

    const walk: KeysetWalk<SessionRow> = {
      after: (key, limit) =>
        statements.after.all({
          ...plan.params,
          limit,
          after: key ?? Number.MIN_SAFE_INTEGER,
        }),
      before: (key, limit) =>
        statements.before.all({ ...plan.params, limit, before: key }),
      anyAfter: (key) =>
        statements.anyAfter.get({ ...plan.params, after: key }) === 1,
      anyBefore: (key) =>
        statements.anyBefore.get({ ...plan.params, before: key }) === 1,
    };

    // One read transaction, so the page and its counts see the same rows.
    return this.#db.transaction(() => {
      const slice = readSlice(walk, size, bounds, backward);
      const { rows, hasPrev, hasNext } = slice;
      if (rows.length === 0) return emptyPage<UserSessionJson>();

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
      const page =
        bounds === undefined || !hasPrev
          ? 1
          : backward
            ? Math.max(2, bounds.page - 1)
            : bounds.page + 1;
      const currentPage = Math.max(
        1,
        Math.min(hasPrev ? Math.max(page, 2) : 1, totalPages ?? page),
      );

      return filledPage(
        slice,
        { totalCount, totalPages, currentPage },
        (pageBounds) => this.#tokens.issue(pageBounds, scope),
        (row) => toUserSession(row, this.#context),
      );
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
  /**
   * Every session id of a subject, matched exactly, expired ones too: what
   * a self-service removal may target. `listOwn` stops at a page's worth,
   * which must not decide what "sign out everywhere" reaches.
   */
  ownSessionIds(subjectId: string): string[] {
    return this.#ownIds.all(subjectId);
  }

  /** Whether `sessionId` is one of the subject's, expired or not. */
  ownsSession(subjectId: string, sessionId: string): boolean {
    return this.#owned.get(sessionId, subjectId) !== undefined;
  }

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
