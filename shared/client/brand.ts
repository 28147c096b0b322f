/**
 * Every error the client throws carries a brand under a registered symbol:
 * the list of kinds it belongs to. A guard such as `isUnauthorizedError`
 * reads that list, so it recognises an error made by another copy of this
 * module (an iframe, an extension page, a second bundle), where
 * `instanceof` against this realm's class would say no.
 */
export const brand: unique symbol = Symbol.for(
  'session-manager.SessionApiError',
);

/** What kind of failure an error is, from general to specific. */
export type SessionErrorKind =
  | 'session-api'
  | 'invalid-input'
  | 'http'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'timeout'
  | 'network'
  | 'invalid-response';

/**
 * Class names by kind, set explicitly because a minifier renames classes
 * and `error.name` should stay readable in a host's error reports.
 */
export const errorNames: Readonly<Record<SessionErrorKind, string>> = {
  'session-api': 'SessionApiError',
  'invalid-input': 'InvalidInputError',
  http: 'SessionHttpError',
  unauthorized: 'UnauthorizedError',
  forbidden: 'ForbiddenError',
  'not-found': 'NotFoundError',
  conflict: 'ConflictError',
  'rate-limited': 'RateLimitedError',
  timeout: 'SessionTimeoutError',
  network: 'SessionNetworkError',
  'invalid-response': 'InvalidResponseError',
};

export function hasKind(value: unknown, kind: SessionErrorKind): boolean {
  if (typeof value !== 'object' || value === null) {
    return false;
  }

  const kinds: unknown = (value as Record<symbol, unknown>)[brand];
  return Array.isArray(kinds) && kinds.includes(kind);
}
