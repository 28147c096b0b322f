/** Why signing in or out did not happen, as a message key of the locales. */
export type SignInProblem =
  | 'notConfigured'
  | 'noPermission'
  | 'cancelled'
  | 'refused'
  | 'noSessionEndpoint';

/**
 * Signing in failed for a reason the options page explains. The message
 * names the reason and, where there is one, what the IdP said.
 */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  readonly problem: SignInProblem;

  /** What Chrome or the IdP said, in their words. */
  readonly detail: string;

  constructor(problem: SignInProblem, detail: string, options?: ErrorOptions) {
    super(`Sign-in failed (${problem}): ${detail}`, options);
    this.problem = problem;
    this.detail = detail;
  }
}
