import type { RemovalTarget } from './affected.ts';

/**
 * The events of the page cache and the session store. They are plain
 * `Event`s on an `EventTarget`, typed per name, so a listener gets the
 * right detail without a cast and a misspelt name does not compile.
 */

/** Why the cache stopped, and the store went on without it. */
export type CacheUnavailableReason =
  /** This browser context has no IndexedDB (some private modes). */
  | 'missing'
  /** An older open connection refused to let the schema upgrade. */
  | 'blocked'
  /** The origin ran out of storage. */
  | 'quota'
  /** A newer version of the cache was opened, here or by another page. */
  | 'version'
  /** The browser closed the database, for example when storage was cleared. */
  | 'closed'
  /** IndexedDB threw something else. */
  | 'error';

/**
 * The cache is not used any more. It fires once, never before the code
 * that made the cache has run to its first `await`, so a listener added
 * right after construction hears it; a later one reads
 * `unavailableReason`. From then on every read misses, every write is
 * dropped, and the store keeps answering from the network.
 */
export class CacheUnavailableEvent extends Event {
  static readonly type = 'session-cache-unavailable';

  readonly reason: CacheUnavailableReason;

  /** What IndexedDB threw, when it threw something. */
  readonly error: unknown;

  constructor(reason: CacheUnavailableReason, error: unknown) {
    super(CacheUnavailableEvent.type);
    this.reason = reason;
    this.error = error;
  }
}

/**
 * Cached pages that could hold removed sessions were dropped. Open views of
 * those sessions should load again. It fires after a removal through this
 * store and after one through any other store of the same origin.
 */
export class PagesInvalidatedEvent extends Event {
  static readonly type = 'session-pages-invalidated';

  readonly endpoint: string;

  /** The removed sessions, as far as anyone knew. */
  readonly targets: readonly RemovalTarget[];

  /**
   * True when the removal was made through another store: another tab, an
   * extension page, or another store in this page on the same channel.
   */
  readonly remote: boolean;

  constructor(
    endpoint: string,
    targets: readonly RemovalTarget[],
    remote: boolean,
  ) {
    super(PagesInvalidatedEvent.type);
    this.endpoint = endpoint;
    this.targets = targets;
    this.remote = remote;
  }
}

/** The cached pages of one viewer were cleared: sign-out or a new viewer. */
export class PagesClearedEvent extends Event {
  static readonly type = 'session-pages-cleared';

  constructor() {
    super(PagesClearedEvent.type);
  }
}

export interface PageCacheEventMap {
  'session-cache-unavailable': CacheUnavailableEvent;
}

export interface SessionStoreEventMap extends PageCacheEventMap {
  'session-pages-invalidated': PagesInvalidatedEvent;
  'session-pages-cleared': PagesClearedEvent;
}

type Listener<E> = ((event: E) => void) | { handleEvent(event: E): void };

/**
 * An `EventTarget` whose listeners are typed by event name. The untyped
 * signatures stay, as `EventTarget` requires, but a listener for a known
 * name gets that event's class, and one written for another class does not
 * compile.
 */
export interface TypedEventTarget<Events> extends EventTarget {
  addEventListener<Name extends keyof Events & string>(
    type: Name,
    listener: Listener<Events[Name]> | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<Name extends keyof Events & string>(
    type: Name,
    listener: Listener<Events[Name]> | null,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
}

export const TypedEventTarget = EventTarget as new <
  Events,
>() => TypedEventTarget<Events>;
