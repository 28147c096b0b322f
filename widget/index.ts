/**
 * The element's class without registering a tag, for hosts that choose
 * their own (`customElements.define('my-sessions', SessionManager)`), and
 * the types of its events. `define.ts` registers `<session-manager>`.
 */
export { SessionManager } from './session-manager.ts';
export type { AdminTab, SessionManagerMode } from './session-manager.ts';
export type { SessionClientLike } from './client-like.ts';
export type * from './events.ts';
// The client's error guards, so a host of the bundled element can tell
// a 401 from a network failure without a second copy of the client.
export {
  isAbortError,
  isConflictError,
  isForbiddenError,
  isInvalidInputError,
  isInvalidResponseError,
  isNotFoundError,
  isRateLimitedError,
  isSessionApiError,
  isSessionHttpError,
  isSessionNetworkError,
  isSessionTimeoutError,
  isUnauthorizedError,
  viewerIdentity,
} from '../shared/index.ts';
