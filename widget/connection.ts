import {
  PagesInvalidatedEvent,
  SessionClient,
  SessionStore,
  viewerIdentity,
  type TokenProvider,
} from '../shared/index.ts';
import type { SessionClientLike } from './client-like.ts';

/** What the element was told about where and as whom to connect. */
export interface ConnectionSettings {
  readonly endpoint: string | null;
  readonly issuer: string | null;
  readonly client: SessionClientLike | null;
  readonly viewer: string | null;
  readonly subject: string | null;
  readonly cache: boolean;

  /** Reads the host's current token on every call, so none is copied. */
  readonly token: TokenProvider;
}

export type ConnectionState =
  | { readonly status: 'unconfigured' }
  | { readonly status: 'connecting' }
  | { readonly status: 'ready'; readonly store: SessionStore }
  | { readonly status: 'failed'; readonly error: unknown };

/** The positions of `viewer` and `subject` in a settings signature. */
const viewerParts = new Set([3, 4]);

/**
 * The identity that keys the cache, never the token: a token changes on
 * every refresh, and must not be written to storage.
 */
function viewerOf(settings: ConnectionSettings): Promise<string | null> {
  if (settings.viewer) {
    return Promise.resolve(settings.viewer);
  }
  return settings.issuer && settings.subject
    ? identityOf(settings.issuer, settings.subject)
    : Promise.resolve(null);
}

/**
 * Hashing an identity is a trip to the browser's crypto and back, which
 * an element put back on the page (a portal changing routes) made before
 * it could read its cached page: about 0.6 ms of a 15 ms first page. So
 * each identity is hashed once a page; a hash that failed is not kept.
 */
const identities = new Map<string, Promise<string>>();
const identitiesKept = 16;

function identityOf(issuer: string, subject: string): Promise<string> {
  const key = `${issuer}\n${subject}`;
  const kept = identities.get(key);
  if (kept) {
    return kept;
  }

  if (identities.size >= identitiesKept) {
    identities.clear();
  }
  const identity = viewerIdentity(issuer, subject);
  identities.set(key, identity);
  identity.catch(() => {
    // Only this hash: the map may have been cleared and refilled since.
    if (identities.get(key) === identity) {
      identities.delete(key);
    }
  });
  return identity;
}

/**
 * Turns the element's settings into a session store, and makes a new one
 * whenever the endpoint, client or caching changes; a new viewer switches
 * the store it has. A token change
 * needs no new store: the client asks for the token on every call.
 */
export class Connection {
  state: ConnectionState = { status: 'unconfigured' };

  readonly #changed: (state: ConnectionState) => void;
  readonly #invalidated: (event: PagesInvalidatedEvent) => void;
  #signature: readonly unknown[] = [];
  #generation = 0;

  constructor(
    changed: (state: ConnectionState) => void,
    invalidated: (event: PagesInvalidatedEvent) => void,
  ) {
    this.#changed = changed;
    this.#invalidated = invalidated;
  }

  get store(): SessionStore | null {
    return this.state.status === 'ready' ? this.state.store : null;
  }

  configure(settings: ConnectionSettings, force = false): void {
    const signature = [
      settings.endpoint,
      settings.issuer,
      settings.client,
      settings.viewer,
      settings.subject,
      settings.cache,
    ];
    const same = signature.every((part, i) => part === this.#signature[i]);
    if (same && !force) {
      return;
    }

    // Only who is looking changed: the same store switches viewer, which
    // deletes the pages cached for the one before.
    const viewerOnly = signature.every(
      (part, i) => viewerParts.has(i) || part === this.#signature[i],
    );
    this.#signature = signature;
    const ready = this.store;
    if (viewerOnly && ready && !force) {
      const generation = this.#generation;
      void viewerOf(settings)
        .then((viewer) => ready.setViewer(viewer))
        .then(
          () => {
            if (generation === this.#generation) {
              this.#set({ status: 'ready', store: ready });
            }
          },
          (error: unknown) => {
            if (generation === this.#generation) {
              this.#set({ status: 'failed', error });
            }
          },
        );
      return;
    }

    this.close();
    const generation = ++this.#generation;
    if (!settings.client && !settings.endpoint && !settings.issuer) {
      this.#set({ status: 'unconfigured' });
      return;
    }

    this.#set({ status: 'connecting' });
    this.#open(settings, generation).then(
      (store) => {
        if (generation === this.#generation) {
          this.#set({ status: 'ready', store });
        } else {
          store.close();
        }
      },
      (error: unknown) => {
        if (generation === this.#generation) {
          this.#set({ status: 'failed', error });
        }
      },
    );
  }

  /** Forgets the store; a later `configure` starts afresh. */
  close(): void {
    const store = this.store;
    if (store) {
      store.removeEventListener(PagesInvalidatedEvent.type, this.#invalidated);
      store.close();
    }
    this.#generation++;
    this.state = { status: 'unconfigured' };
  }

  /** Makes the next `configure` connect again even with equal settings. */
  reset(): void {
    this.#signature = [];
  }

  async #open(
    settings: ConnectionSettings,
    generation: number,
  ): Promise<SessionStore> {
    const connection = { tokenProvider: settings.token };
    const client =
      settings.client ??
      (settings.endpoint
        ? new SessionClient({ ...connection, endpoint: settings.endpoint })
        : await SessionClient.discover(settings.issuer ?? '', connection));

    const viewer = await viewerOf(settings);
    const store = new SessionStore({
      // The store calls only the public methods `SessionClientLike` names,
      // so a structural client (an extension's) serves it as well.
      client: client as SessionClient,
      viewer: generation === this.#generation ? viewer : null,
      ...(settings.cache ? {} : { cache: false }),
    });
    store.addEventListener(PagesInvalidatedEvent.type, this.#invalidated);
    return store;
  }

  #set(state: ConnectionState): void {
    this.state = state;
    this.#changed(state);
  }
}
