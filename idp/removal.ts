import { randomUUID } from 'node:crypto';

import type Provider from 'oidc-provider';

import {
  limits,
  type BackchannelDeliveryJson,
  type RemovalActorJson,
  type RemovalReportJson,
  type RemovedSessionJson,
  type RemoveSessionsRequest,
} from '../shared/contract/index.ts';
import { deliveryContext, type DeliveryRecord } from './backchannel-context.ts';
import type { Db } from './database.ts';
import type { RemovalHistory } from './removal-history.ts';

/**
 * Which sessions a removal is about. Matching is always exact: a substring
 * match must never decide what is removed, because subject "1" would take
 * subject "10" with it.
 */
export interface RemovalSelection {
  subjectId?: string;
  /** Left out, every session of `subjectId`; given, exactly these. */
  sessionIds?: readonly string[];
}

export type RemovalFlags = Omit<
  RemoveSessionsRequest,
  'subjectId' | 'sessionId' | 'reason'
>;

export interface RemovalInput {
  selection: RemovalSelection;
  flags: RemovalFlags;
  actor: RemovalActorJson;
  mode: 'admin' | 'self';
  reason: string | null;
}

/** Models whose rows are tokens a client can still use. */
const tokenModels = [
  'AccessToken',
  'RefreshToken',
  'AuthorizationCode',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
];

interface SessionRow {
  key: number;
  session_id: string;
  subject_id: string | null;
  payload: string;
}

/**
 * The part of oidc-provider's client model a delivery uses.
 * `backchannelLogout` signs the logout token with the IdP's keys and POSTs
 * it; the published types leave it out.
 */
interface NotifiableClient {
  clientId: string;
  backchannelLogoutUri?: string;
  backchannelLogout(subjectId: string, sid: string): Promise<void>;
}

interface PlannedDelivery {
  client: NotifiableClient;
  subjectId: string;
  sid: string;
  sessionId: string;
}

/**
 * Ends sessions the way Duende's `RemoveSessionsAsync` does, with its sharp
 * edges filed off:
 *
 * - Every database change (tokens, consents, session rows) happens in one
 *   transaction, before any client is told, so a client that checks back
 *   after its logout token finds the session already gone.
 * - Back-channel notifications go out in parallel across every affected
 *   session and client, each with its own timeout, and the report says what
 *   happened to each one instead of only logging failures.
 * - `clientIds` limits notifications, token and consent revocation to those
 *   clients. It does not limit the server-side session removal: as in
 *   Duende, removing the session ends the whole IdP session.
 * - Consent belongs to a subject and a client, not to a session, so
 *   consents are revoked only by a removal that names a subject and no
 *   particular sessions. Revoking a consent also ends every token issued
 *   under it, and the report counts those tokens.
 */
export class SessionRemoval {
  readonly #db: Db;
  readonly #provider: Provider;
  readonly #history: RemovalHistory;

  constructor(db: Db, provider: Provider, history: RemovalHistory) {
    this.#db = db;
    this.#provider = provider;
    this.#history = history;
  }

