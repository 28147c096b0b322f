import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import type { SignedInClient, UserSession } from '../shared/index.ts';
import type { Formats } from './i18n/format.ts';

/**
 * Small pieces of markup more than one view uses. Every piece of user data
 * goes through a text binding, so a display name or a user agent full of
 * markup is shown as the characters it is.
 */

/**
 * Gives the relative time under the pointer (the class `ago`) its exact
 * time as a tooltip, and takes it away when the pointer leaves. Formatting
 * three exact times for every row on every update was a third of the time
 * a 100-row page took to draw, for tooltips nobody sees until they hover.
 * A tooltip exists only while it can show, so a row drawn again for
 * another session never keeps the one before's. The date is a `<time>`'s
 * `datetime`, or what `dateOf` says for one without it. The detail dialog
 * shows the exact times as text.
 */
export function showExactTime(
  event: Event,
  formats: Formats,
  dateOf: (time: Element) => Date | null,
): void {
  const target = event.composedPath()[0];
  // Only relative times: an exact one says it already.
  const time = target instanceof Element ? target.closest('.ago') : null;
  if (!time) {
    return;
  }

  if (event.type === 'pointerout') {
    time.removeAttribute('title');
    return;
  }
  const date =
    time instanceof HTMLTimeElement && time.dateTime
      ? new Date(time.dateTime)
      : dateOf(time);
  if (date && !Number.isNaN(date.getTime())) {
    time.setAttribute('title', formats.exact(date));
  }
}

export function badge(text: string, kind = ''): TemplateResult {
  return html`<span class="badge ${kind}">${text}</span>`;
}

/** A session's clients, described when the host described them. */
export function clientsOf(session: UserSession): readonly SignedInClient[] {
  const described = new Map(
    (session.clients ?? []).map((client) => [client.clientId, client]),
  );
  return session.clientIds.map(
    (clientId) =>
      described.get(clientId) ?? {
        clientId,
        displayName: null,
        backchannelLogout: false,
      },
  );
}

export function clientName(client: SignedInClient): string {
  return client.displayName ?? client.clientId;
}

/** A visually hidden polite live region with `text`. */
export function announce(text: string): TemplateResult {
  return html`<p class="visually-hidden" role="status" aria-live="polite">
    ${text}
  </p>`;
}

export function spinner(label: string): TemplateResult {
  return html`<span class="spinner" role="img" aria-label=${label}></span>`;
}

/**
 * A sign-out button. `act` gets the button, so focus can return to it;
 * `label` names it for screen readers where its text alone is too short.
 */
export function dangerButton(
  text: string,
  disabled: boolean,
  act: (trigger: Element) => void,
  label?: string,
): TemplateResult {
  return html`<button
    type="button"
    part="danger-button"
    class="danger"
    aria-label=${label ?? nothing}
    ?disabled=${disabled}
    @click=${(event: Event) => act(event.currentTarget as Element)}
  >
    ${text}
  </button>`;
}

/**
 * A search or filter form: its fields come in `content`; `submit` gets
 * the form on Enter or its button, without the page reloading.
 */
export function searchBar(
  label: string,
  submit: (form: HTMLFormElement) => void,
  content: unknown,
): TemplateResult {
  return html`<form
    class="search"
    part="toolbar"
    role="search"
    aria-label=${label}
    @submit=${(event: SubmitEvent) => {
      event.preventDefault();
      submit(event.target as HTMLFormElement);
    }}
  >
    ${content}
  </form>`;
}

/** A labelled search box that grows to fill its row. */
export function searchField(
  label: string,
  name: string,
  value: string,
  input: (text: string) => void = () => {},
): TemplateResult {
  return html`<label class="field grow">
    <span>${label}</span>
    <input
      type="search"
      name=${name}
      part="search-input"
      autocomplete="off"
      spellcheck="false"
      maxlength="200"
      .value=${value}
      @input=${(event: Event) =>
        input((event.target as HTMLInputElement).value)}
    />
  </label>`;
}

/** The button that does again what failed. */
export function tryAgain(retry: () => void, disabled = false): TemplateResult {
  return html`<button
    type="button"
    part="button"
    ?disabled=${disabled}
    @click=${retry}
  >
    ${msg('Try again')}
  </button>`;
}
