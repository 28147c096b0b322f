import type {
  OtherPageCommand,
  OtherPageReport,
} from './fixtures/other-page.ts';

/**
 * Drives `fixtures/other-page.html` in an iframe: a second page of the
 * same origin with its own store, as another tab would have.
 */
export class OtherPage {
  static async open(): Promise<OtherPage> {
    const frame = document.createElement('iframe');
    frame.src = new URL('./fixtures/other-page.html', import.meta.url).href;
    const loaded = new Promise((resolve) =>
      frame.addEventListener('load', resolve, { once: true }),
    );
    document.body.append(frame);
    await loaded;
    return new OtherPage(frame);
  }

  readonly #frame: HTMLIFrameElement;
  readonly #reports: OtherPageReport[] = [];
  readonly #waiting = new Set<() => void>();
  readonly #onMessage = (event: MessageEvent<OtherPageReport>) => {
    if (event.source === this.#frame.contentWindow) {
      this.#reports.push(event.data);
      this.#waiting.forEach((wake) => wake());
    }
  };

  private constructor(frame: HTMLIFrameElement) {
    this.#frame = frame;
    addEventListener('message', this.#onMessage);
  }

  send(command: OtherPageCommand): void {
    this.#frame.contentWindow?.postMessage(command, location.origin);
  }

  /** The first report of `kind` not yet taken; a failure report throws. */
  next<Kind extends OtherPageReport['kind']>(
    kind: Kind,
  ): Promise<Extract<OtherPageReport, { kind: Kind }>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const failed = this.#reports.find((r) => r.kind === 'failed');
        if (failed && failed.kind === 'failed') {
          this.#waiting.delete(check);
          reject(new Error(`the other page failed: ${failed.message}`));
          return;
        }
        const index = this.#reports.findIndex((r) => r.kind === kind);
        if (index >= 0) {
          this.#waiting.delete(check);
          const [found] = this.#reports.splice(index, 1);
          resolve(found as Extract<OtherPageReport, { kind: Kind }>);
        }
      };
      this.#waiting.add(check);
      check();
    });
  }

  close(): void {
    removeEventListener('message', this.#onMessage);
    this.#frame.remove();
  }
}
