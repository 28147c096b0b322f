import {
  SessionClient,
  SessionStore,
  type RemovalReport,
} from '../../shared/index.ts';
import type { Account } from '../auth/account.ts';
import { currentAccessToken } from '../auth/tokens.ts';
import { serializeError } from '../messages/errors.ts';
import type { Requests } from '../messages/protocol.ts';
import { showRunning } from './badge.ts';
import { OperationLog, type RemovalOperation } from './log.ts';
import { notifyOutcome } from './notify.ts';

type RemovalRequest = Requests['remove']['request'];

/**
 * Runs removals in the service worker, so closing the popup loses none.
 * Each one is written to the log before its request is sent; a worker
 * that stops mid-removal finds it there when it starts again and sends it
 * again, which the session API allows because a removal is idempotent.
 */
export class RemovalRunner {
  readonly log = new OperationLog();
  readonly #inFlight = new Map<string, Promise<RemovalReport | null>>();
  readonly #stores = new Map<string, SessionStore>();

  /**
   * Starts a removal and resolves with its report when it is done. A page
   * that lost its answer may send the same id again; that joins the
   * removal already running instead of starting a second one.
   */
  async start(
    request: RemovalRequest,
    account: Account,
  ): Promise<RemovalReport | null> {
    const running = this.#inFlight.get(request.id);
    if (running) {
      return running;
    }

    const operation = {
      endpoint: account.endpoint,
      viewer: account.viewer,
      startedAt: Date.now(),
      attempts: 0,
      state: 'running',
      finishedAt: null,
      report: null,
      error: null,
      reportedAt: null,
      ...request,
    } satisfies RemovalOperation;
    await showRunning(await this.log.put(operation));
    return this.#run(operation);
  }

  /**
   * Picks up what an earlier worker left: sends removals that were still
   * running again, and reports finished ones whose outcome nobody saw.
   */
  async resume(): Promise<void> {
    const operations = await this.log.list();
    await showRunning(operations);
    const work = operations.map((operation) => {
      if (operation.state === 'running') {
        return this.#run(operation).catch(() => null);
      }
      return operation.reportedAt === null
        ? this.#report(operation)
        : Promise.resolve();
    });
    await Promise.all(work);
  }

  /** Resolves once every removal running now has finished. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inFlight.values()]);
  }

  #run(operation: RemovalOperation): Promise<RemovalReport | null> {
    const known = this.#inFlight.get(operation.id);
    if (known) {
      return known;
    }

    const running = this.#send(operation).finally(() => {
      this.#inFlight.delete(operation.id);
    });
    this.#inFlight.set(operation.id, running);
    return running;
  }

  async #send(operation: RemovalOperation): Promise<RemovalReport | null> {
    await this.log.patch(operation.id, { attempts: operation.attempts + 1 });
    const store = this.#store(operation.endpoint, operation.viewer);

    let finished: RemovalOperation;
    try {
      const report =
        operation.mode === 'admin'
          ? await store.removeSessions(operation.input)
          : await store.removeOwnSessions(operation.input);
      finished = await this.#finish(operation.id, { report, error: null });
    } catch (error) {
      finished = await this.#finish(operation.id, {
        report: null,
        error: serializeError(error),
      });
      await this.#report(finished);
      throw error;
    }

    await this.#report(finished);
    return finished.report;
  }

  async #finish(
    id: string,
    outcome: Pick<RemovalOperation, 'report' | 'error'>,
  ): Promise<RemovalOperation> {
    const operations = await this.log.patch(id, {
      ...outcome,
      state: outcome.error === null ? 'succeeded' : 'failed',
      finishedAt: Date.now(),
    });
    await showRunning(operations);
    const finished = operations.find((known) => known.id === id);
    if (!finished) {
      throw new Error(`The removal ${id} vanished from the log`);
    }
    return finished;
  }

  async #report(operation: RemovalOperation): Promise<void> {
    await notifyOutcome(operation);
    await this.log.patch(operation.id, { reportedAt: Date.now() });
  }

  // The store, not the bare client, makes the removal: it drops the cached
  // pages the removal changed and tells the open pages so over the
  // origin's BroadcastChannel, so the popup shows fresh lists afterwards.
  #store(endpoint: string, viewer: string): SessionStore {
    const key = JSON.stringify([endpoint, viewer]);
    let store = this.#stores.get(key);
    if (!store) {
      const client = new SessionClient({
        endpoint,
        tokenProvider: () => currentAccessToken(),
      });
      store = new SessionStore({ client, viewer });
      this.#stores.set(key, store);
    }
    return store;
  }
}
