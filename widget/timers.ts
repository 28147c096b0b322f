import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Polls are never closer together than this, whatever the host asks. */
export const minimumPollSeconds = 5;

/**
 * The element's clocks: a one-second tick that keeps "updated 12 s ago"
 * true, and the optional poll. Both rest while the page is hidden; a poll
 * that fell due meanwhile runs as soon as the page is shown again.
 */
export class Timers implements ReactiveController {
  readonly #tick: () => void;
  readonly #poll: () => void;
  #pollMs = 0;
  #lastPoll = 0;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #poller: ReturnType<typeof setInterval> | undefined;
  #connected = false;

  constructor(
    host: ReactiveControllerHost,
    callbacks: { tick: () => void; poll: () => void },
  ) {
    this.#tick = callbacks.tick;
    this.#poll = callbacks.poll;
    host.addController(this);
  }

  /** Sets the poll interval in seconds; 0 or less turns polling off. */
  configure(seconds: number): void {
    const ms =
      Number.isFinite(seconds) && seconds > 0
        ? Math.max(seconds, minimumPollSeconds) * 1000
        : 0;
    if (ms !== this.#pollMs) {
      this.#pollMs = ms;
      this.#restart();
    }
  }

  hostConnected(): void {
    this.#connected = true;
    document.addEventListener('visibilitychange', this.#visibility);
    this.#restart();
  }

  hostDisconnected(): void {
    this.#connected = false;
    document.removeEventListener('visibilitychange', this.#visibility);
    this.#stop();
  }

  readonly #visibility = () => {
    if (document.hidden) {
      this.#stop();
      return;
    }
    this.#tick();
    if (this.#pollMs > 0 && Date.now() - this.#lastPoll >= this.#pollMs) {
      this.#pollNow();
    }
    this.#restart();
  };

  #pollNow(): void {
    this.#lastPoll = Date.now();
    this.#poll();
  }

  #restart(): void {
    this.#stop();
    if (!this.#connected || document.hidden) {
      return;
    }

    this.#ticker = setInterval(this.#tick, 1000);
    if (this.#pollMs > 0) {
      this.#lastPoll = Date.now();
      this.#poller = setInterval(() => this.#pollNow(), this.#pollMs);
    }
  }

  #stop(): void {
    clearInterval(this.#ticker);
    clearInterval(this.#poller);
    this.#ticker = undefined;
    this.#poller = undefined;
  }
}
