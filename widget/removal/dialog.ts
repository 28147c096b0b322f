import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { createRef, ref } from 'lit/directives/ref.js';

import type { RemovalReport, UserSession } from '../../shared/index.ts';
import { deviceTitle, parseUserAgent } from '../device.ts';
import type {
  RemovalRequest,
  RemoveRequestDetail,
  RemovedDetail,
} from '../events.ts';
import { announce } from '../parts.ts';
import type { ViewHost } from '../view-host.ts';
import {
  adminEffect,
  adminForm,
  adminReady,
  type AdminDraft,
  type AdminFormContext,
} from './admin-form.ts';
import { defaultFlags, plannedCalls } from './plan.ts';
import { resultsList } from './report.ts';
import { RemovalRun, type RunItem, type RunResult } from './run.ts';
import {
  selfEffect,
  selfExplanation,
  selfTargetsList,
  selfTitle,
  type SelfDraft,
  type SelfTarget,
} from './self-form.ts';

export interface RemovalHost extends ViewHost {
  readonly requireReason: boolean;

  /** Fires the cancelable request event; false when the host vetoed. */
  requestRemoval(detail: RemoveRequestDetail): boolean;

  /** Fires the result event and brings the lists up to date. */
  removed(detail: RemovedDetail): void;

  /** Where focus goes when the dialog's trigger is gone. */
  fallbackFocus(): HTMLElement | null;
}

type Draft = AdminDraft | SelfDraft;

/**
 * The removal dialog: a native modal `<dialog>` that takes focus when it
 * opens and gives it back to the button that opened it. It shows what will
 * be removed and what that will do, asks the host (a cancelable event),
 * runs the calls with progress, and ends with the host's report, with a
 * retry for the calls that failed.
 */
export class RemovalDialog {
  draft: Draft | null = null;
  stage: 'choose' | 'running' | 'done' = 'choose';
  vetoed = false;
  readonly run: RemovalRun;

  readonly #host: RemovalHost;
  readonly #dialog = createRef<HTMLDialogElement>();
  #trigger: Element | null = null;

  constructor(host: RemovalHost) {
    this.#host = host;
    this.run = new RemovalRun(
      (request) => this.#perform(request),
      () => host.requestUpdate(),
    );
  }

  get busy(): boolean {
    return this.run.running;
  }

