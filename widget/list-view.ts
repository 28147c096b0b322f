import {
  isAbortError,
  type Loaded,
  type SessionStore,
} from '../shared/index.ts';
import type { PageView } from './events.ts';
import type { ViewHost } from './view-host.ts';

export interface Freshness {
  readonly source: 'cache' | 'network';
  readonly storedAt: Date;
}

export interface LoadOptions {
  /** Skip the cached page: a refresh or a poll wants the server's word. */
  readonly fresh?: boolean;

  /** Mark sessions that appeared or vanished since the page before. */
  readonly compare?: boolean;
}

/**
 * What the element's lists (the admin sessions, the removal history, the
 * user's own sessions) share: a load aborts the one before it, shows the
 * cached page at once and the fresh one after it, tells the host of each,
 * and keeps a failure for the list to show.
 */
export class ListView<Page> {
  page: Page | null = null;
  freshness: Freshness | null = null;
  loading = false;
  error: unknown = null;

  protected readonly host: ViewHost;
  #abort: AbortController | null = null;

  constructor(host: ViewHost) {
    this.host = host;
  }

  stop(): void {
    this.#abort?.abort();
    this.#abort = null;
    this.loading = false;
  }

  /**
   * One load. `shown` takes each page as it arrives and returns how many
   * entries it holds. `recover` may answer a failure by starting another
   * load, and returns true when it did.
   */
  protected async run(
    view: PageView,
    loads: (
      store: SessionStore,
      signal: AbortSignal,
    ) => AsyncIterable<Loaded<Page>>,
    shown: (loaded: Loaded<Page>) => number,
    recover: (error: unknown) => boolean = () => false,
  ): Promise<void> {
    const host = this.host;
    const store = host.store;
    if (!store) {
      return;
    }

    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.loading = true;
    this.error = null;
    host.requestUpdate();

    try {
      for await (const loaded of loads(store, abort.signal)) {
        this.page = loaded.page;
        this.freshness = { source: loaded.source, storedAt: loaded.storedAt };
        // The fresh page is the last one: the view has settled when the
        // host hears of it.
        this.loading = loaded.source === 'cache';
        const count = shown(loaded);
        host.loaded({
          view,
          source: loaded.source,
          ageMs: loaded.ageMs,
          count,
        });
        host.requestUpdate();
      }
    } catch (error) {
      if (!abort.signal.aborted && !isAbortError(error) && !recover(error)) {
        this.error = error;
        host.failed(error, 'load');
      }
    } finally {
      if (this.#abort === abort) {
        this.#abort = null;
        this.loading = false;
        host.requestUpdate();
      }
    }
  }
}
