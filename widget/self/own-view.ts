import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import {
  isAbortError,
  type OwnSession,
  type UserSession,
} from '../../shared/index.ts';
import type { Freshness, LoadOptions } from '../admin/sessions-view.ts';
import { deviceIcon, deviceTitle, parseUserAgent } from '../device.ts';
import type { Formats } from '../i18n/format.ts';
import { badge, clientName, clientsOf, timeText } from '../parts.ts';
import type { SelfTarget } from '../removal/self-form.ts';
import type { ViewHost } from '../view-host.ts';

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
export class OwnSessionsView {
  sessions: readonly OwnSession[] | null = null;
  freshness: Freshness | null = null;
  loading = false;
  error: unknown = null;
  filter = '';
  appeared = new Set<string>();

  readonly #host: ViewHost;
  #abort: AbortController | null = null;

  constructor(host: ViewHost) {
    this.#host = host;
  }

  get others(): readonly OwnSession[] {
    return (this.sessions ?? []).filter((session) => !session.current);
  }

  stop(): void {
    this.#abort?.abort();
    this.#abort = null;
    this.loading = false;
  }

  async load(options: LoadOptions = {}): Promise<void> {
    const store = this.#host.store;
    if (!store) {
      return;
    }

    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const before = options.compare ? this.sessions : null;
    this.loading = true;
    this.error = null;
    this.#host.requestUpdate();

    try {
      const loads = store.listOwnSessions({
        signal: abort.signal,
        cached: !options.fresh,
      });
      for await (const loaded of loads) {
        this.sessions = loaded.page;
        this.freshness = { source: loaded.source, storedAt: loaded.storedAt };
        // The fresh page is the last one: the view has settled when the
        // host hears of it.
        this.loading = loaded.source === 'cache';
        const known = new Set(before?.map((session) => session.sessionId));
        this.appeared = before
          ? new Set(
              loaded.page
                .map((session) => session.sessionId)
                .filter((id) => !known.has(id)),
            )
          : new Set();
        this.#host.loaded({
          view: 'own-sessions',
          source: loaded.source,
          ageMs: loaded.ageMs,
          count: loaded.page.length,
        });
        this.#host.requestUpdate();
      }
    } catch (error) {
      if (!abort.signal.aborted && !isAbortError(error)) {
        this.error = error;
        this.#host.failed(error, 'load');
      }
    } finally {
      if (this.#abort === abort) {
        this.#abort = null;
        this.loading = false;
        this.#host.requestUpdate();
      }
    }
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
    const all = this.sessions ?? [];
    const shown = all.filter((session) => this.#matches(session, context));
    const others = this.others;
    const formats = context.formats;

    return html`<form
        class="search"
        part="toolbar"
        role="search"
        aria-label=${msg('Filter your sessions')}
        @submit=${(event: Event) => event.preventDefault()}
      >
        <label class="field grow">
          <span>${msg('Filter by device, address or app')}</span>
          <input
            type="search"
            part="search-input"
            autocomplete="off"
            .value=${this.filter}
            @input=${(event: Event) => {
              this.filter = (event.target as HTMLInputElement).value;
              this.#host.requestUpdate();
            }}
          />
        </label>
      </form>
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
            ? html`<button
                type="button"
                part="danger-button"
                class="danger"
                ?disabled=${context.offline}
                @click=${(event: Event) =>
                  context.signOut(
                    'others',
                    others,
                    event.currentTarget as Element,
                  )}
              >
                ${formats.plural(
                  others.length,
                  () => msg('Sign out the other session'),
                  () => msg('Sign out other sessions'),
                )}
              </button>`
            : nothing
        }
        ${
          all.length > 0
            ? html`<button
                type="button"
                part="danger-button"
                class="danger"
                ?disabled=${context.offline}
                @click=${(event: Event) =>
                  context.signOut('all', all, event.currentTarget as Element)}
              >
                ${msg('Sign out everywhere, including this device')}
              </button>`
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
          : html`<button
              type="button"
              part="danger-button"
              class="danger"
              aria-label=${msg(str`Sign out ${title}`)}
              ?disabled=${context.offline}
              @click=${(event: Event) =>
                context.signOut(
                  'session',
                  [session],
                  event.currentTarget as Element,
                )}
            >
              ${msg('Sign out')}
            </button>`
      }
    </li>`;
  }
}
