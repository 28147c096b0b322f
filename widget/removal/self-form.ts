import { msg, str } from '@lit/localize';
import { html, type TemplateResult } from 'lit';

import type { UserSession } from '../../shared/index.ts';
import { deviceTitle, parseUserAgent } from '../device.ts';
import type { RemovalRequest } from '../events.ts';
import type { Formats } from '../i18n/format.ts';
import type { RemovalKind } from './dialog.ts';

/** One device, every other device, or all of them with this one. */
export type SelfTarget = 'session' | 'others' | 'all';

export interface SelfDraft {
  readonly target: SelfTarget;

  /** The sessions that will end. */
  readonly sessions: readonly UserSession[];
}

function device(session: UserSession | undefined): string {
  return deviceTitle(parseUserAgent(session?.details.userAgent ?? null));
}

export function selfTitle(draft: SelfDraft): string {
  switch (draft.target) {
    case 'session':
      return msg(str`Sign out ${device(draft.sessions[0])}?`);
    case 'others':
      return msg('Sign out your other sessions?');
    case 'all':
      return msg('Sign out everywhere?');
  }
}

/** What happens next, in plain words. */
export function selfExplanation(
  draft: SelfDraft,
  formats: Formats,
): TemplateResult {
  const count = draft.sessions.length;
  const n = formats.number(count);
  switch (draft.target) {
    case 'session':
      return html`<p>
        ${msg(
          `That device will have to sign in again. Apps you use there are told \
that you signed out. This device stays signed in.`,
        )}
      </p>`;
    case 'others':
      return html`<p>
        ${formats.plural(
          count,
          () => msg('Your 1 other session ends.'),
          () => msg(str`Your ${n} other sessions end.`),
        )}
        ${msg(
          `Those devices will have to sign in again. This device stays signed \
in.`,
        )}
      </p>`;
    case 'all':
      return html`<p>
        ${formats.plural(
          count,
          () => msg('Your 1 session ends, the one on this device.'),
          () => msg(str`All ${n} of your sessions end, including this device.`),
        )}
        ${msg(
          `You will be signed out here too, and will have to sign in again on \
every device. Apps you use are told that you signed out.`,
        )}
      </p>`;
  }
}

/** The confirm button: the effect, named. */
export function selfEffect(draft: SelfDraft, formats: Formats): string {
  const count = draft.sessions.length;
  switch (draft.target) {
    case 'session':
      return msg(str`Sign out ${device(draft.sessions[0])}`);
    case 'others':
      return formats.plural(
        count,
        () => msg('Sign out 1 other session'),
        () => msg(str`Sign out ${formats.number(count)} other sessions`),
      );
    case 'all':
      return msg('Sign out everywhere');
  }
}

export function selfTargetsList(draft: SelfDraft, formats: Formats) {
  return html`<ul class="targets">
    ${draft.sessions.map(
      (session) =>
        html`<li>
          <span>${device(session)}</span>
          <span class="mono">${session.details.ipAddress ?? ''}</span>
          <span class="muted">
            <time class="ago" datetime=${session.renewed.toISOString()}
              >${formats.relative(session.renewed)}</time
            >
          </span>
        </li>`,
    )}
  </ul>`;
}

/** A user's own removal: one device, the others, or everywhere. */
export const selfRemoval: RemovalKind<SelfDraft> = {
  mode: 'self',
  title: selfTitle,
  effect: selfEffect,
  ready: (_draft, host) => !host.offline,
  form: (draft, host) =>
    html`${selfExplanation(draft, host.formats)}
    ${selfTargetsList(draft, host.formats)}`,
  // Self-service removals carry no reason.
  reason: () => null,
  items: (draft) => {
    const target = draft.target;
    const request: RemovalRequest = {
      mode: 'self',
      input:
        target === 'session'
          ? { target, sessionId: draft.sessions[0]?.sessionId ?? '' }
          : { target },
    };
    return [{ key: target, request, sessions: draft.sessions }];
  },
  label: ({ request, sessions }) =>
    request.mode === 'self' && request.input.target === 'others'
      ? msg('Your other sessions')
      : request.mode === 'self' && request.input.target === 'all'
        ? msg('All your sessions')
        : device(sessions[0]),
};
