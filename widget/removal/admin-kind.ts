import { msg, str } from '@lit/localize';

import type { UserSession } from '../../shared/index.ts';
import { deviceTitle, parseUserAgent } from '../device.ts';
import {
  adminEffect,
  adminForm,
  adminReady,
  type AdminDraft,
  type AdminFormContext,
} from './admin-form.ts';
import type { RemovalHost, RemovalKind } from './dialog.ts';
import { defaultFlags, plannedCalls } from './plan.ts';

/** A fresh admin draft: the chosen sessions, Duende's defaults. */
export function adminDraft(sessions: readonly UserSession[]): AdminDraft {
  return {
    sessions,
    choice: {
      scope: 'sessions',
      flags: defaultFlags,
      clients: null,
      reason: '',
    },
    ownConfirmed: false,
  };
}

function formContext(
  draft: AdminDraft,
  host: RemovalHost,
  change: (update: (draft: AdminDraft) => AdminDraft) => void = () => {},
): AdminFormContext {
  return {
    draft,
    formats: host.formats,
    operator: host.operator,
    requireReason: host.requireReason,
    offline: host.offline,
    change,
  };
}

/** An operator's removal: the form with flags, clients and a reason. */
export const adminRemoval: RemovalKind<AdminDraft> = {
  mode: 'admin',
  title: () => msg('Sign out sessions'),
  effect: adminEffect,
  ready: (draft, host) => adminReady(formContext(draft, host)),
  form: (draft, host, change) => adminForm(formContext(draft, host, change)),
  reason: (draft) => draft.choice.reason.trim() || null,
  items: (draft, reason) =>
    plannedCalls(draft.sessions, { ...draft.choice, reason: reason ?? '' }).map(
      (call) => ({
        key: call.key,
        request: { mode: 'admin', input: call.input },
        sessions: call.sessions,
      }),
    ),
  label: ({ request, sessions }) => {
    const first = sessions[0];
    const person = first ? (first.displayName ?? first.subjectId) : '';
    if (request.mode === 'admin' && request.input.sessionId === undefined) {
      return msg(str`Every session of ${person}`);
    }
    const device = deviceTitle(
      parseUserAgent(first?.details.userAgent ?? null),
    );
    return msg(str`${person}, ${device}`);
  },
};
