import * as shared from '../../shared/index.ts';
import { SignInError, type SignInProblem } from '../auth/errors.ts';

/**
 * An error as it crosses from the service worker to a page. Structured
 * cloning keeps only the message of an Error, so the kinds, the status and
 * the problem document are carried beside it.
 */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly kinds: readonly shared.SessionErrorKind[] | null;
  readonly status: number | null;
  readonly problem: unknown;
  readonly signInProblem: SignInProblem | null;
  readonly detail: string | null;
}

// The client's public guards, one per kind below the base one. A kind
// added to the client is a compile error here until it is carried too.
// They are listed from general to specific, the order the client keeps,
// so the revived error's `kind` is the most specific one again.
const guards: Record<
  Exclude<shared.SessionErrorKind, 'session-api'>,
  (value: unknown) => boolean
> = {
  'invalid-input': shared.isInvalidInputError,
  http: shared.isSessionHttpError,
  unauthorized: shared.isUnauthorizedError,
  forbidden: shared.isForbiddenError,
  'not-found': shared.isNotFoundError,
  conflict: shared.isConflictError,
  'rate-limited': shared.isRateLimitedError,
  timeout: shared.isSessionTimeoutError,
  network: shared.isSessionNetworkError,
  'invalid-response': shared.isInvalidResponseError,
};

function kindsOf(error: unknown): shared.SessionErrorKind[] | null {
  if (!shared.isSessionApiError(error)) {
    return null;
  }
  const kinds = Object.entries(guards)
    .filter(([, is]) => is(error))
    .map(([kind]) => kind as shared.SessionErrorKind);
  return ['session-api', ...kinds];
}

export function serializeError(error: unknown): SerializedError {
  const record = (
    typeof error === 'object' && error !== null ? error : {}
  ) as Record<PropertyKey, unknown>;
  return {
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    kinds: kindsOf(error),
    status: typeof record['status'] === 'number' ? record['status'] : null,
    problem: record['problem'] ?? null,
    signInProblem: error instanceof SignInError ? error.problem : null,
    detail: error instanceof SignInError ? error.detail : null,
  };
}

/**
 * Rebuilds an error the page can test with the client's guards
 * (`isUnauthorizedError` and the rest read the brand, not the class).
 */
export function reviveError(serialized: SerializedError): Error {
  if (serialized.signInProblem) {
    return new SignInError(
      serialized.signInProblem,
      serialized.detail ?? serialized.message,
    );
  }
  if (!serialized.kinds) {
    const error = new Error(serialized.message);
    error.name = serialized.name;
    return error;
  }

  const error = new shared.SessionApiError(
    serialized.message,
    serialized.kinds.filter((kind) => kind !== 'session-api'),
    null,
  );
  return Object.assign(error, {
    status: serialized.status,
    problem: serialized.problem,
  });
}