  async remove(input: RemovalInput): Promise<RemovalReportJson> {
    const { selection, flags } = input;
    const clientFilter = flags.clientIds ?? null;
    const sessions = this.#findSessions(selection);

    const deliveries = flags.sendBackchannelLogoutNotification
      ? await this.#planDeliveries(sessions, clientFilter)
      : [];

    const outcome = this.#db.transaction(() => {
      let tokensRevoked = 0;
      let consentsRevoked = 0;
      if (flags.revokeTokens) {
        tokensRevoked += this.#revokeTokens(selection, sessions, clientFilter);
      }
      if (flags.revokeConsents && isSubjectWide(selection)) {
        const revoked = this.#revokeConsents(selection.subjectId, clientFilter);
        consentsRevoked = revoked.consents;
        tokensRevoked += revoked.tokens;
      }
      const removed = flags.removeServerSideSession
        ? this.#deleteSessions(sessions)
        : [];
      return { tokensRevoked, consentsRevoked, removed };
    })();

    const backchannel = await Promise.all(deliveries.map(deliver));

    const { removed, ...counts } = outcome;
    const report: RemovalReportJson = {
      removalId: randomUUID(),
      sessionsMatched: sessions.length,
      sessionsRemoved: removed.length,
      ...counts,
      backchannel,
      removed: removed.slice(0, limits.removedSessions),
      removedTruncated: removed.length > limits.removedSessions,
    };
    const subjects = new Set(sessions.map((row) => row.subject_id));
    const onlySubject = subjects.size === 1 ? [...subjects][0] : null;
    this.#history.record(
      input,
      report,
      selection.subjectId ?? onlySubject ?? null,
    );
    return report;
  }

  /**
   * One statement per shape of selection: an `(@x IS NULL OR ...)` filter
   * would keep SQLite from using the subject and session indexes, and a
   * removal would read every session.
   */
  #findSessions(selection: RemovalSelection): SessionRow[] {
    const columns = 'SELECT key, session_id, subject_id, payload FROM sessions';
    const { subjectId, sessionIds } = selection;
    const inSessions = 'session_id IN (SELECT value FROM json_each(@sessions))';
    const sessions = sessionIds ? JSON.stringify(sessionIds) : undefined;

    if (subjectId !== undefined && sessions !== undefined) {
      return this.#db
        .prepare<[{ subject: string; sessions: string }], SessionRow>(
          `${columns} WHERE ${inSessions} AND subject_id = @subject
           ORDER BY key`,
        )
        .all({ subject: subjectId, sessions });
    }
    if (sessions !== undefined) {
      return this.#db
        .prepare<[{ sessions: string }], SessionRow>(
          `${columns} WHERE ${inSessions} ORDER BY key`,
        )
        .all({ sessions });
    }
    if (subjectId !== undefined) {
      return this.#db
        .prepare<[string], SessionRow>(
          `${columns} WHERE subject_id = ? ORDER BY key`,
        )
        .all(subjectId);
    }
    return [];
  }

  async #planDeliveries(
    sessions: readonly SessionRow[],
    clientFilter: readonly string[] | null,
  ): Promise<PlannedDelivery[]> {
    const planned: PlannedDelivery[] = [];
    for (const session of sessions) {
      if (session.subject_id === null) {
        continue;
      }

      const authorizations = readAuthorizations(session.payload);
      for (const [clientId, authorization] of authorizations) {
        if (clientFilter && !clientFilter.includes(clientId)) {
          continue;
        }

        const client = (await this.#provider.Client.find(clientId)) as
          NotifiableClient | undefined;
        if (client?.backchannelLogoutUri && authorization.sid) {
          planned.push({
            client,
            subjectId: session.subject_id,
            sid: authorization.sid,
            sessionId: session.session_id,
          });
        }
      }
    }
    return planned;
  }

  /**
   * Deletes the tokens of the selected sessions, and for a subject-wide
   * removal also the subject's tokens that outlive any session (offline
   * refresh tokens). Each path has a statement of its own so that it is
   * answered from its index.
   */
  #revokeTokens(
    selection: RemovalSelection,
    sessions: readonly SessionRow[],
    clientFilter: readonly string[] | null,
  ): number {
    const params = {
      models: JSON.stringify(tokenModels),
      clients: clientFilter ? JSON.stringify(clientFilter) : null,
    };
    const tokenOfClient = `model IN (SELECT value FROM json_each(@models))
      AND (@clients IS NULL
           OR client_id IN (SELECT value FROM json_each(@clients)))`;

    let revoked = this.#deleteTokens(
      `session_uid IN (SELECT value FROM json_each(@sessions))
       AND ${tokenOfClient}`,
      {
        ...params,
        sessions: JSON.stringify(sessions.map((s) => s.session_id)),
      },
    );
    if (isSubjectWide(selection)) {
      revoked += this.#deleteTokens(
        `account_id = @subject AND ${tokenOfClient}`,
        { ...params, subject: selection.subjectId },
      );
    }
    return revoked;
  }

  #revokeConsents(
    subjectId: string,
    clientFilter: readonly string[] | null,
  ): { consents: number; tokens: number } {
    const clients = clientFilter ? JSON.stringify(clientFilter) : null;
    const grants = this.#db
      .prepare<[{ subject: string; clients: string | null }], { id: string }>(
        `DELETE FROM oidc_models
         WHERE model = 'Grant' AND account_id = @subject
           AND (@clients IS NULL
                OR client_id IN (SELECT value FROM json_each(@clients)))
         RETURNING id`,
      )
      .all({ subject: subjectId, clients });
    if (grants.length === 0) {
      return { consents: 0, tokens: 0 };
    }

    const tokens = this.#deleteTokens(
      'grant_id IN (SELECT value FROM json_each(@grants))',
      { grants: JSON.stringify(grants.map((grant) => grant.id)) },
    );
    return { consents: grants.length, tokens };
  }

  /**
   * Deletes the token rows `where` selects and counts the live ones:
   * rotated refresh tokens and expired rows go too, but they worked for
   * no one, so the report does not count them as revoked.
   */
  #deleteTokens(where: string, params: Record<string, unknown>): number {
    const now = Date.now();
    const deleted = this.#db
      .prepare<
        [Record<string, unknown>],
        { consumed_at: number | null; expires_at: number | null }
      >(
        `DELETE FROM oidc_models WHERE ${where}
         RETURNING consumed_at, expires_at`,
      )
      .all(params);
    return deleted.filter(
      (row) =>
        row.consumed_at === null &&
        (row.expires_at === null || row.expires_at > now),
    ).length;
  }

  /**
   * Deletes the sessions and says which went, in key order: a session
   * that ended by itself since it was found is not claimed as removed.
   */
  #deleteSessions(sessions: readonly SessionRow[]): RemovedSessionJson[] {
    const deleted = this.#db
      .prepare<
        [string],
        { key: number; subject_id: string | null; session_id: string }
      >(
        `DELETE FROM sessions WHERE key IN (SELECT value FROM json_each(?))
         RETURNING key, subject_id, session_id`,
      )
      .all(JSON.stringify(sessions.map((row) => row.key)));
    deleted.sort((a, b) => a.key - b.key);
    return deleted.map((row) => ({
      subjectId: row.subject_id,
      sessionId: row.session_id,
    }));
  }
}

