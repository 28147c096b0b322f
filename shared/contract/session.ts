import * as v from 'valibot';

import { timestamp } from './fields.ts';

/**
 * The JSON shape of one server-side session, as every session route returns
 * it. Times are ISO 8601 strings in UTC on the wire; the client turns them
 * into `Date`s.
 */

/** A client the session has signed in to, when the host can describe it. */
export const sessionClientSchema = v.object({
  clientId: v.string(),
  displayName: v.nullable(v.string()),
  /** Whether a removal can notify this client over back-channel logout. */
  backchannelLogout: v.boolean(),
});

/**
 * What a host knows about how and from where the session began. Every field
 * is optional: a host gives what it has and never the ticket itself.
 */
export const sessionDetailsSchema = v.object({
  identityProvider: v.optional(v.string()),
  authenticationMethods: v.optional(v.array(v.string())),
  authTime: v.optional(timestamp),
  userAgent: v.optional(v.string()),
  ipAddress: v.optional(v.string()),
  /** Other non-secret properties of the session, as strings. */
  properties: v.optional(v.record(v.string(), v.string())),
});

export const userSessionSchema = v.object({
  subjectId: v.string(),
  sessionId: v.string(),
  displayName: v.nullable(v.string()),
  created: timestamp,
  /** When the session was last renewed: not the same as last active. */
  renewed: timestamp,
  /** Null for a session that never expires. */
  expires: v.nullable(timestamp),
  issuer: v.nullable(v.string()),
  clientIds: v.array(v.string()),
  clients: v.optional(v.array(sessionClientSchema)),
  details: v.optional(sessionDetailsSchema),
});

/** A session in the caller's own list, which marks the one they are using. */
export const ownSessionSchema = v.object({
  ...userSessionSchema.entries,
  current: v.boolean(),
});

export type SessionClientJson = v.InferOutput<typeof sessionClientSchema>;
export type SessionDetailsJson = v.InferOutput<typeof sessionDetailsSchema>;
export type UserSessionJson = v.InferOutput<typeof userSessionSchema>;
export type OwnSessionJson = v.InferOutput<typeof ownSessionSchema>;

/** The body of `GET {base}/self`: current session first, then newest. */
export const ownSessionListSchema = v.object({
  results: v.array(ownSessionSchema),
});

export type OwnSessionListJson = v.InferOutput<typeof ownSessionListSchema>;
