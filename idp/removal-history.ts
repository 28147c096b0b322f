import type {
  QueryResultJson,
  RemovalQueryParams,
  RemovalRecordJson,
  RemovalReportJson,
} from '../shared/contract/index.ts';
import type { Db } from './database.ts';
import type { RemovalInput } from './removal.ts';

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

  constructor(db: Db, log: (line: string) => void) {
    this.#db = db;
    this.#log = log;
  }

  record(input: RemovalInput, report: RemovalReportJson): void {
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
        selection.subjectId ?? null,
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

  query(params: RemovalQueryParams): QueryResultJson<RemovalRecordJson> {
    void params;
    throw new Error('not wired yet');
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
