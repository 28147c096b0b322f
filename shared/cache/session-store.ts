import type {
  OwnSession,
  QueryResult,
  RemovalQuery,
  RemovalRecord,
  RemovalReport,
  RemoveOwnSessionsInput,
  RemoveSessionsInput,
  SessionQuery,
  UserSession,
} from '../client/model.ts';
import type { CallOptions } from '../client/options.ts';
import {
  removalQueryParams,
  sessionQueryParams,
  type QueryParams,
} from '../client/requests.ts';
import type { SessionClient } from '../client/session-client.ts';
import {
  mayHaveHappened,
  noRows,
  pageRows,
  reportedTargets,
  sessionRows,
  type RemovalTarget,
} from './affected.ts';
import { defaultChannelName, RemovalChannel } from './channel.ts';
import {
  CacheUnavailableEvent,
  PagesClearedEvent,
  PagesInvalidatedEvent,
  TypedEventTarget,
  type SessionStoreEventMap,
} from './events.ts';
import { checkViewer } from './keys.ts';
import { loadPage, type Loaded, type LoadOptions } from './load.ts';
import { PageCache, type PageCacheOptions } from './page-cache.ts';
import type { PageMode, PageRow } from './schema.ts';

export interface SessionStoreOptions {
  readonly client: SessionClient;

  /**
   * Who is signed in, as a stable identity (`viewerIdentity(issuer, sub)`),
   * never a token. Pages are cached per viewer; with null, nothing is read
   * from or written to the cache.
   */
  readonly viewer: string | null;

  /**
   * A cache to share, options for the store's own, or `false` for none.
   * By default the store opens its own with the default options.
   */
  readonly cache?: PageCache | PageCacheOptions | false;

  /**
   * The BroadcastChannel name removals are announced on, or `false` to
   * keep them to this page. Pages that show the same sessions must agree.
   */
  readonly channel?: string | false;
}

/**
 * What a view asks for pages and removals. Each load yields the cached
 * page, if there is one young enough, then the fresh page; a removal goes
 * through the client and, once it has (or may have) happened, drops the
 * cached pages it changed, here and in every other page of the origin,
 * and fires `session-pages-invalidated` so open views load again. Which
 * pages those are comes from the sessions the report lists; a host that
 * lists none (a 204, an older host) leaves a guess from the request: every
 * page that could hold or count a session it names.
 *
 * @fires session-pages-invalidated - {@link PagesInvalidatedEvent}
 * @fires session-pages-cleared - {@link PagesClearedEvent}
 * @fires session-cache-unavailable - {@link CacheUnavailableEvent}, once
 */
export class SessionStore extends TypedEventTarget<SessionStoreEventMap> {
  readonly client: SessionClient;

  /** The cache in use, or null when caching is off. */
  readonly cache: PageCache | null;

  readonly #ownsCache: boolean;
  readonly #channel: RemovalChannel | null;
  #viewer: string | null;
  #ownSubject: string | null = null;
  #saidUnavailable = false;
  readonly #onUnavailable = (event: CacheUnavailableEvent) =>
    this.#sayUnavailable(event);

  constructor(options: SessionStoreOptions) {
    super();
    this.client = options.client;
    this.#viewer = options.viewer === null ? null : checkViewer(options.viewer);

    const cache = options.cache;
    const shared = cache !== undefined && cache !== false && isCache(cache);
    this.#ownsCache = cache !== false && !shared;
    this.cache = cache === false ? null : shared ? cache : new PageCache(cache);
    this.cache?.addEventListener(
      CacheUnavailableEvent.type,
      this.#onUnavailable,
    );
    const already = this.cache?.unavailableReason;
    if (already) {
      const event = new CacheUnavailableEvent(already, null);
      queueMicrotask(() => this.#sayUnavailable(event));
    }

    this.#channel =
      options.channel === false
        ? null
        : new RemovalChannel(
            options.channel ?? defaultChannelName,
            (endpoint, targets) => void this.#removed(endpoint, targets, true),
          );
  }

  /** The viewer pages are cached for; null when nobody is signed in. */
  get viewer(): string | null {
    return this.#viewer;
  }

  /** One page of an admin query: cached, then fresh. */
  async *querySessions(
    query: SessionQuery = {},
    options: LoadOptions = {},
  ): AsyncGenerator<Loaded<QueryResult<UserSession>>, void, undefined> {
    yield* this.#load(
      'admin',
      sessionQueryParams(query),
      options,
      pageRows,
      (call) => this.client.querySessions(query, call),
    );
  }

