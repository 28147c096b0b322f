import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import { limits, type UserSession } from '../../shared/index.ts';
import { deviceTitle, parseUserAgent } from '../device.ts';
import type { Formats } from '../i18n/format.ts';
import { badge } from '../parts.ts';
import {
  consequences,
  knownClients,
  subjectsOf,
  type Consequences,
  type RemovalChoice,
  type RemovalFlags,
} from './plan.ts';
import { preview } from './preview.ts';

export interface AdminDraft {
  readonly sessions: readonly UserSession[];
  readonly choice: RemovalChoice;

  /** The operator confirmed, a second time, that it touches their own. */
  readonly ownConfirmed: boolean;
}

export interface AdminFormContext {
  readonly draft: AdminDraft;
  readonly formats: Formats;
  readonly operator: {
    readonly subjectId: string | null;
    readonly sessionId: string | null;
  };
  readonly requireReason: boolean;
  readonly offline: boolean;
  /** Applies a change to the draft as it is when the change happens. */
  readonly change: (update: (draft: AdminDraft) => AdminDraft) => void;
}

/** How many chosen sessions the dialog lists before "and N more". */
const listed = 8;

const flagNames: readonly (keyof RemovalFlags)[] = [
  'removeServerSideSession',
  'sendBackchannelLogoutNotification',
  'revokeTokens',
  'revokeConsents',
];

function flagLabel(flag: keyof RemovalFlags): [string, string] {
  switch (flag) {
    case 'removeServerSideSession':
      return [
        msg('End the session at the identity provider'),
        msg('The next visit to any client asks to sign in.'),
      ];
    case 'sendBackchannelLogoutNotification':
      return [
        msg('Tell the clients (back-channel logout)'),
        msg(
          'Clients with a back-channel logout address end their own sign-in.',
        ),
      ];
    case 'revokeTokens':
      return [
        msg('Revoke tokens'),
        msg(
          `Refresh tokens, opaque access tokens and pending codes stop \
working.`,
        ),
      ];
    case 'revokeConsents':
      return [
        msg('Revoke consents'),
        msg('The next sign-in to those clients asks for consent again.'),
      ];
  }
}

export function adminConsequences(context: AdminFormContext): Consequences {
  const { draft, operator } = context;
  return consequences(draft.sessions, draft.choice, operator);
}

/** Whether the form, as filled in, may be confirmed. */
export function adminReady(context: AdminFormContext): boolean {
  const result = adminConsequences(context);
  const { draft } = context;
  const reasonOk = !context.requireReason || draft.choice.reason.trim() !== '';
  const ownOk = !(result.ownSession || result.ownSubject) || draft.ownConfirmed;
  return result.problem === null && reasonOk && ownOk && !context.offline;
}

/** "Sign out 3 sessions": the confirm button names what will happen. */
export function adminEffect(draft: AdminDraft, formats: Formats): string {
  const { flags, scope } = draft.choice;
  const count =
    scope === 'sessions'
      ? draft.sessions.length
      : subjectsOf(draft.sessions).length;
  const n = formats.number(count);
  const pick = (one: () => string, other: () => string) =>
    formats.plural(count, one, other);

  if (flags.removeServerSideSession) {
    return scope === 'sessions'
      ? pick(
          () => msg('Sign out 1 session'),
          () => msg(str`Sign out ${n} sessions`),
        )
      : pick(
          () => msg('Sign out every session of 1 user'),
          () => msg(str`Sign out every session of ${n} users`),
        );
  }
  if (flags.revokeTokens) {
    return scope === 'sessions'
      ? pick(
          () => msg('Revoke the tokens of 1 session'),
          () => msg(str`Revoke the tokens of ${n} sessions`),
        )
      : pick(
          () => msg('Revoke the tokens of 1 user'),
          () => msg(str`Revoke the tokens of ${n} users`),
        );
  }
  if (flags.revokeConsents && scope === 'subjects') {
    return pick(
      () => msg('Revoke the consents of 1 user'),
      () => msg(str`Revoke the consents of ${n} users`),
    );
  }
  return pick(
    () => msg('Tell the clients of 1 session'),
    () => msg(str`Tell the clients of ${n} sessions`),
  );
}

