import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import { spinner } from './parts.ts';

/**
 * The states that replace a list while it loads or when it is empty, and
 * the offline banner. Each says what is going on and offers the one
 * action that helps. The failures are in `rare-states.ts`, a chunk of
 * their own.
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

export function offlineBanner(hasData: boolean): TemplateResult {
  return html`<p class="banner" part="banner" role="status">
    ${
      hasData
        ? msg(
            `You are offline. The list below may be out of date, and signing \
out waits until the connection is back.`,
          )
        : msg('You are offline. The list loads when the connection is back.')
    }
  </p>`;
}

export function unconfiguredState(): TemplateResult {
  return html`<div class="state" part="state" role="status">
    <p>
      ${msg(
        `No session service is set: the page must give an endpoint, an issuer \
or a client.`,
      )}
    </p>
  </div>`;
}
