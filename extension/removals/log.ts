/// <reference types="chrome" />

import type {
  RemovalReport,
  RemoveOwnSessionsInput,
  RemoveSessionsInput,
} from '../../shared/index.ts';
import type { SerializedError } from '../messages/errors.ts';

/** One removal the service worker was asked to make. */
export type RemovalOperation = {
  readonly id: string;

  /** The session API the removal goes to, and who asked. */
  readonly endpoint: string;
  readonly viewer: string;

  readonly startedAt: number;

  /** How many times the request was sent; above 1 after a restart. */
  readonly attempts: number;

  readonly state: 'running' | 'succeeded' | 'failed';
  readonly finishedAt: number | null;

  /** The IdP's report; null while running, on failure, or after a 204. */
  readonly report: RemovalReport | null;
  readonly error: SerializedError | null;

  /** When the notification of the outcome was shown. */
  readonly reportedAt: number | null;
} & (
  | { readonly mode: 'admin'; readonly input: RemoveSessionsInput }
  | { readonly mode: 'self'; readonly input: RemoveOwnSessionsInput }
);

const operationsKey = 'removals';

// How many finished removals are kept for the pages to show.
const keptFinished = 20;

/**
 * The removals in `chrome.storage.session`, oldest first. Writes go one
 * after another through a queue: two removals finishing together would
 * otherwise each write back a list without the other's change.
 */
export class OperationLog {
  #queue: Promise<unknown> = Promise.resolve();

  async list(): Promise<RemovalOperation[]> {
    const stored = await chrome.storage.session.get(operationsKey);
    return (stored[operationsKey] as RemovalOperation[] | undefined) ?? [];
  }

  /** Applies `change` to the list, stores it, and returns the new list. */
  update(
    change: (operations: RemovalOperation[]) => RemovalOperation[],
  ): Promise<RemovalOperation[]> {
    const next = this.#queue.then(async () => {
      const changed = prune(change(await this.list()));
      await chrome.storage.session.set({ [operationsKey]: changed });
      return changed;
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  put(operation: RemovalOperation): Promise<RemovalOperation[]> {
    return this.update((operations) => [
      ...operations.filter((known) => known.id !== operation.id),
      operation,
    ]);
  }

  patch(
    id: string,
    patch: Partial<
      Pick<
        RemovalOperation,
        'attempts' | 'state' | 'finishedAt' | 'report' | 'error' | 'reportedAt'
      >
    >,
  ): Promise<RemovalOperation[]> {
    return this.update((operations) =>
      operations.map((known) =>
        known.id === id ? { ...known, ...patch } : known,
      ),
    );
  }

  /** Forgets finished removals, as signing out does. */
  clearFinished(): Promise<RemovalOperation[]> {
    return this.update((operations) =>
      operations.filter((known) => known.state === 'running'),
    );
  }
}

/**
 * Waits until the removal `id` has finished and returns it; null when the
 * log has no such removal.
 */
export function finishedOperation(
  id: string,
): Promise<RemovalOperation | null> {
  return new Promise((resolve) => {
    let done = false;
    const settle = (operations: readonly RemovalOperation[]) => {
      const known = operations.find((operation) => operation.id === id);
      if (!done && (!known || known.state !== 'running')) {
        done = true;
        chrome.storage.onChanged.removeListener(listener);
        resolve(known ?? null);
      }
    };
    const listener = (
      changes: Record<string, chrome.storage.StorageChange>,
      area: string,
    ) => {
      const change = changes[operationsKey];
      if (area === 'session' && change) {
        settle((change.newValue as RemovalOperation[] | undefined) ?? []);
      }
    };

    chrome.storage.onChanged.addListener(listener);
    void new OperationLog().list().then(settle);
  });
}

/** Calls back with the whole list whenever it changes. */
export function onOperationsChanged(
  listener: (operations: RemovalOperation[]) => void,
): void {
  chrome.storage.onChanged.addListener((changes, area) => {
    const change = changes[operationsKey];
    if (area === 'session' && change) {
      listener((change.newValue as RemovalOperation[] | undefined) ?? []);
    }
  });
}

function prune(operations: RemovalOperation[]): RemovalOperation[] {
  const finished = operations.filter((known) => known.state !== 'running');
  const dropped = new Set(
    finished.slice(0, Math.max(0, finished.length - keptFinished)),
  );
  return operations.filter((known) => !dropped.has(known));
}