  openAdmin(sessions: readonly UserSession[], trigger: Element): void {
    this.#open(
      {
        kind: 'admin',
        sessions,
        choice: {
          scope: 'sessions',
          flags: defaultFlags,
          clients: null,
          reason: '',
        },
        ownConfirmed: false,
      },
      trigger,
    );
  }

  openSelf(
    target: SelfTarget,
    sessions: readonly UserSession[],
    trigger: Element,
  ): void {
    this.#open({ kind: 'self', target, sessions }, trigger);
  }

  close(): void {
    this.#dialog.value?.close();
  }

  async #open(draft: Draft, trigger: Element): Promise<void> {
    this.draft = draft;
    this.#trigger = trigger;
    this.stage = 'choose';
    this.vetoed = false;
    this.run.results = [];
    this.#host.requestUpdate();
    await this.#host.updateComplete;

    const dialog = this.#dialog.value;
    if (dialog && !dialog.open) {
      dialog.showModal();
    }
    dialog?.querySelector<HTMLElement>('[autofocus]')?.focus();
  }

  #closed(): void {
    // After a removal the trigger's row (or the selection bar) is on its
    // way out, so focus goes to the list's heading instead of to a button
    // that is about to vanish.
    const ended =
      this.stage === 'done' && this.run.results.some((r) => !r.failed);
    const trigger = this.#trigger;
    this.draft = null;
    this.#trigger = null;
    this.#host.requestUpdate();
    const target =
      !ended && trigger instanceof HTMLElement && trigger.isConnected
        ? trigger
        : this.#host.fallbackFocus();
    target?.focus();
  }

  #items(draft: Draft, reason: string | null): RunItem[] {
    if (draft.kind === 'self') {
      const session = draft.sessions[0];
      const request: RemovalRequest = {
        mode: 'self',
        input:
          draft.target === 'others' || draft.target === 'all'
            ? { target: draft.target }
            : { target: 'session', sessionId: session?.sessionId ?? '' },
      };
      return [{ key: draft.target, request, sessions: draft.sessions }];
    }

    const choice = { ...draft.choice, reason: reason ?? '' };
    return plannedCalls(draft.sessions, choice).map((call) => ({
      key: call.key,
      request: { mode: 'admin', input: call.input },
      sessions: call.sessions,
    }));
  }

  async confirm(): Promise<void> {
    const draft = this.draft;
    if (!draft || this.run.running) {
      return;
    }

    const typed =
      draft.kind === 'admin' ? draft.choice.reason.trim() || null : null;
    const detail: RemoveRequestDetail = {
      mode: draft.kind,
      requests: this.#items(draft, typed).map((item) => item.request),
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
    const reason = draft.kind === 'admin' ? detail.reason : null;
    await this.#finish(draft, await this.run.run(this.#items(draft, reason)));
  }

  async retry(): Promise<void> {
    const draft = this.draft;
    if (draft && !this.run.running && this.run.failures.length > 0) {
      this.stage = 'running';
      await this.#finish(draft, await this.run.retry());
    }
  }

  async #finish(draft: Draft, round: readonly RunResult[]): Promise<void> {
    this.stage = 'done';
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    this.#dialog.value?.querySelector<HTMLElement>('[data-done]')?.focus();
    this.#host.removed({
      mode: draft.kind,
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
      ${ref(this.#dialog)}
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
    const formats = host.formats;
    const context: AdminFormContext | null =
      draft.kind === 'admin'
        ? {
            draft,
            formats,
            operator: host.operator,
            requireReason: host.requireReason,
            offline: host.offline,
            change: (update) => {
              if (this.draft?.kind !== 'admin') {
                return;
              }
              this.draft = update(this.draft);
              this.vetoed = false;
              host.requestUpdate();
            },
            confirm: () => void this.confirm(),
            cancel: () => this.close(),
          }
        : null;
    const title =
      draft.kind === 'self' ? selfTitle(draft) : msg('Sign out sessions');
    const effect = context
      ? adminEffect(context.draft, formats)
      : selfEffect(draft as SelfDraft, formats);
    const ready = context ? adminReady(context) : !host.offline;

    return html`<form
      method="dialog"
      @submit=${(event: Event) => event.preventDefault()}
    >
      <h2 id="removal-title">${title}</h2>
      ${
        this.stage === 'choose'
          ? html`${
                context
                  ? adminForm(context)
                  : html`${selfExplanation(draft as SelfDraft, formats)}
                    ${selfTargetsList(draft as SelfDraft, formats)}`
              }
              ${
                this.vetoed
                  ? html`<p class="problem" role="alert">
                      ${msg('This page stopped the removal. Nothing was changed.')}
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
                <button
                  type="button"
                  part="danger-button"
                  class="danger"
                  ?disabled=${!ready}
                  @click=${() => void this.confirm()}
                >
                  ${effect}
                </button>
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
    const status = run.running
      ? msg(str`Working: ${n(run.finished)} of ${n(run.total)} done.`)
      : failures === 0
        ? msg('Done.')
        : msg(
            str`${n(run.results.length - failures)} done, ${n(failures)} failed.`,
          );

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
        (result) => this.#label(result),
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

  #label(result: RunResult): string {
    const { request, sessions } = result.item;
    const first = sessions[0];
    const person = first ? (first.displayName ?? first.subjectId) : '';
    if (request.mode === 'self') {
      return request.input.target === 'session'
        ? deviceTitle(parseUserAgent(first?.details.userAgent ?? null))
        : request.input.target === 'others'
          ? msg('Your other sessions')
          : msg('All your sessions');
    }
    if (request.input.sessionId === undefined) {
      return msg(str`Every session of ${person}`);
    }
    const device = deviceTitle(
      parseUserAgent(first?.details.userAgent ?? null),
    );
    return msg(str`${person}, ${device}`);
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
