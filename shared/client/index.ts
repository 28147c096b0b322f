/**
 * The typed client of the session API: `SessionClient`, the shapes it
 * returns, and the errors it throws with their cross-realm guards.
 */
export { SessionClient } from './session-client.ts';
export type {
  CallOptions,
  ConnectionOptions,
  RetryOptions,
  SessionClientOptions,
  Timeouts,
  TokenOptions,
  TokenProvider,
} from './options.ts';
export type { RetryPolicy } from './retry.ts';
export type * from './model.ts';
export type { SessionErrorKind } from './brand.ts';
export type { BearerChallenge } from './challenge.ts';
export {
  InvalidInputError,
  InvalidResponseError,
  SessionApiError,
  SessionNetworkError,
  SessionTimeoutError,
  type RequestSummary,
  type ResponseIssue,
} from './errors.ts';
export {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  SessionHttpError,
  UnauthorizedError,
  type HttpAnswer,
} from './http-errors.ts';
export * from './guards.ts';
export { sessionQueryParams, removalQueryParams } from './requests.ts';
export type { QueryParams } from './requests.ts';
