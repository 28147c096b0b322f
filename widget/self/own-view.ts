import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import type { OwnSession, UserSession } from '../../shared/index.ts';
import { deviceIcon, deviceTitle, parseUserAgent } from '../device.ts';
import type { Formats } from '../i18n/format.ts';
import { ListView, type LoadOptions } from '../list-view.ts';
import {
  badge,
  clientName,
  clientsOf,
  dangerButton,
  searchBar,
  searchField,
} from '../parts.ts';
import { timeText } from '../time-text.ts';
import type { SelfTarget } from '../removal/self-form.ts';

export interface OwnViewContext {
  readonly formats: Formats;
  readonly offline: boolean;

  /** Where the host says each address is, by IP address. */
  readonly locations: Readonly<Record<string, string>>;
  readonly signOut: (
    target: SelfTarget,
    sessions: readonly UserSession[],
    trigger: Element,
  ) => void;
}

/**
 * "Your sessions": the signed-in user's own list, the current session
 * first and marked, with no sign-out button of its own. Signing out one
 * device, every other device, or everywhere are separate actions.
 */
export class OwnSessionsView extends ListView<readonly OwnSession[]> {
  filter = '';
  appeared = new Set<string>();

  get others(): readonly OwnSession[] {
    return (this.page ?? []).filter((session) => !session.current);
  }

  load(options: LoadOptions = {}): Promise<void> {
    const before = options.compare ? this.page : null;
    return this.run(
      'own-sessions',
      (store, signal) =>
        store.listOwnSessions({ signal, cached: !options.fresh }),
      ({ page }) => {
        const known = new Set(before?.map((session) => session.sessionId));
        this.appeared = before
          ? new Set(
              page
                .map((session) => session.sessionId)
                .filter((id) => !known.has(id)),
            )
          : new Set();
        return page.length;
      },
    );
  }

  #matches(session: OwnSession, context: OwnViewContext): boolean {
    const words = this.filter.trim().toLowerCase();
    if (!words) {
      return true;
    }
    const ip = session.details.ipAddress ?? '';
    const text = [
      deviceTitle(parseUserAgent(session.details.userAgent)),
      ip,
      context.locations[ip] ?? '',
      ...clientsOf(session).map(clientName),
    ]
      .join(' ')
      .toLowerCase();
    return words.split(/\s+/).every((word) => text.includes(word));
  }

  render(context: OwnViewContext): TemplateResult {
    const all = this.page ?? [];
    const shown = all.filter((session) => this.#matches(session, context));
    const others = this.others;
    const formats = context.formats;

    const filtered = (text: string) => {
      this.filter = text;
      this.host.requestUpdate();
    };
    return html`${searchBar(
        msg('Filter your sessions'),
        () => {},
        searchField(
          msg('Filter by device, address or app'),
          'filter',
          this.filter,
          filtered,
        ),
      )}
      <ul class="devices" part="results" aria-label=${msg('Your sessions')}>
        ${shown.map((session) => this.#item(session, context))}
      </ul>
      ${
        shown.length === 0 && all.length > 0
          ? html`<p class="muted">${msg('No session matches the filter.')}</p>`
          : nothing
      }
      <div class="buttons start">
        ${
          others.length > 0
            ? dangerButton(
                formats.plural(
                  others.length,
                  () => msg('Sign out the other session'),
                  () => msg('Sign out other sessions'),
                ),
                context.offline,
                (trigger) => context.signOut('others', others, trigger),
              )
            : nothing
        }
        ${
          all.length > 0
            ? dangerButton(
                msg('Sign out everywhere, including this device'),
                context.offline,
                (trigger) => context.signOut('all', all, trigger),
              )
            : nothing
        }
      </div>`;
  }

  #item(session: OwnSession, context: OwnViewContext): TemplateResult {
    const { formats } = context;
    const device = parseUserAgent(session.details.userAgent);
    const title = deviceTitle(device);
    const ip = session.details.ipAddress;
    const place = ip ? context.locations[ip] : undefined;
    const fresh = this.appeared.has(session.sessionId);

    return html`<li
      class=${session.current ? 'current' : fresh ? 'appeared' : ''}
      data-session=${session.sessionId}
    >
      ${deviceIcon(device)}
      <div class="device-body">
        <h3 class="device-title">
          <span>${title}</span>
          ${session.current ? badge(msg('This device'), 'current') : nothing}
          ${fresh ? badge(msg('New'), 'new') : nothing}
        </h3>
        <dl class="facts">
          ${
            ip
              ? html`<div>
                  <dt>${msg('IP address')}</dt>
                  <dd class="mono">${ip}</dd>
                </div>`
              : nothing
          }
          ${
            place
              ? html`<div>
                  <dt>${msg('Location')}</dt>
                  <dd>${place}</dd>
                </div>`
              : nothing
          }
          <div>
            <dt>${msg('Last renewed')}</dt>
            <dd>${timeText(session.renewed, formats)}</dd>
          </div>
          <div>
            <dt>${msg('Signed in')}</dt>
            <dd>${timeText(session.created, formats)}</dd>
          </div>
          <div>
            <dt>${msg('Apps')}</dt>
            <dd>${clientsOf(session).map(clientName).join(', ') || '—'}</dd>
          </div>
        </dl>
      </div>
      ${
        session.current
          ? nothing
          : dangerButton(
              msg('Sign out'),
              context.offline,
              (trigger) => context.signOut('session', [session], trigger),
              msg(str`Sign out ${title}`),
            )
      }
    </li>`;
  }
}
