import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import type { UserSession } from '../../shared/index.ts';
import { deviceOutline, deviceTitle, parseUserAgent } from '../device.ts';
import type { Formats } from '../i18n/format.ts';
import { badge, clientName, clientsOf } from '../parts.ts';
import type { SessionsView } from './sessions-view.ts';

/**
 * A page's rows are drawn again in place for the next page's sessions. A
 * row whose session has fewer clients than the one before it had would
 * drop chips, and the next row add them back: cloning, inserting and
 * removing about 50 buttons a 100-row step, a fifth of its time. So every
 * row gets as many chips as the page's busiest session, up to this many,
 * the spare ones hidden, and a row's chips change in place. Only once the
 * view has turned a page, though: its first page has no rows to reuse,
 * and the spares cost a cached one of 25 rows 1.5 ms of 18 in a probe
 * (within the noise of an interleaved comparison).
 */
const chipSlots = 3;

export interface ResultsContext {
  readonly view: SessionsView;
  readonly formats: Formats;
  readonly operator: {
    readonly subjectId: string | null;
    readonly sessionId: string | null;
  };
  readonly offline: boolean;
  readonly showDetail: (session: UserSession, trigger: Element) => void;
  readonly remove: (session: UserSession, trigger: Element) => void;
  readonly filterClient: (clientId: string) => void;
}

/**
 * The admin results: one row per session with who, device, address,
 * times and clients, a checkbox for bulk actions, and the session's own
 * actions. Sessions that vanished since the last look stay one round,
 * marked, without actions.
 */
export function resultsTable(context: ResultsContext): TemplateResult {
  const { view } = context;
  const visible = view.visible;
  const chosen = visible.filter((s) => view.selection.has(s.sessionId));
  const all = visible.length > 0 && chosen.length === visible.length;
  const slots = view.turned
    ? Math.min(
        chipSlots,
        Math.max(0, ...visible.map((session) => session.clientIds.length)),
      )
    : 0;

  return html`<table part="results" class="results">
    <caption class="visually-hidden">
      ${msg('Sessions')}
    </caption>
    <thead>
      <tr>
        <th scope="col" class="pick">
          <input
            type="checkbox"
            aria-label=${msg('Select all sessions on this page')}
            .checked=${all}
            .indeterminate=${chosen.length > 0 && !all}
            ?disabled=${visible.length === 0}
            @change=${(event: Event) =>
              view.toggleVisible((event.target as HTMLInputElement).checked)}
          />
        </th>
        <th scope="col">${msg('User')}</th>
        <th scope="col">${msg('Device')}</th>
        <th scope="col" class="wide">${msg('IP address')}</th>
        <th scope="col" class="wide">${msg('Created')}</th>
        <th scope="col" class="wide">${msg('Last renewed')}</th>
        <th scope="col" class="mid">${msg('Expires')}</th>
        <th scope="col">${msg('Clients')}</th>
        <th scope="col">
          <span class="visually-hidden">${msg('Actions')}</span>
        </th>
      </tr>
    </thead>
    <tbody
      @click=${(event: Event) => answerRow(event, context)}
      @change=${(event: Event) => answerRow(event, context)}
    >
      ${visible.map((session, index) => row(session, index, context, slots))}
      ${view.vanished.map((session, index) =>
        row(session, visible.length + index, context, slots, true),
      )}
    </tbody>
  </table>`;
}

