import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import type { SignedInClient, UserSession } from '../shared/index.ts';
import type { Formats } from './i18n/format.ts';

/**
 * Small pieces of markup more than one view uses. Every piece of user data
 * goes through a text binding, so a display name or a user agent full of
 * markup is shown as the characters it is.
 */

/** A relative time, with the exact one on hover and for machines. */
export function timeText(
  date: Date | null,
  formats: Formats,
  never = msg('Never'),
): TemplateResult {
  if (!date) {
    return html`<span class="muted">${never}</span>`;
  }
  return html`<time datetime=${date.toISOString()} title=${formats.exact(date)}
    >${formats.relative(date)}</time
  >`;
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

/** The person a session belongs to: name when known, and the subject. */
export function who(session: UserSession): TemplateResult {
  return html`<span class="who">
    ${
      session.displayName
        ? html`<span class="name">${session.displayName}</span>`
        : html`<span class="name muted">${msg('No name')}</span>`
    }
    <span class="id">${session.subjectId}</span>
  </span>`;
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

export function when<T>(
  value: T | null | undefined | false,
  render: (value: T) => TemplateResult,
): TemplateResult | typeof nothing {
  return value ? render(value) : nothing;
}
