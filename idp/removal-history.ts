import type {
  QueryResultJson,
  RemovalQueryParams,
  RemovalRecordJson,
  RemovalReportJson,
} from '../shared/contract/index.ts';
import type { Db } from './database.ts';
import type { RemovalInput } from './removal.ts';
import { ResultsTokens, scopeOf } from './sessions/results-token.ts';
import { emptyPage } from './sessions/store.ts';

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

  constructor(db: Db, secret: string, log: (line: string) => void) {
    this.#db = db;
    this.#log = log;
    this.#tokens = new ResultsTokens(secret);
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
    const where = '(@subject IS NULL OR target_subject_id = @subject)';

    return this.#db.transaction(() => {
      let rows: RemovalRow[];
      if (backward) {
        rows = this.#db
          .prepare<Record<string, unknown>, RemovalRow>(
            `SELECT * FROM removals WHERE ${where} AND key > @from
             ORDER BY key ASC LIMIT @limit`,
          )
          .all({ subject, from: bounds.first, limit: size + 1 });
      } else {
        rows = this.#db
          .prepare<Record<string, unknown>, RemovalRow>(
            `SELECT * FROM removals WHERE ${where} AND key < @from
             ORDER BY key DESC LIMIT @limit`,
          )
          .all({
            subject,
            from: bounds?.last ?? Number.MAX_SAFE_INTEGER,
            limit: size + 1,
          });
      }

      const more = rows.length > size;
      rows = rows.slice(0, size);
      if (backward) {
        rows.reverse();
      }
      const first = rows[0];
      const last = rows.at(-1);
      if (!first || !last) {
        return emptyPage<RemovalRecordJson>();
      }

      const exists = (sql: string, key: number) =>
        this.#db
          .prepare<Record<string, unknown>, number>(
            `SELECT EXISTS (SELECT 1 FROM removals WHERE ${where} AND ${sql})`,
          )
          .pluck()
          .get({ subject, key }) === 1;
      const hasPrev = backward ? more : exists('key > @key', first.key);
      const hasNext = backward ? exists('key < @key', last.key) : more;
      const totalCount =
        this.#db
          .prepare<Record<string, unknown>, number>(
            `SELECT count(*) FROM removals WHERE ${where}`,
          )
          .pluck()
          .get({ subject }) ?? 0;
      const newer =
        this.#db
          .prepare<Record<string, unknown>, number>(
            `SELECT count(*) FROM removals WHERE ${where} AND key > @key`,
          )
          .pluck()
          .get({ subject, key: first.key }) ?? 0;
      const currentPage = Math.floor(newer / size) + 1;

      return {
        resultsToken: this.#tokens.issue(
          { first: first.key, last: last.key, page: currentPage },
          scope,
        ),
        hasPrevResults: hasPrev,
        hasNextResults: hasNext,
        totalCount,
        totalPages: Math.ceil(totalCount / size),
        currentPage,
        results: rows.map(toRemovalRecord),
      };
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
