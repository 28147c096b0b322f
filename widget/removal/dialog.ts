import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';

import { loadRemovalWire } from '../../shared/client/load-removal-wire.ts';
import type { RemovalReport, UserSession } from '../../shared/index.ts';
import type {
  RemovalRequest,
  RemoveRequestDetail,
  RemovedDetail,
} from '../events.ts';
import type { Formats } from '../i18n/format.ts';
import { Modal, type ModalHost } from '../modal.ts';
import { announce, dangerButton } from '../parts.ts';
import type { ViewHost } from '../view-host.ts';
import { resultsList } from './report.ts';
import { RemovalRun, type RunItem, type RunResult } from './run.ts';

export interface RemovalHost extends ViewHost, ModalHost {
  readonly requireReason: boolean;

  /** Fires the cancelable request event; false when the host vetoed. */
  requestRemoval(detail: RemoveRequestDetail): boolean;

  /** Fires the result event and brings the lists up to date. */
  removed(detail: RemovedDetail): void;
}

/** What every removal draft has: the sessions the person chose. */
export interface DraftBase {
  readonly sessions: readonly UserSession[];
}

/**
 * One kind of removal, admin or self-service: what the dialog asks for,
 * and the calls it makes. Each kind lives with its own mode's code, so
 * the admin form never loads for a user's own list, nor the reverse.
 */
export interface RemovalKind<Draft extends DraftBase> {
  readonly mode: 'admin' | 'self';
  title(draft: Draft): string;

  /** The confirm button, which names what will happen. */
  effect(draft: Draft, formats: Formats): string;
  ready(draft: Draft, host: RemovalHost): boolean;

  /** The choices and explanations above the buttons. */
  form(
    draft: Draft,
    host: RemovalHost,
    change: (update: (draft: Draft) => Draft) => void,
  ): TemplateResult;

  /** The reason typed into the draft, or null. */
  reason(draft: Draft): string | null;
  items(draft: Draft, reason: string | null): RunItem[];

  /** One call's line of the report. */
  label(item: RunItem): string;
}

/**
 * The removal dialog: a native modal `<dialog>` that takes focus when it
 * opens and gives it back to the button that opened it. It shows what will
 * be removed and what that will do, asks the host (a cancelable event),
 * runs the calls with progress, and ends with the host's report, with a
 * retry for the calls that failed.
 */
export class RemovalDialog<Draft extends DraftBase> {
  draft: Draft | null = null;
  stage: 'choose' | 'running' | 'done' = 'choose';
  vetoed = false;
  readonly run: RemovalRun;

  readonly #host: RemovalHost;
  readonly #kind: RemovalKind<Draft>;
  readonly #modal: Modal;

  constructor(host: RemovalHost, kind: RemovalKind<Draft>) {
    this.#host = host;
    this.#kind = kind;
    this.#modal = new Modal(host);
    this.run = new RemovalRun(
      (request) => this.#perform(request),
      () => host.requestUpdate(),
    );

    // Made when a removal or the history is about to be needed: what
    // their requests send and read comes now rather than after a confirm
    // (see `widget/build/lazy-removal-wire.ts`). A failure here is left
    // for the removal itself to report, which asks again.
    loadRemovalWire().catch(() => undefined);
  }

  get busy(): boolean {
    return this.run.running;
  }

  open(draft: Draft, trigger: Element): Promise<void> {
    this.draft = draft;
    this.stage = 'choose';
    this.vetoed = false;
    this.run.results = [];
    return this.#modal.open(trigger);
  }

  close(): void {
    this.#modal.close();
  }