  /** The caller's own sessions: cached, then fresh. */
  async *listOwnSessions(
    options: LoadOptions = {},
  ): AsyncGenerator<Loaded<readonly OwnSession[]>, void, undefined> {
    const loads = this.#load('self', {}, options, sessionRows, (call) =>
      this.client.listOwnSessions(call),
    );
    for await (const loaded of loads) {
      if (loaded.source === 'network') {
        this.#ownSubject = loaded.page[0]?.subjectId ?? this.#ownSubject;
      }
      yield loaded;
    }
  }

  /** One page of the removal history: cached, then fresh. */
  async *queryRemovals(
    query: RemovalQuery = {},
    options: LoadOptions = {},
  ): AsyncGenerator<Loaded<QueryResult<RemovalRecord>>, void, undefined> {
    const params = removalQueryParams(query);
    yield* this.#load('removals', params, options, noRows, (call) =>
      this.client.queryRemovals(query, call),
    );
  }

  /** An admin removal; see `SessionClient.removeSessions`. */
  removeSessions(
    request: RemoveSessionsInput,
    options: CallOptions = {},
  ): Promise<RemovalReport | null> {
    const target: RemovalTarget = {
      subjectId: request.subjectId ?? null,
      sessionId: request.sessionId ?? null,
    };
    return this.#remove([target], () =>
      this.client.removeSessions(request, options),
    );
  }

  /** A self-service removal; see `SessionClient.removeOwnSessions`. */
  removeOwnSessions(
    request: RemoveOwnSessionsInput,
    options: CallOptions = {},
  ): Promise<RemovalReport | null> {
    const target: RemovalTarget = {
      subjectId: this.#ownSubject,
      sessionId: request.target === 'session' ? request.sessionId : null,
    };
    return this.#remove([target], () =>
      this.client.removeOwnSessions(request, options),
    );
  }

  /**
   * Switches to another viewer, or to nobody. The previous viewer's pages
   * are deleted, so nothing they saw stays on the device.
   */
  async setViewer(viewer: string | null): Promise<void> {
    const next = viewer === null ? null : checkViewer(viewer);
    const previous = this.#viewer;
    if (next === previous) {
      return;
    }

    this.#viewer = next;
    this.#ownSubject = null;
    if (previous !== null) {
      await this.cache?.clearViewer(this.client.endpoint, previous);
    }
    this.dispatchEvent(new PagesClearedEvent());
  }

  /** Forgets the viewer and deletes their cached pages. */
  signOut(): Promise<void> {
    return this.setViewer(null);
  }

  /** Stops listening to other pages and closes a cache the store opened. */
  close(): void {
    this.#channel?.close();
    this.cache?.removeEventListener(
      CacheUnavailableEvent.type,
      this.#onUnavailable,
    );
    if (this.#ownsCache) {
      this.cache?.close();
    }
  }

  #load<Page>(
    mode: PageMode,
    query: QueryParams,
    options: LoadOptions,
    rows: (page: Page) => PageRow[],
    fetch: (options: CallOptions) => Promise<Page>,
  ): AsyncGenerator<Loaded<Page>, void, undefined> {
    const viewer = this.#viewer;
    const endpoint = this.client.endpoint;
    return loadPage({
      cache: viewer === null ? null : this.cache,
      key: { endpoint, viewer: viewer ?? '', mode, query },
      options,
      fetch,
      rows,
      // A page fetched for a viewer who signed out meanwhile is dropped.
      mayStore: () => viewer !== null && this.#viewer === viewer,
    });
  }

  /**
   * Runs a removal and drops what it changed: what its report lists, or,
   * without a list, what `guess` (the request's targets) could cover.
   */
  async #remove(
    guess: RemovalTarget[],
    remove: () => Promise<RemovalReport | null>,
  ): Promise<RemovalReport | null> {
    let report: RemovalReport | null;
    try {
      report = await remove();
    } catch (error) {
      // The removal may have happened even though no answer said so:
      // showing the sessions again would be worse than one more request.
      if (mayHaveHappened(error)) {
        await this.#removed(this.client.endpoint, guess, false);
      }
      throw error;
    }

    const targets = reportedTargets(report, guess);
    await this.#removed(this.client.endpoint, targets, false);
    return report;
  }

  async #removed(
    endpoint: string,
    targets: RemovalTarget[],
    remote: boolean,
  ): Promise<void> {
    if (endpoint !== this.client.endpoint) {
      return;
    }

    const resolved = this.cache
      ? await this.cache.invalidate(endpoint, targets)
      : targets;
    if (!remote) {
      this.#channel?.announce(endpoint, resolved);
    }
    this.dispatchEvent(new PagesInvalidatedEvent(endpoint, resolved, remote));
  }

  #sayUnavailable(event: CacheUnavailableEvent): void {
    if (!this.#saidUnavailable) {
      this.#saidUnavailable = true;
      this.dispatchEvent(new CacheUnavailableEvent(event.reason, event.error));
    }
  }
}

/**
 * Whether `cache` is a cache rather than options for one. It asks for the
 * methods, not the class, so a cache made by a second copy of this module
 * (two bundles on one page) is shared rather than mistaken for options.
 */
function isCache(cache: PageCache | PageCacheOptions): cache is PageCache {
  return (
    cache instanceof PageCache ||
    typeof (cache as Partial<PageCache>).invalidate === 'function'
  );
}
