import { msg, str } from '@lit/localize';

import {
  isConflictError,
  isForbiddenError,
  isInvalidInputError,
  isInvalidResponseError,
  isNotFoundError,
  isRateLimitedError,
  isSessionHttpError,
  isSessionNetworkError,
  isSessionTimeoutError,
  isUnauthorizedError,
} from '../../shared/index.ts';

/**
 * What went wrong, in a sentence a person can act on. The client's own
 * message (English, with the URL and status) is technical detail, shown
 * apart from this sentence.
 */
export function describeProblem(error: unknown): string {
  if (isUnauthorizedError(error)) {
    return msg('Your sign-in has expired or was ended.');
  }
  if (isForbiddenError(error)) {
    const scope = error.requiredScope;
    return scope
      ? msg(str`Your sign-in lacks the permission "${scope}".`)
      : msg('Your sign-in lacks the permission for this.');
  }
  if (isConflictError(error) && error.serverSideSessionsDisabled) {
    return msg('This identity provider keeps no server-side sessions.');
  }
  if (isNotFoundError(error)) {
    return msg('The identity provider does not know this session.');
  }
  if (isRateLimitedError(error)) {
    return msg('The identity provider asked to slow down. Try again soon.');
  }
  if (isSessionTimeoutError(error)) {
    return msg('The identity provider took too long to answer.');
  }
  if (isSessionNetworkError(error)) {
    return error.sent
      ? msg('The identity provider could not be reached.')
      : msg('Part of this page could not be loaded, so nothing was sent.');
  }
  if (isInvalidResponseError(error)) {
    return msg(
      'The identity provider answered in a form this page cannot read.',
    );
  }
  if (isInvalidInputError(error)) {
    return msg('This request is not valid.');
  }
  if (isSessionHttpError(error) && error.status >= 500) {
    return msg(str`The identity provider failed (HTTP ${error.status}).`);
  }
  if (isSessionHttpError(error)) {
    return msg(
      str`The identity provider refused the request (HTTP ${error.status}).`,
    );
  }
  return msg('Something unexpected went wrong.');
}

/** The technical message, for a "details" disclosure; empty when none. */
export function technicalDetail(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : '';
}
