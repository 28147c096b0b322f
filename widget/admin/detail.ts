import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';

import type { UserSession } from '../../shared/index.ts';
import { deviceIcon, deviceTitle, parseUserAgent } from '../device.ts';
import type { Formats } from '../i18n/format.ts';
import { Modal, type ModalHost } from '../modal.ts';
import { announce, clientName, clientsOf, dangerButton } from '../parts.ts';

export interface DetailHost extends ModalHost {
  readonly formats: Formats;
  readonly offline: boolean;
  remove(session: UserSession, trigger: Element): void;
}

/**
 * Every field of one session in a modal dialog, with copy buttons for the
 * identifiers support staff paste into tickets.
 */
export class DetailDialog {
  session: UserSession | null = null;
  copied = '';

  readonly #host: DetailHost;
  readonly #modal: Modal;

  constructor(host: DetailHost) {
    this.#host = host;
    this.#modal = new Modal(host);
  }

  open(session: UserSession, trigger: Element): Promise<void> {
    this.session = session;
    this.copied = '';
    return this.#modal.open(trigger);
  }

  close(): void {
    this.#modal.close();
  }

  async #copy(value: string, what: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(value);
      this.copied = msg(str`${what} copied.`);
    } catch {
      this.copied = msg(str`${what} could not be copied: select it and copy.`);
    }
    this.#host.requestUpdate();
  }

  #closed(): void {
    this.session = null;
    this.#modal.closed();
  }

  render(): TemplateResult {
    return html`<dialog
      ${ref(this.#modal.ref)}
      part="dialog"
      class="detail"
      aria-labelledby="detail-title"
      @close=${() => this.#closed()}
    >
      ${this.session ? this.#content(this.session) : nothing}
    </dialog>`;
  }

  #content(session: UserSession): TemplateResult {
    const formats = this.#host.formats;
    const { details } = session;
    const device = parseUserAgent(details.userAgent);
    const time = (date: Date | null) =>
      date
        ? html`<time datetime=${date.toISOString()}
              >${formats.exact(date)}</time
            >
            <span class="muted">(${formats.relative(date)})</span>`
        : html`<span class="muted">${msg('Never')}</span>`;
    const copyable = (value: string, what: string) =>
      html`<span class="mono">${value}</span>
        <button
          type="button"
          part="button"
          class="copy"
          aria-label=${msg(str`Copy ${what}`)}
          @click=${() => void this.#copy(value, what)}
        >
          ${msg('Copy')}
        </button>`;
    const row = (label: string, value: unknown) =>
      html`<dt>${label}</dt>
        <dd>${value}</dd>`;
    const copyRow = (label: string, value: string) =>
      row(label, copyable(value, label));
    const none = html`<span class="muted">${msg('Not given')}</span>`;

    return html`<h2 id="detail-title">
        ${deviceIcon(device)} ${session.displayName ?? session.subjectId}
      </h2>
      <dl class="fields">
        ${row(msg('Display name'), session.displayName ?? none)}
        ${copyRow(msg('Subject ID'), session.subjectId)}
        ${copyRow(msg('Session ID'), session.sessionId)}
        ${row(msg('Issuer'), session.issuer ?? none)}
        ${row(msg('Created'), time(session.created))}
        ${row(msg('Last renewed'), time(session.renewed))}
        ${row(msg('Expires'), time(session.expires))}
        ${row(
          msg('Clients'),
          html`<ul class="plain">
            ${clientsOf(session).map(
              (client) =>
                html`<li>
                  ${clientName(client)}
                  <span class="id">${client.clientId}</span>
                  ${
                    session.clients
                      ? client.backchannelLogout
                        ? html`<span class="muted">
                            ${msg('back-channel logout')}
                          </span>`
                        : html`<span class="muted">
                            ${msg('no back-channel logout')}
                          </span>`
                      : nothing
                  }
                </li>`,
            )}
          </ul>`,
        )}
        ${row(msg('Device'), deviceTitle(device))}
        ${row(msg('User agent'), details.userAgent ?? none)}
        ${row(
          msg('IP address'),
          details.ipAddress
            ? copyable(details.ipAddress, msg('IP address'))
            : none,
        )}
        ${row(msg('Identity provider'), details.identityProvider ?? none)}
        ${row(
          msg('Authentication methods'),
          details.authenticationMethods?.join(', ') || none,
        )}
        ${row(msg('Signed in'), time(details.authTime))}
        ${Object.entries(details.properties).map(([name, value]) =>
          row(name, value),
        )}
      </dl>
      ${announce(this.copied)}
      <div class="buttons">
        ${dangerButton(msg('Sign out…'), this.#host.offline, (button) => {
          const trigger = this.#modal.trigger ?? button;
          this.close();
          this.#host.remove(session, trigger);
        })}
        <button
          type="button"
          part="button"
          autofocus
          @click=${() => this.close()}
        >
          ${msg('Close')}
        </button>
      </div>`;
  }
}
