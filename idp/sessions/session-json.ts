import type {
  SessionClientJson,
  SessionDetailsJson,
  UserSessionJson,
} from '../../shared/contract/index.ts';

/**
 * How a row of `sessions` becomes the contract's session JSON: which
 * columns are read, and how each is shown. The payload is never read.
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
