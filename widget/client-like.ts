import type { SessionClient } from '../shared/index.ts';

/**
 * What the element needs from a session client: the public methods of
 * `SessionClient`, and nothing of its private state. A host may pass any
 * object of this shape, such as a browser extension's client whose removals
 * run in its service worker.
 */
export type SessionClientLike = Pick<
  SessionClient,
  | 'endpoint'
  | 'querySessions'
  | 'removeSessions'
  | 'listOwnSessions'
  | 'removeOwnSessions'
  | 'queryRemovals'
>;
