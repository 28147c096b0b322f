import { hasKind } from './brand.ts';
import type {
  InvalidInputError,
  InvalidResponseError,
  SessionApiError,
  SessionNetworkError,
  SessionTimeoutError,
} from './errors.ts';
import type {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  SessionHttpError,
  UnauthorizedError,
} from './http-errors.ts';

/**
 * Type guards that work across realms: they read the brand every client
 * error carries instead of asking `instanceof`.
 */

export const isSessionApiError = (value: unknown): value is SessionApiError =>
  hasKind(value, 'session-api');

export const isInvalidInputError = (
  value: unknown,
): value is InvalidInputError => hasKind(value, 'invalid-input');

export const isSessionHttpError = (value: unknown): value is SessionHttpError =>
  hasKind(value, 'http');

export const isUnauthorizedError = (
  value: unknown,
): value is UnauthorizedError => hasKind(value, 'unauthorized');

export const isForbiddenError = (value: unknown): value is ForbiddenError =>
  hasKind(value, 'forbidden');

export const isNotFoundError = (value: unknown): value is NotFoundError =>
  hasKind(value, 'not-found');

export const isConflictError = (value: unknown): value is ConflictError =>
  hasKind(value, 'conflict');

export const isRateLimitedError = (value: unknown): value is RateLimitedError =>
  hasKind(value, 'rate-limited');

export const isSessionTimeoutError = (
  value: unknown,
): value is SessionTimeoutError => hasKind(value, 'timeout');

export const isSessionNetworkError = (
  value: unknown,
): value is SessionNetworkError => hasKind(value, 'network');

export const isInvalidResponseError = (
  value: unknown,
): value is InvalidResponseError => hasKind(value, 'invalid-response');

/**
 * True for the rejection of a cancelled call: the caller's signal fired, or
 * a newer call in the same lane replaced it. Such a call did not fail and
 * needs no message.
 */
export function isAbortError(
  value: unknown,
): value is Error & { name: 'AbortError' } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'AbortError'
  );
}
