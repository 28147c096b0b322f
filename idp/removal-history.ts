import type Database from 'better-sqlite3';

import type {
  QueryResultJson,
  RemovalQueryParams,
  RemovalRecordJson,
  RemovalReportJson,
} from '../shared/contract/index.ts';
import type { Db } from './database.ts';
import type { RemovalInput } from './removal.ts';
import {
  emptyPage,
  filledPage,
  readSlice,
  type KeysetWalk,
} from './keyset-paging.ts';
import { ResultsTokens, scopeOf } from './sessions/results-token.ts';

interface RemovalRow {
  key: number;
  removal_id: string;
  at: number;
  mode: 'admin' | 'self';
  actor_subject_id: string | null;
  actor_display_name: string | null;
  actor_client_id: string;
  request: string;
  reason: string | null;
  report: string;
}

/**
 * The audit trail of removals: one row and one log line for each, whoever
 * asked and whatever it found. Rows are never updated or deleted by the
 * API.
 */
export class RemovalHistory {
  readonly #db: Db;
  readonly #log: (line: string) => void;
  readonly #tokens: ResultsTokens;
  readonly #reads: ReturnType<typeof prepareReads>;

  constructor(db: Db, secret: string, log: (line: string) => void) {
    this.#db = db;
    this.#log = log;
    this.#tokens = new ResultsTokens(secret);
    this.#reads = prepareReads(db);
  }

  /**
   * Records a removal. `subjectId` is whose sessions it was about: the
   * subject asked for, or the one subject of the sessions a removal by
   * session id found, so the history of a user shows both.
   */
  record(
    input: RemovalInput,
    report: RemovalReportJson,
    subjectId: string | null,
  ): void {
    const { selection, flags, actor } = input;
    const request: RemovalRecordJson['request'] = {
      subjectId: selection.subjectId ?? null,
      sessionIds: selection.sessionIds ? [...selection.sessionIds] : null,
      clientIds: flags.clientIds ?? null,
      removeServerSideSession: flags.removeServerSideSession,
      sendBackchannelLogoutNotification:
        flags.sendBackchannelLogoutNotification,
      revokeTokens: flags.revokeTokens,
      revokeConsents: flags.revokeConsents,
    };

    this.#db
      .prepare(
        `INSERT INTO removals (removal_id, at, mode, actor_subject_id,
           actor_display_name, actor_client_id, target_subject_id,
           target_session_id, request, reason, report)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        report.removalId,
        Date.now(),
        input.mode,
        actor.subjectId,
        actor.displayName,
        actor.clientId,
        subjectId,
        request.sessionIds?.length === 1 ? request.sessionIds[0] : null,
        JSON.stringify(request),
        input.reason,
        JSON.stringify(report),
      );

    const failed = report.backchannel.filter(
      (delivery) => delivery.status === 'failed',
    ).length;
    this.#log(
      `removal ${report.removalId} ${input.mode} ` +
        `by ${actor.subjectId ?? '-'} via ${actor.clientId}: ` +
        `subject=${request.subjectId ?? '-'} ` +
        `sessions=${request.sessionIds?.join(',') ?? 'all'} ` +
        `matched=${report.sessionsMatched} ` +
        `removed=${report.sessionsRemoved} ` +
        `tokens=${report.tokensRevoked} ` +
        `consents=${report.consentsRevoked} ` +
        `notified=${report.backchannel.length - failed}/` +
        `${report.backchannel.length}`,
    );
  }

  /**
   * One page of the history, newest first, paged by key like the session
   * query. "Next" goes to older removals. Counts are exact: the history is
   * small beside the sessions and indexed by subject.
   */
  query(params: RemovalQueryParams): QueryResultJson<RemovalRecordJson> {
    const size = params.countRequested;
    const subject = params.subjectId ?? null;
    const scope = scopeOf(['removals', subject]);
    const bounds =
      params.resultsToken === undefined
        ? undefined
        : this.#tokens.read(params.resultsToken, scope);
    const backward = bounds !== undefined && params.requestPriorResults;
    const reads = this.#reads;
    const walk: KeysetWalk<RemovalRow> = {
      after: (key, limit) =>
        reads.older.all({
          subject,
          key: key ?? Number.MAX_SAFE_INTEGER,
          limit,
        }),
      before: (key, limit) => reads.newer.all({ subject, key, limit }),
      anyAfter: (key) => reads.anyOlder.get({ subject, key }) === 1,
      anyBefore: (key) => reads.anyNewer.get({ subject, key }) === 1,
    };

    return this.#db.transaction(() => {
      const slice = readSlice(walk, size, bounds, backward);
      const first = slice.rows[0];
      if (first === undefined) return emptyPage<RemovalRecordJson>();

      const totalCount = reads.count.get({ subject }) ?? 0;
      const newer = reads.countNewer.get({ subject, key: first.key }) ?? 0;
      return filledPage(
        slice,
        {
          totalCount,
          totalPages: Math.ceil(totalCount / size),
          currentPage: Math.floor(newer / size) + 1,
        },
        (pageBounds) => this.#tokens.issue(pageBounds, scope),
        toRemovalRecord,
      );
    })();
  }
}

export function toRemovalRecord(row: RemovalRow): RemovalRecordJson {
  return {
    removalId: row.removal_id,
    at: new Date(row.at).toISOString(),
    mode: row.mode,
    actor: {
      subjectId: row.actor_subject_id,
      displayName: row.actor_display_name,
      clientId: row.actor_client_id,
    },
    request: JSON.parse(row.request) as RemovalRecordJson['request'],
    reason: row.reason,
    report: JSON.parse(row.report) as RemovalReportJson,
  };
}

type Read<Result> = Database.Statement<[Record<string, unknown>], Result>;

/**
 * The history's reads, newest first, all or one subject's. A null
 * `@subject` means every subject; the index on (subject, key) still
 * answers a subject's range.
 */
function prepareReads(db: Db) {
  const where = '(@subject IS NULL OR target_subject_id = @subject)';
  const rows = (sql: string): Read<RemovalRow> =>
    db.prepare<Record<string, unknown>, RemovalRow>(
      `SELECT * FROM removals WHERE ${where} AND ${sql} LIMIT @limit`,
    );
  const number = (sql: string): Read<number> =>
    db.prepare<Record<string, unknown>, number>(sql).pluck();
  const exists = (sql: string) =>
    number(`SELECT EXISTS (SELECT 1 FROM removals WHERE ${where} AND ${sql})`);

  return {
    older: rows('key < @key ORDER BY key DESC'),
    newer: rows('key > @key ORDER BY key ASC'),
    anyOlder: exists('key < @key'),
    anyNewer: exists('key > @key'),
    count: number(`SELECT count(*) FROM removals WHERE ${where}`),
    countNewer: number(
      `SELECT count(*) FROM removals WHERE ${where} AND key > @key`,
    ),
  };
}