export function adminForm(context: AdminFormContext): TemplateResult {
  const { draft, formats, change } = context;
  const { choice, sessions } = draft;
  const result = adminConsequences(context);
  const clients = knownClients(sessions);
  const subjects = subjectsOf(sessions);
  // Every change reads the draft as it is then, not as it was drawn, so
  // quick successive clicks all count.
  const set = (next: (choice: RemovalChoice) => Partial<RemovalChoice>): void =>
    change((now) => ({
      ...now,
      choice: { ...now.choice, ...next(now.choice) },
    }));
  const single = sessions.length === 1 ? sessions[0] : undefined;
  const person = single ? (single.displayName ?? single.subjectId) : '';
  const n = (value: number) => formats.number(value);

  return html`<section aria-labelledby="targets-heading">
      <h3 id="targets-heading">
        ${formats.plural(
          sessions.length,
          () => msg('The chosen session'),
          () =>
            msg(str`The ${formats.number(sessions.length)} chosen sessions`),
        )}
      </h3>
      <ul class="targets">
        ${sessions.slice(0, listed).map((session) => target(session, context))}
        ${
          sessions.length > listed
            ? html`<li class="muted">
                ${msg(str`and ${n(sessions.length - listed)} more`)}
              </li>`
            : nothing
        }
      </ul>
    </section>

    <fieldset>
      <legend>${msg('What to sign out')}</legend>
      ${radio(
        'scope',
        'sessions',
        choice.scope === 'sessions',
        () => set(() => ({ scope: 'sessions' })),
        formats.plural(
          sessions.length,
          () => msg('Only this session'),
          () =>
            msg(str`Only these ${formats.number(sessions.length)} sessions`),
        ),
      )}
      ${radio(
        'scope',
        'subjects',
        choice.scope === 'subjects',
        () => set(() => ({ scope: 'subjects' })),
        subjects.length === 1
          ? msg(str`Every session of ${person || (subjects[0] ?? '')}`)
          : msg(str`Every session of these ${n(subjects.length)} users`),
      )}
    </fieldset>

    <fieldset>
      <legend>${msg('What happens')}</legend>
      ${flagNames.map((flag) => {
        const [label, hint] = flagLabel(flag);
        return html`<label class="choice">
          <input
            type="checkbox"
            name=${flag}
            .checked=${choice.flags[flag]}
            @change=${(event: Event) => {
              const on = (event.target as HTMLInputElement).checked;
              set((now) => ({ flags: { ...now.flags, [flag]: on } }));
            }}
          />
          <span>${label}<small>${hint}</small></span>
        </label>`;
      })}
    </fieldset>

    ${clientChoice(context, clients, set)}

    <section class="preview" aria-labelledby="preview-heading">
      <h3 id="preview-heading">${msg('What this will do')}</h3>
      ${preview(result, choice, formats)}
    </section>

    ${ownWarning(context, result)}

    <label class="reason">
      <span>
        ${
          context.requireReason
            ? msg('Reason (required, kept in the removal history)')
            : msg('Reason (optional, kept in the removal history)')
        }
      </span>
      <textarea
        name="reason"
        rows="2"
        maxlength=${limits.reasonLength}
        ?required=${context.requireReason}
        .value=${choice.reason}
        @input=${(event: Event) => {
          const reason = (event.target as HTMLTextAreaElement).value;
          set(() => ({ reason }));
        }}
      ></textarea>
    </label>
    ${problemText(result)}`;
}

/** One option of a choice between a few. */
function radio(
  name: string,
  value: string,
  checked: boolean,
  chosen: () => void,
  label: string,
): TemplateResult {
  return html`<label class="choice">
    <input
      type="radio"
      name=${name}
      value=${value}
      .checked=${checked}
      @change=${chosen}
    />
    ${label}
  </label>`;
}

function target(session: UserSession, context: AdminFormContext) {
  const device = deviceTitle(parseUserAgent(session.details.userAgent));
  const own = session.sessionId === context.operator.sessionId;
  return html`<li>
    <span class="name">${session.displayName ?? msg('No name')}</span>
    <span class="id">${session.subjectId}</span>
    <span>${device}</span>
    <span class="mono">${session.details.ipAddress ?? ''}</span>
    <span class="id">${session.sessionId}</span>
    ${own ? badge(msg('Your session'), 'warn') : nothing}
  </li>`;
}

function clientChoice(
  context: AdminFormContext,
  clients: ReturnType<typeof knownClients>,
  set: (next: (choice: RemovalChoice) => Partial<RemovalChoice>) => void,
): TemplateResult | typeof nothing {
  if (clients.length === 0) {
    return nothing;
  }

  const chosen = context.draft.choice.clients;
  const some = chosen !== null;
  return html`<fieldset>
    <legend>${msg('Which clients')}</legend>
    ${radio(
      'clients',
      'all',
      !some,
      () => set(() => ({ clients: null })),
      msg('Every client'),
    )}
    ${radio(
      'clients',
      'some',
      some,
      () => set(() => ({ clients: clients.map((client) => client.clientId) })),
      msg('Only the clients ticked here'),
    )}
    <div class="client-list">
      ${clients.map(
        (client) =>
          html`<label class="choice">
            <input
              type="checkbox"
              name="client"
              value=${client.clientId}
              ?disabled=${!some}
              .checked=${!some || (chosen?.includes(client.clientId) ?? false)}
              @change=${(event: Event) => {
                const on = (event.target as HTMLInputElement).checked;
                set((now) => {
                  const rest = (now.clients ?? []).filter(
                    (id) => id !== client.clientId,
                  );
                  return { clients: on ? [...rest, client.clientId] : rest };
                });
              }}
            />
            <span
              >${client.name} <span class="id">${client.clientId}</span></span
            >
          </label>`,
      )}
    </div>
  </fieldset>`;
}

function ownWarning(
  context: AdminFormContext,
  result: Consequences,
): TemplateResult | typeof nothing {
  if (!result.ownSession && !result.ownSubject) {
    return nothing;
  }

  const { draft, change } = context;
  return html`<div class="warning" role="alert">
    <p>
      ${
        result.ownSession
          ? msg(
              `This includes the session you are using now. Ending it signs \
you out of this page too.`,
            )
          : msg('This includes sessions of your own account.')
      }
    </p>
    <label class="choice">
      <input
        type="checkbox"
        name="own"
        .checked=${draft.ownConfirmed}
        @change=${(event: Event) =>
          change((now) => ({
            ...now,
            ownConfirmed: (event.target as HTMLInputElement).checked,
          }))}
      />
      ${
        result.ownSession
          ? msg('Yes, sign me out as well')
          : msg('Yes, include my own sessions')
      }
    </label>
  </div>`;
}

function problemText(result: Consequences): TemplateResult | typeof nothing {
  switch (result.problem) {
    case 'no-flag':
      return html`<p class="problem">
        ${msg('Choose at least one thing to happen.')}
      </p>`;
    case 'no-client':
      return html`<p class="problem">${msg('Tick at least one client.')}</p>`;
    case 'no-effect':
      return html`<p class="problem">
        ${msg(
          `Revoking consents alone does nothing for single sessions: sign out \
every session of the user, or choose something else too.`,
        )}
      </p>`;
    case null:
      return nothing;
  }
}
