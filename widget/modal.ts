import { createRef } from 'lit/directives/ref.js';

/** What a modal needs from the element that draws it. */
export interface ModalHost {
  requestUpdate(): void;
  readonly updateComplete: Promise<boolean>;

  /** Where focus goes when the control that opened the modal is gone. */
  fallbackFocus(): HTMLElement | null;
}

/**
 * A native modal `<dialog>` that takes focus when it opens and gives it
 * back to the control that opened it when it closes. The dialogs draw
 * their own content and bind `ref` to their `<dialog>`.
 */
export class Modal {
  readonly ref = createRef<HTMLDialogElement>();

  /** The control that opened the modal, until it closes. */
  trigger: Element | null = null;

  readonly #host: ModalHost;

  constructor(host: ModalHost) {
    this.#host = host;
  }

  /** Draws the content first, then opens and focuses `[autofocus]`. */
  async open(trigger: Element): Promise<void> {
    this.trigger = trigger;
    this.#host.requestUpdate();
    await this.#host.updateComplete;

    const dialog = this.ref.value;
    if (dialog && !dialog.open) {
      dialog.showModal();
    }
    dialog?.querySelector<HTMLElement>('[autofocus]')?.focus();
  }

  close(): void {
    this.ref.value?.close();
  }

  /**
   * After the `close` event: focus back to the trigger, or to the host's
   * fallback when the trigger is gone or `away` says it is on its way out.
   */
  closed(away = false): void {
    const trigger = this.trigger;
    this.trigger = null;
    this.#host.requestUpdate();
    const target =
      !away && trigger instanceof HTMLElement && trigger.isConnected
        ? trigger
        : this.#host.fallbackFocus();
    target?.focus();
  }
}
