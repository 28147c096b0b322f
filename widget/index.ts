/**
 * The element's class without registering a tag, for hosts that choose
 * their own (`customElements.define('my-sessions', SessionManager)`), and
 * the types of its events. `define.ts` registers `<session-manager>`.
 */
export { SessionManager } from './session-manager.ts';
export type { AdminTab, SessionManagerMode } from './session-manager.ts';
export type { SessionClientLike } from './client-like.ts';
export type * from './events.ts';
export {
  isAbortError,
  isConflictError,
  isForbiddenError,
  isSessionApiError,
  isUnauthorizedError,
  viewerIdentity,
} from '../shared/index.ts';
