import {
  problemTypes,
  type FieldError,
  type ProblemJson,
} from '../contract/index.ts';
import type { SessionErrorKind } from './brand.ts';
import { parseBearerChallenge, type BearerChallenge } from './challenge.ts';
import { SessionApiError, type RequestSummary } from './errors.ts';

/** What an HTTP error answer said, as far as the client could read it. */
export interface HttpAnswer {
  readonly status: number;

  /** The problem document, or null when the body was not one. */
  readonly problem: ProblemJson | null;

  readonly headers: Headers;

  /** What `Retry-After` asked for, in milliseconds; null when absent. */
  readonly retryAfterMs: number | null;

  /** When the answer arrived, in epoch milliseconds. */
  readonly receivedAt: number;
}

/**
 * The server answered with an error status. The subclasses name the
 * statuses a host is expected to react to; any other (400, or a 5xx that
 * outlasted the retries) is this class itself.
 */
export class SessionHttpError extends SessionApiError {
  readonly status: number;
  readonly problem: ProblemJson | null;

  /** The problem's field errors; empty when it named none. */
  readonly errors: readonly FieldError[];

  /**
   * When the server will take another request, from `Retry-After` (delay
   * seconds or an HTTP date); null when it did not say. A 503 may carry it
   * as well as a 429.
   */
  readonly retryAfterMs: number | null;
  readonly retryAt: Date | null;

  constructor(
    request: RequestSummary,
    answer: HttpAnswer,
    kinds: readonly SessionErrorKind[] = [],
  ) {
    super(describe(request, answer), ['http', ...kinds], request);
    this.status = answer.status;
    this.problem = answer.problem;
    this.errors = answer.problem?.errors ?? [];
    this.retryAfterMs = answer.retryAfterMs;
    this.retryAt =
      answer.retryAfterMs === null
        ? null
        : new Date(answer.receivedAt + answer.retryAfterMs);
  }
}

function describe(request: RequestSummary, answer: HttpAnswer): string {
  const head = `${request.method} ${request.url} answered ${answer.status}`;
  const problem = answer.problem;
  if (!problem) {
    return head;
  }

  const first = problem.errors?.[0];
  const reason = first
    ? `${first.field} ${first.message}`
    : (problem.detail ?? problem.title ?? problem.type);
  return `${head}: ${reason}`;
}

/**
 * 401: the token is missing, expired or revoked. A host reacts by signing
 * the user in again, or refreshing its token, and calling again.
 */
export class UnauthorizedError extends SessionHttpError {
  readonly challenge: BearerChallenge | null;

  constructor(request: RequestSummary, answer: HttpAnswer) {
    super(request, answer, ['unauthorized']);
    this.challenge = parseBearerChallenge(answer.headers);
  }
}

/** 403: the token is valid but lacks a scope the route needs. */
export class ForbiddenError extends SessionHttpError {
  readonly challenge: BearerChallenge | null;

  /** The scope the server asked for, when it said. */
  readonly requiredScope: string | null;

  constructor(request: RequestSummary, answer: HttpAnswer) {
    super(request, answer, ['forbidden']);
    this.challenge = parseBearerChallenge(answer.headers);
    this.requiredScope = this.challenge?.scope ?? null;
  }
}

/** 404: the endpoint, or what the request names, does not exist. */
export class NotFoundError extends SessionHttpError {
  constructor(request: RequestSummary, answer: HttpAnswer) {
    super(request, answer, ['not-found']);
  }
}

/**
 * 409: the host cannot do this. `serverSideSessionsDisabled` is true when
 * it keeps no server-side sessions at all, so there is nothing to list or
 * remove until an operator turns them on.
 */
export class ConflictError extends SessionHttpError {
  readonly serverSideSessionsDisabled: boolean;

  constructor(
    request: RequestSummary,
    answer: HttpAnswer,
    serverSideSessionsDisabled: boolean,
  ) {
    super(request, answer, ['conflict']);
    this.serverSideSessionsDisabled = serverSideSessionsDisabled;
  }
}

/**
 * 429 once the client's own retries gave up. `retryAfterMs` and `retryAt`
 * say when the server will take the next request; null when it did not.
 */
export class RateLimitedError extends SessionHttpError {
  constructor(request: RequestSummary, answer: HttpAnswer) {
    super(request, answer, ['rate-limited']);
  }
}

/** The error class for an error answer, chosen by status and problem type. */
export function errorForAnswer(
  request: RequestSummary,
  answer: HttpAnswer,
): SessionHttpError {
  switch (answer.status) {
    case 401:
      return new UnauthorizedError(request, answer);
    case 403:
      return new ForbiddenError(request, answer);
    case 404:
      return new NotFoundError(request, answer);
    case 409:
      return new ConflictError(
        request,
        answer,
        answer.problem?.type === problemTypes.serverSideSessionsDisabled,
      );
    case 429:
      return new RateLimitedError(request, answer);
    default:
      return new SessionHttpError(request, answer);
  }
}