  #closed(): void {
    // After a removal the trigger's row (or the selection bar) is on its
    // way out, so focus goes to the list's heading instead of to a button
    // that is about to vanish.
    const ended =
      this.stage === 'done' && this.run.results.some((r) => !r.failed);
    this.draft = null;
    this.#modal.closed(ended);
  }

  async confirm(): Promise<void> {
    const draft = this.draft;
    if (!draft || this.run.running) {
      return;
    }

    const kind = this.#kind;
    const typed = kind.reason(draft);
    const detail: RemoveRequestDetail = {
      mode: kind.mode,
      requests: kind.items(draft, typed).map((item) => item.request),
      sessions: draft.sessions,
      reason: typed,
    };
    if (!this.#host.requestRemoval(detail)) {
      this.vetoed = true;
      this.#host.requestUpdate();
      return;
    }

    this.vetoed = false;
    this.stage = 'running';
    // A listener may have given or changed the reason.
    const items = kind.items(draft, detail.reason);
    await this.#finish(await this.run.run(items));
  }

  async retry(): Promise<void> {
    if (this.draft && !this.run.running && this.run.failures.length > 0) {
      this.stage = 'running';
      await this.#finish(await this.run.retry());
    }
  }

  async #finish(round: readonly RunResult[]): Promise<void> {
    this.stage = 'done';
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    this.#modal.ref.value?.querySelector<HTMLElement>('[data-done]')?.focus();
    this.#host.removed({
      mode: this.#kind.mode,
      outcomes: round.map((result) => result.outcome),
    });
  }

  #perform(request: RemovalRequest): Promise<RemovalReport | null> {
    const store = this.#host.store;
    if (!store) {
      return Promise.reject(new Error('not connected'));
    }
    return request.mode === 'admin'
      ? store.removeSessions(request.input)
      : store.removeOwnSessions(request.input);
  }

  render(): TemplateResult {
    const draft = this.draft;
    return html`<dialog
      ${ref(this.#modal.ref)}
      part="dialog"
      class="removal"
      aria-labelledby="removal-title"
      @cancel=${(event: Event) => {
        if (this.run.running) {
          event.preventDefault();
        }
      }}
      @close=${() => this.#closed()}
    >
      ${draft ? this.#content(draft) : nothing}
    </dialog>`;
  }

  #content(draft: Draft): TemplateResult {
    const host = this.#host;
    const kind = this.#kind;
    const change = (update: (draft: Draft) => Draft) => {
      if (this.draft) {
        this.draft = update(this.draft);
        this.vetoed = false;
        host.requestUpdate();
      }
    };

    return html`<form
      method="dialog"
      @submit=${(event: Event) => event.preventDefault()}
    >
      <h2 id="removal-title">${kind.title(draft)}</h2>
      ${
        this.stage === 'choose'
          ? html`${kind.form(draft, host, change)}
              ${
                this.vetoed
                  ? html`<p class="problem" role="alert">
                      ${msg(
                        'This page stopped the removal. Nothing was changed.',
                      )}
                    </p>`
                  : nothing
              }
              <div class="buttons">
                <button
                  type="button"
                  part="button"
                  autofocus
                  @click=${() => this.close()}
                >
                  ${msg('Cancel')}
                </button>
                ${dangerButton(
                  kind.effect(draft, host.formats),
                  !kind.ready(draft, host),
                  () => void this.confirm(),
                )}
              </div>`
          : this.#progress(draft)
      }
    </form>`;
  }

  #progress(draft: Draft): TemplateResult {
    const { run } = this;
    const formats = this.#host.formats;
    const n = formats.number.bind(formats);
    const failures = run.failures.length;
    const done = run.results.length - failures;
    const status = run.running
      ? msg(str`Working: ${n(run.finished)} of ${n(run.total)} done.`)
      : failures === 0
        ? msg('Done.')
        : msg(str`${n(done)} done, ${n(failures)} failed.`);

    return html`<progress
        max=${Math.max(run.total, 1)}
        .value=${run.finished}
        aria-label=${msg('Progress')}
      ></progress>
      ${announce(status)}
      <p class="status" aria-hidden="true">${status}</p>
      ${resultsList(
        run.results,
        formats,
        (result) => this.#kind.label(result.item),
        (clientId) => clientLabel(draft.sessions, clientId),
      )}
      <div class="buttons">
        ${
          failures > 0 && !run.running
            ? html`<button
                type="button"
                part="button"
                ?disabled=${this.#host.offline}
                @click=${() => void this.retry()}
              >
                ${formats.plural(
                  failures,
                  () => msg('Retry the one that failed'),
                  () => msg(str`Retry the ${n(failures)} that failed`),
                )}
              </button>`
            : nothing
        }
        <button
          type="button"
          part="button"
          data-done
          ?disabled=${run.running}
          @click=${() => this.close()}
        >
          ${msg('Close')}
        </button>
      </div>`;
  }
}

function clientLabel(
  sessions: readonly UserSession[],
  clientId: string,
): string {
  for (const session of sessions) {
    const client = session.clients?.find((c) => c.clientId === clientId);
    if (client?.displayName) {
      return client.displayName;
    }
  }
  return clientId;
}
