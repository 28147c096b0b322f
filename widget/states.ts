import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import { describeProblem, technicalDetail } from './i18n/problems.ts';
import { spinner } from './parts.ts';

/**
 * The states that replace a list: loading, empty, failed, signed out, a
 * host without server-side sessions, nothing configured. Each says what
 * is going on and offers the one action that helps.
 */

export function loadingState(): TemplateResult {
  return html`<div class="state" part="state" aria-busy="true">
    ${spinner(msg('Loading'))}
    <p>${msg('Loading sessions…')}</p>
  </div>`;
}

export function emptyState(
  text: string,
  refresh: () => void,
  disabled: boolean,
  extra: TemplateResult | typeof nothing = nothing,
): TemplateResult {
  return html`<div class="state" part="state">
    <p>${text}</p>
    <div class="buttons center">
      ${extra}
      <button
        type="button"
        part="button"
        ?disabled=${disabled}
        @click=${refresh}
      >
        ${msg('Refresh')}
      </button>
    </div>
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
    <div class="buttons center">
      <button type="button" part="button" ?disabled=${disabled} @click=${retry}>
        ${msg('Try again')}
      </button>
    </div>
  </div>`;
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
              'The identity provider no longer accepts this sign-in. Sign in again to manage sessions.',
            )
      }
    </p>
    <div class="buttons center">
      <button type="button" part="button" @click=${retry}>
        ${msg('Try again')}
      </button>
    </div>
  </div>`;
}

export function disabledState(): TemplateResult {
  return html`<div class="state" part="state" role="status">
    <p><strong>${msg('Server-side sessions are not turned on.')}</strong></p>
    <p>
      ${msg(
        'This identity provider keeps no sessions on its side, so there is nothing to list or sign out here. An administrator can turn server-side sessions on.',
      )}
    </p>
  </div>`;
}

export function unconfiguredState(): TemplateResult {
  return html`<div class="state" part="state" role="status">
    <p>
      ${msg(
        'No session service is set: the page must give an endpoint, an issuer or a client.',
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
    <div class="buttons center">
      <button type="button" part="button" @click=${retry}>
        ${msg('Try again')}
      </button>
    </div>
  </div>`;
}

export function offlineBanner(hasData: boolean): TemplateResult {
  return html`<p class="banner" part="banner" role="status">
    ${
      hasData
        ? msg(
            'You are offline. The list below may be out of date, and signing out waits until the connection is back.',
          )
        : msg('You are offline. The list loads when the connection is back.')
    }
  </p>`;
}
