import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import { describeProblem, technicalDetail } from './i18n/problems.ts';
import { tryAgain } from './parts.ts';
import type { Problems } from './render.ts';

/**
 * The failures: a list that could not load or refresh, and the states
 * that replace the whole element (signed out, a host without server-side
 * sessions, no connection). They are rare enough to be a chunk of their
 * own, fetched the first time something fails.
 */

/** How a list shows its failures. */
export function problems(offline: boolean): Problems {
  return {
    failed: (error, retry) => errorState(error, retry, offline),
    stale: staleError,
  };
}

/** The state that replaces the whole element, or null when none does. */
export function wholeState(
  connectionError: unknown,
  signedOut: 'expired' | 'everywhere' | null,
  disabled: boolean,
  retry: () => void,
): TemplateResult | null {
  if (connectionError !== null) {
    return connectionFailedState(connectionError, retry);
  }
  if (signedOut) {
    return signedOutState(signedOut === 'everywhere', retry);
  }
  return disabled ? disabledState() : null;
}

export function signedOutState(
  everywhere: boolean,
  retry: () => void,
): TemplateResult {
  return html`<div class="state" part="state" role="status">
    <p>
      <strong>
        ${
          everywhere
            ? msg('You are signed out everywhere.')
            : msg('Your sign-in has ended.')
        }
      </strong>
    </p>
    <p>
      ${
        everywhere
          ? msg('Every session ended, this one too. Sign in again to go on.')
          : msg(
              `The identity provider no longer accepts this sign-in. Sign in \
again to manage sessions.`,
            )
      }
    </p>
    <div class="buttons center">${tryAgain(retry)}</div>
  </div>`;
}

export function disabledState(): TemplateResult {
  return html`<div class="state" part="state" role="status">
    <p><strong>${msg('Server-side sessions are not turned on.')}</strong></p>
    <p>
      ${msg(
        `This identity provider keeps no sessions on its side, so there is \
nothing to list or sign out here. An administrator can turn server-side \
sessions on.`,
      )}
    </p>
  </div>`;
}

export function connectionFailedState(
  error: unknown,
  retry: () => void,
): TemplateResult {
  return html`<div class="state error" part="state" role="alert">
    <p><strong>${msg('The session service could not be reached.')}</strong></p>
    <p>${describeProblem(error)}</p>
    <p class="mono">${technicalDetail(error)}</p>
    <div class="buttons center">${tryAgain(retry)}</div>
  </div>`;
}

export function errorState(
  error: unknown,
  retry: () => void,
  disabled: boolean,
): TemplateResult {
  const detail = technicalDetail(error);
  return html`<div class="state error" part="state" role="alert">
    <p><strong>${msg('The sessions could not be loaded.')}</strong></p>
    <p>${describeProblem(error)}</p>
    ${
      detail
        ? html`<details>
            <summary>${msg('Technical details')}</summary>
            <p class="mono">${detail}</p>
          </details>`
        : nothing
    }
    <div class="buttons center">${tryAgain(retry, disabled)}</div>
  </div>`;
}

/** An error over a list that is still shown: the refresh failed. */
export function staleError(error: unknown, retry: () => void): TemplateResult {
  return html`<p class="banner problem" part="banner" role="alert">
    ${msg(str`Could not refresh: ${describeProblem(error)}`)} ${tryAgain(retry)}
  </p>`;
}