function isSubjectWide(
  selection: RemovalSelection,
): selection is RemovalSelection & { subjectId: string } {
  return selection.subjectId !== undefined && !selection.sessionIds;
}

/** The per-client part of an oidc-provider session payload. */
function readAuthorizations(payload: string): [string, { sid?: string }][] {
  const parsed = JSON.parse(payload) as {
    authorizations?: Record<string, { sid?: string }>;
  };
  return Object.entries(parsed.authorizations ?? {});
}

async function deliver(
  delivery: PlannedDelivery,
): Promise<BackchannelDeliveryJson> {
  const record: DeliveryRecord = { httpStatus: null };
  const started = performance.now();
  const outcome = {
    clientId: delivery.client.clientId,
    sessionId: delivery.sessionId,
  };

  try {
    await deliveryContext.run(record, () =>
      delivery.client.backchannelLogout(delivery.subjectId, delivery.sid),
    );
    return {
      ...outcome,
      status: 'delivered',
      httpStatus: record.httpStatus,
      error: null,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    return {
      ...outcome,
      status: 'failed',
      httpStatus: statusOf(error) ?? record.httpStatus,
      error: describeFailure(error),
      durationMs: Math.round(performance.now() - started),
    };
  }
}

function statusOf(error: unknown): number | null {
  if (error instanceof Error && 'response' in error) {
    const response = error.response as Response | undefined;
    return response?.status ?? null;
  }
  return null;
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  if (error.name === 'TimeoutError' || error.name === 'AbortError') {
    return 'the receiver did not answer in time';
  }
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