// A row is one template with as few nested ones as the markup allows:
// each nested template is one more clone and one more walk over its nodes
// when a row is first drawn, and one more part to check on every update.
// So the device icon and the times are written out here rather than taken
// from `deviceIcon` and `timeText`, and a vanished session's checkbox and
// buttons are hidden and disabled rather than left out: drawing 25 cached
// rows took 15 % less.
//
// Paging draws the same rows again for other sessions, and every binding
// whose value changes is a DOM write: a 100-row step made about 1,700.
// So a row writes what people read and little else. The checkbox and the
// buttons are named by the row's own cells (`aria-labelledby` with ids
// that follow the row's place, the same on every page) rather than by a
// sentence of their own with the person in it, and a relative time keeps
// its exact time out of the DOM until the pointer asks for it
// (`rowTimeOf`). Those two took a 100-row update from 7.4 to 5.0 ms
// (medians, measured interleaved).
function row(
  session: UserSession,
  index: number,
  context: ResultsContext,
  slots: number,
  vanished = false,
): TemplateResult {
  const { view, formats, operator } = context;
  const device = parseUserAgent(session.details.userAgent);
  const title = deviceTitle(device);
  const appeared = view.appeared.has(session.sessionId);
  const own = session.sessionId === operator.sessionId;
  const yours = session.subjectId === operator.subjectId;
  const state = vanished ? 'vanished' : appeared ? 'appeared' : '';
  const active = view.search.client;
  const who = `who-${index}`;
  const where = `device-${index}`;
  const details = `details-${index}`;
  const signOut = `sign-out-${index}`;
  const expires = session.expires
    ? formats.relative(session.expires)
    : msg('Never');

  return html`<tr class=${state} data-session=${session.sessionId}>
    <td class="pick">
      <input
        type="checkbox"
        data-action="select"
        ?hidden=${vanished}
        ?disabled=${vanished}
        aria-labelledby="${who} ${where}"
        .checked=${view.selection.has(session.sessionId)}
      />
    </td>
    <td>
      <div class="who" id=${who}>
        <span class="name ${session.displayName ? '' : 'muted'}"
          >${session.displayName ?? msg('No name')}</span
        >
        <div class="id">${session.subjectId}</div>
      </div>
      ${badges(own, yours, appeared, vanished)}
    </td>
    <td>
      <span class="device"
        ><svg
          class="icon"
          viewBox="0 0 24 24"
          aria-hidden="true"
          focusable="false"
        >
          <path d=${deviceOutline(device)}></path></svg
        ><span id=${where}>${title}</span></span
      >
    </td>
    <td class="wide mono">${session.details.ipAddress ?? ''}</td>
    <td class="wide">
      <span class="ago" data-time="created"
        >${formats.relative(session.created)}</span
      >
    </td>
    <td class="wide">
      <span class="ago" data-time="renewed"
        >${formats.relative(session.renewed)}</span
      >
    </td>
    <td class="mid">
      <span class=${session.expires ? 'ago' : 'muted'} data-time="expires"
        >${expires}</span
      >
    </td>
    <td>
      <div class="chips">
        ${padded(clientsOf(session), slots).map(
          (client) =>
            html`<button
              type="button"
              class="chip"
              ?hidden=${!client}
              title=${client?.clientId ?? nothing}
              aria-pressed=${
                client && active === client.clientId ? 'true' : 'false'
              }
              ?disabled=${vanished || !client}
              data-action="filter"
            >
              ${client ? clientName(client) : '-'}
            </button>`,
        )}
      </div>
    </td>
    <td class="actions">
      <button
        type="button"
        part="button"
        data-later
        id=${details}
        ?hidden=${vanished}
        aria-labelledby="${details} ${who}"
        data-action="details"
      >
        ${msg('Details')}
      </button>
      <button
        type="button"
        part="danger-button"
        class="danger"
        id=${signOut}
        ?hidden=${vanished}
        aria-labelledby="${signOut} ${who}"
        ?disabled=${context.offline}
        data-action="sign-out"
      >
        ${msg('Sign out…')}
      </button>
    </td>
  </tr>`;
}

/**
 * What marks a row, in one binding: each binding is a marker node in every
 * row, and most rows have no badge at all.
 */
function badges(
  own: boolean,
  yours: boolean,
  appeared: boolean,
  vanished: boolean,
): TemplateResult[] {
  const marks: TemplateResult[] = [];
  if (own) {
    marks.push(badge(msg('Your session'), 'warn'));
  } else if (yours) {
    marks.push(badge(msg('You'), 'warn'));
  }
  if (appeared) {
    marks.push(badge(msg('New'), 'new'));
  }
  if (vanished) {
    marks.push(badge(msg('Ended'), 'gone'));
  }
  return marks;
}

/**
 * `items`, then nulls up to `slots`. A spare chip is hidden, disabled and
 * blank: it holds nothing of the session that had it before.
 */
function padded<T>(items: readonly T[], slots: number): (T | null)[] {
  const spare = Math.max(0, slots - items.length);
  return [...items, ...Array<null>(spare).fill(null)];
}

/**
 * What a row's control was used for, answered for the whole table body:
 * one listener for every row's checkbox and buttons rather than one each,
 * which a 25-row page drew 125 of, with their closures, for a click or
 * two. A disabled or hidden control gets no click, so a vanished
 * session's and a spare chip's never reach here.
 */
function answerRow(event: Event, context: ResultsContext): void {
  const control = (event.target as Element).closest<HTMLElement>(
    '[data-action]',
  );
  const session = control && sessionInRow(control, context.view);
  if (!control || !session) {
    return;
  }

  // A checkbox is clicked as well as changed; only its change counts.
  switch (`${event.type} ${control.dataset['action']}`) {
    case 'change select':
      context.view.toggle(session, (control as HTMLInputElement).checked);
      break;
    case 'click details':
      context.showDetail(session, control);
      break;
    case 'click sign-out':
      context.remove(session, control);
      break;
    case 'click filter': {
      // The chips are in the order of the session's clients.
      const chips = [...(control.parentElement?.children ?? [])];
      const clientId = session.clientIds[chips.indexOf(control)];
      if (clientId) {
        context.filterClient(clientId);
      }
      break;
    }
  }
}

/** The session of the row `element` is in, of those on show. */
function sessionInRow(
  element: Element,
  view: SessionsView,
): UserSession | null {
  const id = element.closest('tr')?.getAttribute('data-session');
  return (
    [...view.visible, ...view.vanished].find(
      (session) => session.sessionId === id,
    ) ?? null
  );
}

/**
 * The date a row's relative time stands for, read from the session on
 * show: the rows leave it out of the DOM. Null for anything else.
 */
export function rowTimeOf(time: Element, view: SessionsView): Date | null {
  const session = sessionInRow(time, view);
  const field = time.getAttribute('data-time');
  return session &&
    (field === 'created' || field === 'renewed' || field === 'expires')
    ? session[field]
    : null;
}
