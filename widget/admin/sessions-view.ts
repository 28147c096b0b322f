import {
  isInvalidInputError,
  isSessionHttpError,
  type MatchMode,
  type QueryResult,
  type ResultsToken,
  type SessionQuery,
  type UserSession,
} from '../../shared/index.ts';
import { ListView, type LoadOptions } from '../list-view.ts';

/** Which field the search box searches. */
export type SearchField = 'displayName' | 'subjectId' | 'sessionId';

export interface Search {
  readonly field: SearchField;
  readonly text: string;
  readonly match: MatchMode;

  /**
   * Only sessions signed in to this client, asked of the API. A host
   * without the filter (one built on Duende's query) refuses it; the page
   * on show is narrowed in the browser then, and the element says so.
   */
  readonly client: string | null;
}

export const emptySearch: Search = {
  field: 'displayName',
  text: '',
  match: 'contains',
  client: null,
};

/** How the page on show was asked for, so it can be asked for again. */
interface Position {
  readonly token: ResultsToken | null;
  readonly prior: boolean;
}

/**
 * The admin list: the search, the page on show, how fresh it is, the
 * selection and what changed since the last look. Pages come from the
 * store (cache first, then the network); a newer load aborts an older one.
 */
export class SessionsView extends ListView<QueryResult<UserSession>> {
  search: Search = emptySearch;

  /**
   * True once the host refused the client filter: the pages are then
   * narrowed to the client here, one page at a time.
   */
  clientFilterRefused = false;

  /** Chosen sessions by id; the choice survives paging, not a new search. */
  readonly selection = new Map<string, UserSession>();

  /** Sessions new since the previous look at this page. */
  appeared = new Set<string>();

  /** Sessions that were on this page and are gone now. */
  vanished: readonly UserSession[] = [];

  /**
   * True once a load replaced a page on show: from then on the rows are
   * drawn again in place for other sessions, which is what the results'
   * spare client chips are for. A view's first page has none to draw.
   */
  turned = false;

  #position: Position = { token: null, prior: false };

  /**
   * The sessions on show: the page, narrowed to the chosen client (which
   * changes nothing when the host filtered already).
   */
  get visible(): readonly UserSession[] {
    const client = this.search.client;
    const results = this.page?.results ?? [];
    return client
      ? results.filter((session) => session.clientIds.includes(client))
      : results;
  }

  /** Whether the page on show is not the first one. */
  get paged(): boolean {
    return this.#position.token !== null;
  }

  /** The query for the current search, without a page position. */
  query(): SessionQuery {
    const { field, text, match, client } = this.search;
    const value = text.trim();
    return {
      ...(value ? { [field]: value } : {}),
      ...(client && !this.clientFilterRefused ? { clientId: client } : {}),
      match,
      countRequested: this.host.countRequested,
    };
  }

  setSearch(search: Search): void {
    const before = this.search;
    this.search = search;
    const sameQuery =
      before.field === search.field &&
      before.text.trim() === search.text.trim() &&
      before.match === search.match &&
      (before.client === search.client || this.clientFilterRefused);
    if (!sameQuery || !this.page) {
      this.selection.clear();
      void this.load({ token: null, prior: false });
    } else {
      this.host.requestUpdate();
    }
  }

  next(): void {
    const token = this.page?.resultsToken ?? null;
    if (token) {
      void this.load({ token, prior: false });
    }
  }

  previous(): void {
    const token = this.page?.resultsToken ?? null;
    if (token) {
      void this.load({ token, prior: true });
    }
  }

  first(): void {
    void this.load({ token: null, prior: false });
  }

  /** Loads the page on show again, as it was asked for. */
  reload(options: LoadOptions = {}): Promise<void> {
    return this.load(this.#position, options);
  }

  toggle(session: UserSession, selected: boolean): void {
    if (selected) {
      this.selection.set(session.sessionId, session);
    } else {
      this.selection.delete(session.sessionId);
    }
    this.host.requestUpdate();
  }

  toggleVisible(selected: boolean): void {
    for (const session of this.visible) {
      this.toggle(session, selected);
    }
  }

  clearSelection(): void {
    this.selection.clear();
    this.host.requestUpdate();
  }

  load(position: Position, options: LoadOptions = {}): Promise<void> {
    this.turned ||= this.page !== null;
    const before = options.compare ? this.page : null;
    if (!options.compare) {
      this.appeared = new Set();
      this.vanished = [];
    }
    const query: SessionQuery = {
      ...this.query(),
      resultsToken: position.token,
      requestPriorResults: position.prior,
    };

    return this.run(
      'sessions',
      (store, signal) =>
        store.querySessions(query, { signal, cached: !options.fresh }),
      (loaded) => {
        this.#position = position;
        if (before && loaded.source === 'network') {
          this.#compare(before.results, loaded.page.results);
        }
        return loaded.page.results.length;
      },
      (error) => {
        if (!query.clientId || !refusesClientFilter(error)) {
          return false;
        }
        // Asked again without the filter: this host has none.
        this.clientFilterRefused = true;
        void this.load(position, options);
        return true;
      },
    );
  }

  #compare(
    before: readonly UserSession[],
    after: readonly UserSession[],
  ): void {
    const now = new Set(after.map((session) => session.sessionId));
    const then = new Set(before.map((session) => session.sessionId));
    this.appeared = new Set([...now].filter((id) => !then.has(id)));
    this.vanished = before.filter((session) => !now.has(session.sessionId));
  }
}

/**
 * A 400 naming `clientId` (a host without the filter), or a client made
 * for such a host that refuses to send it.
 */
function refusesClientFilter(error: unknown): boolean {
  const refused =
    (isSessionHttpError(error) && error.status === 400) ||
    isInvalidInputError(error);
  return refused && error.errors.some((field) => field.field === 'clientId');
}
