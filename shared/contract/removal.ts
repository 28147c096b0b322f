import * as v from 'valibot';

import { count, idValue, timestamp } from './fields.ts';
import { limits } from './limits.ts';

const clientIdList = v.pipe(
  v.array(idValue),
  v.minLength(
    1,
    'must name at least one client; leave it out to mean every client',
  ),
  v.maxLength(limits.clientIds, `must name at most ${limits.clientIds}`),
);

const reason = v.pipe(
  v.string(),
  v.maxLength(
    limits.reasonLength,
    `must be at most ${limits.reasonLength} characters`,
  ),
);

/**
 * The body of `POST {base}/remove`. The four flags default to true, as
 * Duende's `RemoveSessionsContext` does. Unlike Duende, a request that names
 * neither a subject nor a session, names an empty client list, or turns
 * every flag off is refused before anything changes.
 */
export const removeSessionsRequestSchema = v.pipe(
  v.strictObject({
    subjectId: v.optional(idValue),
    sessionId: v.optional(idValue),
    clientIds: v.optional(v.nullable(clientIdList)),
    removeServerSideSession: v.optional(v.boolean(), true),
    sendBackchannelLogoutNotification: v.optional(v.boolean(), true),
    revokeTokens: v.optional(v.boolean(), true),
    revokeConsents: v.optional(v.boolean(), true),
    reason: v.optional(reason),
  }),
  v.forward(
    v.check(
      (request) =>
        request.subjectId !== undefined || request.sessionId !== undefined,
      'is required unless sessionId is given',
    ),
    ['subjectId'],
  ),
  v.forward(
    v.check(
      (request) =>
        request.removeServerSideSession ||
        request.sendBackchannelLogoutNotification ||
        request.revokeTokens ||
        request.revokeConsents,
      'must be true when every other flag is false, or nothing would happen',
    ),
    ['removeServerSideSession'],
  ),
);

export type RemoveSessionsRequestJson = v.InferInput<
  typeof removeSessionsRequestSchema
>;
export type RemoveSessionsRequest = v.InferOutput<
  typeof removeSessionsRequestSchema
>;

/**
 * The body of `POST {base}/self/remove`: one of the caller's own sessions,
 * every other one, or all of them including the one in use.
 */
export const removeOwnSessionsRequestSchema = v.variant(
  'target',
  [
    v.strictObject({ target: v.literal('session'), sessionId: idValue }),
    v.strictObject({ target: v.literal('others') }),
    v.strictObject({ target: v.literal('all') }),
  ],
  'must be session, others or all',
);

export type RemoveOwnSessionsRequest = v.InferOutput<
  typeof removeOwnSessionsRequestSchema
>;

/** What happened to one back-channel logout notification. */
export const backchannelDeliverySchema = v.object({
  clientId: v.string(),
  sessionId: v.string(),
  status: v.picklist(['delivered', 'failed']),
  /** The receiver's status code, or null when no answer came. */
  httpStatus: v.nullable(v.pipe(v.number(), v.integer())),
  /** Why the delivery failed, in words; null when it was delivered. */
  error: v.nullable(v.string()),
  durationMs: v.pipe(v.number(), v.minValue(0)),
});

/**
 * One session a removal ended. `subjectId` is null for a session whose
 * sign-in never finished: no query shows those, but they end too.
 */
export const removedSessionSchema = v.object({
  subjectId: v.nullable(v.string()),
  sessionId: v.string(),
});

/**
 * What a removal did. Removing what is already gone is a success with
 * zeros. Duende's own service returns no report (204): clients represent
 * that as a null report, not as zeros.
 *
 * `removed` lists the sessions ended, in the host's storage order, at most
 * `limits.removedSessions` of them; `removedTruncated` is true when more
 * ended than it lists (`sessionsRemoved` counts them all), which only a
 * removal of a whole subject can do. Both are optional: hosts that came
 * before them, and history entries recorded before them, leave them out,
 * and a client then knows only the counts.
 */
export const removalReportSchema = v.object({
  removalId: v.string(),
  sessionsMatched: count,
  sessionsRemoved: count,
  tokensRevoked: count,
  consentsRevoked: count,
  backchannel: v.array(backchannelDeliverySchema),
  removed: v.optional(
    v.pipe(
      v.array(removedSessionSchema),
      v.maxLength(
        limits.removedSessions,
        `must list at most ${limits.removedSessions} sessions`,
      ),
    ),
  ),
  removedTruncated: v.optional(v.boolean()),
});

/** Who asked for a removal, as the history records it. */
export const removalActorSchema = v.object({
  /** Null when a service removed sessions with its own client credentials. */
  subjectId: v.nullable(v.string()),
  displayName: v.nullable(v.string()),
  clientId: v.string(),
});

/** One entry of `GET {base}/removals`. */
export const removalRecordSchema = v.object({
  removalId: v.string(),
  at: timestamp,
  mode: v.picklist(['admin', 'self']),
  actor: removalActorSchema,
  /** What was asked for; self-service removals list their sessions. */
  request: v.object({
    subjectId: v.nullable(v.string()),
    sessionIds: v.nullable(v.array(v.string())),
    clientIds: v.nullable(v.array(v.string())),
    removeServerSideSession: v.boolean(),
    sendBackchannelLogoutNotification: v.boolean(),
    revokeTokens: v.boolean(),
    revokeConsents: v.boolean(),
  }),
  reason: v.nullable(v.string()),
  report: removalReportSchema,
});

export type BackchannelDeliveryJson = v.InferOutput<
  typeof backchannelDeliverySchema
>;
export type RemovedSessionJson = v.InferOutput<typeof removedSessionSchema>;
export type RemovalReportJson = v.InferOutput<typeof removalReportSchema>;
export type RemovalActorJson = v.InferOutput<typeof removalActorSchema>;
export type RemovalRecordJson = v.InferOutput<typeof removalRecordSchema>;
