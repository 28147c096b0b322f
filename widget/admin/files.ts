import type { UserSession } from '../../shared/index.ts';
import { parseUserAgent } from '../device.ts';

/**
 * The export files. CSV opens in spreadsheets, which run a cell that
 * starts with `=`, `+`, `-` or `@` as a formula (CSV injection), so such
 * a cell gets a leading apostrophe and is shown as the text it was.
 */

const columns = [
  'subjectId',
  'displayName',
  'sessionId',
  'created',
  'renewed',
  'expires',
  'clientIds',
  'browser',
  'os',
  'ipAddress',
  'userAgent',
  'identityProvider',
  'authenticationMethods',
  'authTime',
  'issuer',
] as const;

function cellsOf(
  session: UserSession,
): Record<(typeof columns)[number], string> {
  const { details } = session;
  const device = parseUserAgent(details.userAgent);
  const iso = (date: Date | null) => (date ? date.toISOString() : '');
  return {
    subjectId: session.subjectId,
    displayName: session.displayName ?? '',
    sessionId: session.sessionId,
    created: iso(session.created),
    renewed: iso(session.renewed),
    expires: iso(session.expires),
    clientIds: session.clientIds.join(' '),
    browser: device.browser ?? '',
    os: device.os ?? '',
    ipAddress: details.ipAddress ?? '',
    userAgent: details.userAgent ?? '',
    identityProvider: details.identityProvider ?? '',
    authenticationMethods: (details.authenticationMethods ?? []).join(' '),
    authTime: iso(details.authTime),
    issuer: session.issuer ?? '',
  };
}

/** One CSV cell: defused against formulas, quoted when it must be. */
export function csvCell(value: string): string {
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused)
    ? `"${defused.replace(/"/g, '""')}"`
    : defused;
}

/**
 * RFC 4180 CSV with a header row and CRLF line ends. It starts with a
 * byte order mark, without which spreadsheets read UTF-8 names wrongly.
 */
export function sessionsCsv(sessions: readonly UserSession[]): string {
  const lines = [
    columns.join(','),
    ...sessions.map((session) => {
      const cells = cellsOf(session);
      return columns.map((column) => csvCell(cells[column])).join(',');
    }),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The sessions as the API describes them, with the query they matched. */
export function sessionsJson(
  sessions: readonly UserSession[],
  query: object,
  exportedAt: Date,
): string {
  return `${JSON.stringify(
    { exportedAt: exportedAt.toISOString(), query, sessions },
    null,
    2,
  )}\n`;
}
