import * as v from 'valibot';

/**
 * Errors are RFC 9457 problem documents. `type` tells a program what went
 * wrong; `errors` names each offending field (a dotted path into the query
 * or body) with a message a person can read.
 */
export const problemTypes = {
  invalidRequest: 'urn:session-manager:invalid-request',
  invalidToken: 'urn:session-manager:invalid-token',
  insufficientScope: 'urn:session-manager:insufficient-scope',
  notFound: 'urn:session-manager:not-found',
  serverSideSessionsDisabled:
    'urn:session-manager:server-side-sessions-disabled',
  rateLimited: 'urn:session-manager:rate-limited',
  serverError: 'urn:session-manager:server-error',
} as const;

export type ProblemType = (typeof problemTypes)[keyof typeof problemTypes];

export const fieldErrorSchema = v.object({
  field: v.string(),
  message: v.string(),
});

export const problemSchema = v.object({
  type: v.optional(v.string(), 'about:blank'),
  title: v.optional(v.string()),
  status: v.optional(v.pipe(v.number(), v.integer())),
  detail: v.optional(v.string()),
  errors: v.optional(v.array(fieldErrorSchema)),
});

export type FieldError = v.InferOutput<typeof fieldErrorSchema>;
export type ProblemJson = v.InferOutput<typeof problemSchema>;
