import {
  isAbortError,
  isSessionNetworkError,
  isSessionTimeoutError,
} from '../client/guards.ts';
import type {
  QueryResult,
  RemovalReport,
  UserSession,
} from '../client/model.ts';
import type { PageRecord, PageRow } from './schema.ts';

/**
 * Which cached pages a removal makes stale. A page is stale when it could
 * hold a removed session, or when its counts could include one: that is
 * every page whose filters do not rule the removed sessions out. When it
 * is not known whose a removed session was, no subject filter can rule it
 * out, so more pages go: dropping a page costs one request, keeping a stale
 * one shows a session that no longer exists.
 */

/**
 * One removed session, or every session of a subject. A null field is
 * unknown: a null `sessionId` means "all of the subject's sessions", a
 * null `subjectId` means "whoever it belonged to".
 */
export interface RemovalTarget {
  readonly subjectId: string | null;
  readonly sessionId: string | null;
}

/**
 * Whether a page's filter could match `value`. A contains filter ignores
 * ASCII case on the server, so it does here too: a page filtered on "A"
 * shows subject "a1".
 */
function filterAllows(
  filter: string | undefined,
  value: string | null,
  exact: boolean,
): boolean {
  if (filter === undefined || value === null) {
    return true;
  }
  return exact
    ? value === filter
    : lowerAscii(value).includes(lowerAscii(filter));
}

function lowerAscii(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/**
 * What a removal ended. A report that lists its sessions says exactly
 * which: only those, so pages it could not have changed are kept. A list
 * cut short adds `guess`, the targets the request named, since only a
 * removal of a whole subject is cut short and the guess is then that
 * subject. A null report (a host that answers 204) or one without a list
 * leaves only the guess.
 */
export function reportedTargets(
  report: RemovalReport | null,
  guess: readonly RemovalTarget[],
): RemovalTarget[] {
  if (report === null || report.removed === null) {
    return [...guess];
  }

  const removed = report.removed.map(({ subjectId, sessionId }) => ({
    subjectId,
    sessionId,
  }));
  return report.removedTruncated ? [...removed, ...guess] : removed;
}

function holds(rows: readonly PageRow[], target: RemovalTarget): boolean {
  return rows.some(
    (row) =>
      (target.sessionId !== null && row.sessionId === target.sessionId) ||
      (target.sessionId === null && row.subjectId === target.subjectId),
  );
}

/**
 * Fills in the subject of targets removed by session id alone, from the
 * cached pages that show that session.
 */
export function resolveTargets(
  targets: readonly RemovalTarget[],
  records: readonly PageRecord[],
): RemovalTarget[] {
  return targets.map((target) => {
    if (target.subjectId !== null || target.sessionId === null) {
      return target;
    }

    for (const record of records) {
      const row = record.rows.find((r) => r.sessionId === target.sessionId);
      if (row) {
        return { subjectId: row.subjectId, sessionId: target.sessionId };
      }
    }
    return target;
  });
}

/** Whether `record` could be changed by removing `targets`. */
export function isAffected(
  record: PageRecord,
  targets: readonly RemovalTarget[],
): boolean {
  // The history gains an entry with every removal. An own-session list is
  // one small page per viewer, and whose it is cannot be told from here.
  if (record.mode !== 'admin') {
    return true;
  }

  const { query, rows } = record;
  const exact = query['match'] === 'exact';
  return targets.some(
    (target) =>
      holds(rows, target) ||
      (filterAllows(query['subjectId'], target.subjectId, exact) &&
        filterAllows(query['sessionId'], target.sessionId, exact)),
  );
}

/**
 * Whether a removal that failed may still have happened: no answer came in
 * time, the answer was cut off, or the caller gave up waiting. Pages are
 * dropped then too, since showing a removed session is the worse mistake.
 */
export function mayHaveHappened(error: unknown): boolean {
  return (
    isSessionTimeoutError(error) ||
    isAbortError(error) ||
    (isSessionNetworkError(error) && error.answerStarted)
  );
}

/** The sessions a list holds, as a cached page records them. */
export function sessionRows(sessions: readonly UserSession[]): PageRow[] {
  return sessions.map(({ subjectId, sessionId }) => ({ subjectId, sessionId }));
}

export function pageRows(page: QueryResult<UserSession>): PageRow[] {
  return sessionRows(page.results);
}

/** History pages hold no sessions; every removal drops them anyway. */
export function noRows(): PageRow[] {
  return [];
}
