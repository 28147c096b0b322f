/**
 * The session API's contract: every message the reference IdP sends or
 * accepts and the client checks, written once so the two cannot drift.
 * `docs/session-api.md` describes the same contract in prose.
 */
export * from './fields.ts';
export * from './limits.ts';
export * from './problem.ts';
export * from './query.ts';
export * from './removal.ts';
export * from './session.ts';

/** The discovery metadata name that carries the API's base URL. */
export const discoveryKey = 'session_management_endpoint';

/** The scopes that open the admin and the self-service routes. */
export const scopes = {
  admin: 'sessions.admin',
  self: 'sessions.self',
} as const;
