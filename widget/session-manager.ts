import { localized, msg } from '@lit/localize';
import {
  html,
  LitElement,
  nothing,
  type PropertyValues,
  type ReactiveController,
  type TemplateResult,
} from 'lit';
import { property, state } from 'lit/decorators.js';

import {
  isConflictError,
  isUnauthorizedError,
  limits,
  type PagesInvalidatedEvent,
  type SessionStore,
  type TokenProvider,
  type UserSession,
} from '../shared/index.ts';
import { Exporter, type ExportHost } from './admin/export.ts';
import { DetailDialog, type DetailHost } from './admin/detail.ts';
import { HistoryView } from './admin/history-view.ts';
import { Debounce, searchFromUrl, urlWithSearch } from './admin/search.ts';
import { SessionsView, type Search } from './admin/sessions-view.ts';
import type { SessionClientLike } from './client-like.ts';
import { Connection, type ConnectionState } from './connection.ts';
import {
  emit,
  type ExportDetail,
  type FailedOperation,
  type LoadDetail,
  type RemovedDetail,
  type RemoveRequestDetail,
} from './events.ts';
import { Formats } from './i18n/format.ts';
import { useLanguage } from './i18n/locale.ts';
import { RemovalDialog, type RemovalHost } from './removal/dialog.ts';
import type { SelfTarget } from './removal/self-form.ts';
import { OwnSessionsView } from './self/own-view.ts';
import { adminBody, selfBody, freshnessLine } from './render.ts';
import {
  connectionFailedState,
  disabledState,
  loadingState,
  offlineBanner,
  signedOutState,
  unconfiguredState,
} from './states.ts';
import { styles } from './styles/index.ts';
import { live } from './live.ts';
import { Timers } from './timers.ts';

export type SessionManagerMode = 'admin' | 'self';
export type AdminTab = 'sessions' | 'removals';

/**
 * A drop-in screen for finding and ending sign-in sessions: in `admin`
 * mode for operators (search, details, bulk removal with a preview of its
 * consequences, export, the removal history), in `self` mode for a signed-in
 * user's own devices. It talks to the session API only through the shared
 * client and store: pages appear from the cache at once and are then
 * brought up to date; a removal anywhere in the origin refreshes every
 * open view.
 *
 * Its strings follow @lit/localize, which keeps one language per page:
 * the element's `lang` (or the nearest ancestor's, or the document's)
 * picks the translation for every `<session-manager>` of the page, while
 * each one formats dates and numbers in its own `lang`.
 *
 * @summary Lists and ends server-side sign-in sessions, for operators or
 * for users.
 *
 * @fires session-manager-remove-request - Before any removal; cancelable.
 * Detail: `RemoveRequestDetail` (`requests`, `sessions`, and a writable
 * `reason`). Call `preventDefault()` to stop it.
 * @fires session-manager-removed - After a removal or a retry. Detail:
 * `RemovedDetail`, with each call's report or typed error.
 * @fires session-manager-load - A page arrived. Detail: `LoadDetail`
 * (`view`, `source` of `cache` or `network`, `ageMs`, `count`).
 * @fires session-manager-error - Something failed. Detail: `ErrorDetail`
 * (`error`, the client's typed error, and `operation`).
 * @fires session-manager-signed-out - The API refused the token (401), or
 * the user signed out everywhere. Detail: `SignedOutDetail` (`reason`).
 * Sign the user in again and set a new token.
 * @fires session-manager-export - An export is ready; cancelable. Detail:
 * `ExportDetail` (`format`, `filename`, `text`, `count`). Cancel it to
 * keep the file from being downloaded.
 *
 * @slot heading - Replaces the heading ("Sessions" or "Your sessions").
 *
 * @csspart header - The heading and freshness line.
 * @csspart toolbar - The search and filter forms.
 * @csspart search-input - The search boxes.
 * @csspart results - The results table or device list.
 * @csspart pager - Previous, Next and the page summary.
 * @csspart button - Every ordinary button.
 * @csspart danger-button - Every sign-out button.
 * @csspart dialog - The removal and detail dialogs.
 * @csspart banner - The offline banner.
 * @csspart state - The loading, empty, error and signed-out messages.
 *
 * @cssprop [--session-manager-background=#ffffff] - Background (dark:
 * #16191d).
 * @cssprop [--session-manager-color=#1b1f24] - Text (dark: #e6e9ec).
 * @cssprop [--session-manager-muted-color=#57606a] - Secondary text.
 * @cssprop [--session-manager-border-color=#d0d7de] - Lines and borders.
 * @cssprop [--session-manager-surface=#f6f8fa] - Buttons and panels.
 * @cssprop [--session-manager-accent=#0b5cad] - Focus, selection, links.
 * @cssprop [--session-manager-on-accent=#ffffff] - Text on the accent.
 * @cssprop [--session-manager-danger=#b3261e] - Sign-out actions.
 * @cssprop [--session-manager-on-danger=#ffffff] - Text on danger.
 * @cssprop [--session-manager-highlight=#fff4c2] - Sessions that appeared.
 * @cssprop [--session-manager-radius=6px] - Corner radius.
 * @cssprop [--session-manager-spacing=0.75rem] - Base spacing (compact:
 * 0.5rem).
 * @cssprop [--session-manager-font=system-ui] - Font family.
 * @cssprop [--session-manager-font-size=0.9375rem] - Base font size.
 */
@localized()
export class SessionManager extends LitElement {
  static override styles = styles;

  /**
   * The session API's base URL (the discovery document's
   * `session_management_endpoint`). Give this or `issuer`, or a `client`.
   */
  @property() endpoint: string | null = null;

  /**
   * The IdP's issuer. Without `endpoint`, the API is found through its
   * discovery document. With `operator-subject`, it also keys the cache.
   */
  @property() issuer: string | null = null;

  /** A bearer token for the API. It is never written to storage. */
  @property({ attribute: false }) accessToken: string | null = null;

  /**
   * Called before every request for a current token; use it when tokens
   * refresh. Wins over `accessToken`.
   */
  @property({ attribute: false }) tokenProvider: TokenProvider | null = null;

  /**
   * A ready client, instead of `endpoint` and a token: any object with the
   * public methods of `SessionClient`, such as a browser extension's.
   */
  @property({ attribute: false }) client: SessionClientLike | null = null;

  /**
   * Who is looking, as a stable identity (`viewerIdentity(issuer, sub)`),
   * never a token. Cached pages are kept per viewer; without one (and
   * without `issuer` and `operator-subject`) nothing is cached.
   */
  @property() viewer: string | null = null;

  /**
   * The subject of the person signed in to the page. In admin mode,
   * removals that touch it ask for a second confirmation.
   */
  @property({ attribute: 'operator-subject' }) operatorSubject: string | null =
    null;

  /**
   * The IdP session the operator is signed in with. Removing it signs the
   * operator out, which the dialog says and asks to confirm twice.
   */
  @property({ attribute: 'operator-session' }) operatorSession: string | null =
    null;

  /** `admin` for every session (needs `sessions.admin`), `self` (default). */
  @property() mode: SessionManagerMode = 'self';

  /** Sessions per page, 1 to 100; the default is 25. */
  @property({ attribute: 'page-size', type: Number }) pageSize: number =
    limits.defaultCount;

  /** A denser layout for narrow places, such as an extension's popup. */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** Turns the page cache off: every page comes from the network. */
  @property({ attribute: 'no-cache', type: Boolean }) noCache = false;

  /**
   * Refreshes the list every this many seconds (at least 5) while the page
   * is visible, and marks what appeared or vanished. 0 (default) is off.
   */
  @property({ type: Number }) poll = 0;

  /** Keeps the admin search in the page address, for links to a view. */
  @property({ attribute: 'url-state', type: Boolean }) urlState = false;

  /** Admin removals must give a reason, kept in the removal history. */
  @property({ attribute: 'require-reason', type: Boolean }) requireReason =
    false;

  /** An IANA time zone for exact times, such as `UTC`; default: local. */
  @property({ attribute: 'time-zone' }) timeZone: string | null = null;

  /**
   * Where each IP address is, as the host knows it (`{"203.0.113.7":
   * "Berlin, Germany"}`), shown beside the user's own sessions.
   */
  @property({ attribute: false }) locations: Readonly<Record<string, string>> =
    {};

  /**
   * The element's language, a BCP 47 tag. Dates and numbers follow it;
   * the strings follow the best translation (English and German built in).
   */
  @property({ attribute: 'lang' }) protected language: string | null = null;

  @state() private tab: AdminTab = 'sessions';
  @state() private signedOut: 'expired' | 'everywhere' | null = null;
  @state() private sessionsDisabled = false;
  @state() private offline = !navigator.onLine;

  readonly #connection = new Connection(
    (connection) => this.#connected(connection),
    (event) => this.#invalidated(event),
  );
  readonly #host: RemovalHost & ExportHost & DetailHost;
  readonly #sessions: SessionsView;
  readonly #history: HistoryView;
  readonly #own: OwnSessionsView;
  readonly #removal: RemovalDialog;
  readonly #detail: DetailDialog;
  readonly #exporter: Exporter;
  readonly #timers = new Timers(this, {
    tick: () => this.requestUpdate(),
    poll: () => this.#poll(),
  });
  readonly #typing = new Debounce(300);
  #formats = new Formats('en', undefined);
  #reloadQueued = false;

  constructor() {
    super();
    // The views get what they need through these objects, so the
    // element's public surface stays the documented one.
    const state = live({
      store: () => this.#connection.store,
      formats: () => this.#formats,
      countRequested: () => this.#pageSize,
      offline: () => this.offline,
      operator: () => ({
        subjectId: this.operatorSubject,
        sessionId: this.operatorSession,
      }),
      requireReason: () => this.requireReason,
      updateComplete: () => this.updateComplete,
    });
    const heading = () =>
      this.renderRoot.querySelector<HTMLElement>('#heading');
    this.#host = Object.assign(state, {
      addController: (controller: ReactiveController) =>
        this.addController(controller),
      removeController: (controller: ReactiveController) =>
        this.removeController(controller),
      requestUpdate: () => this.requestUpdate(),
      loaded: (detail: LoadDetail) =>
        emit(this, 'session-manager-load', detail),
      failed: (error: unknown, operation: FailedOperation) =>
        this.#failed(error, operation),
      confirmRemoval: (sessions: readonly UserSession[], trigger: Element) =>
        this.#removal.openAdmin(sessions, trigger),
      requestRemoval: (detail: RemoveRequestDetail) =>
        emit(this, 'session-manager-remove-request', detail, true),
      removed: (detail: RemovedDetail) => this.#removed(detail),
      fallbackFocus: heading,
      remove: (session: UserSession, trigger: Element) =>
        this.#removal.openAdmin([session], trigger),
      exported: (detail: ExportDetail) =>
        emit(this, 'session-manager-export', detail, true),
    });
    this.#sessions = new SessionsView(this.#host);
    this.#history = new HistoryView(this.#host);
    this.#own = new OwnSessionsView(this.#host);
    this.#removal = new RemovalDialog(this.#host);
    this.#exporter = new Exporter(this.#host);
    this.#detail = new DetailDialog(this.#host);
  }

  get #mode(): SessionManagerMode {
    return this.mode === 'admin' ? 'admin' : 'self';
  }

  get #pageSize(): number {
    const size = this.pageSize;
    return Number.isInteger(size) &&
      size >= limits.minCount &&
      size <= limits.maxCount
      ? size
      : limits.defaultCount;
  }

  get #lang(): string {
    return (
      this.language ||
      this.closest('[lang]')?.getAttribute('lang') ||
      document.documentElement.lang ||
      'en'
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('online', this.#onLine);
    addEventListener('offline', this.#onLine);
    this.offline = !navigator.onLine;
    this.#connection.reset();
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.#onLine);
    removeEventListener('offline', this.#onLine);
    this.#typing.cancel();
    this.#exporter.cancel();
    this.#stopViews();
    this.#connection.close();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const lang = this.#lang;
    const zone = this.timeZone ?? undefined;
    if (this.#formats.lang !== lang || this.#formats.timeZone !== zone) {
      this.#formats = new Formats(lang, zone);
      void useLanguage(lang);
    }

    const tokenChanged =
      changed.has('accessToken') || changed.has('tokenProvider');
    if (tokenChanged && this.signedOut === 'expired') {
      this.signedOut = null;
      this.#reload();
    }
    if (this.hasUpdated && (changed.has('mode') || changed.has('pageSize'))) {
      this.#start();
    }

    this.#timers.configure(this.poll);
    this.#connection.configure({
      endpoint: this.endpoint,
      issuer: this.issuer,
      client: this.client,
      viewer: this.viewer,
      subject: this.operatorSubject,
      cache: !this.noCache,
      token: (context) =>
        this.tokenProvider ? this.tokenProvider(context) : this.accessToken,
    });
  }

  #connected(connection: ConnectionState): void {
    this.requestUpdate();
    if (connection.status === 'ready') {
      this.#start();
    } else if (connection.status === 'failed') {
      emit(this, 'session-manager-error', {
        error: connection.error,
        operation: 'connect',
      });
    }
  }

  /** Loads what the current mode shows, from the first page. */
  #start(): void {
    this.#stopViews();
    this.sessionsDisabled = false;
    if (this.#mode === 'self') {
      void this.#own.load();
    } else if (this.tab === 'removals') {
      void this.#history.load({ token: null, prior: false });
    } else {
      const search = this.urlState
        ? searchFromUrl(location.href)
        : this.#sessions.search;
      this.#sessions.search = search;
      this.#sessions.first();
    }
  }

  /** Loads the page on show again: a refresh, a poll, an invalidation. */
  #reload(compare = false): void {
    if (this.#mode === 'self') {
      void this.#own.load({ fresh: true, compare });
    } else if (this.tab === 'removals') {
      void this.#history.reload(true);
    } else if (this.#sessions.page) {
      void this.#sessions.reload({ fresh: true, compare });
    } else {
      this.#sessions.first();
    }
  }

  #stopViews(): void {
    this.#sessions.stop();
    this.#history.stop();
    this.#own.stop();
  }

  #poll(): void {
    if (!this.offline && !this.#removal.busy && this.#connection.store) {
      this.#reload(true);
    }
  }

  #invalidated(_event: PagesInvalidatedEvent): void {
    // A removal made here reloads once it has finished; one made in
    // another tab reloads now, once however many pages it dropped.
    if (this.#removal.busy || this.#reloadQueued) {
      return;
    }
    this.#reloadQueued = true;
    queueMicrotask(() => {
      this.#reloadQueued = false;
      if (!this.#removal.busy) {
        this.#reload(true);
      }
    });
  }

  #removed(detail: RemovedDetail): void {
    emit(this, 'session-manager-removed', detail);
    const succeeded = detail.outcomes.filter((o) => o.error === null);
    const everywhere = succeeded.some(
      (o) => o.request.mode === 'self' && o.request.input.target === 'all',
    );
    if (everywhere) {
      this.signedOut = 'everywhere';
      this.#removal.close();
      void this.#connection.store?.signOut();
      emit(this, 'session-manager-signed-out', { reason: 'everywhere' });
      return;
    }

    for (const { request } of succeeded) {
      if (request.mode === 'admin') {
        this.#forget(request.input.subjectId, request.input.sessionId);
      }
    }
    this.#reload(true);
  }

  #forget(subjectId: string | undefined, sessionId: string | undefined) {
    for (const session of [...this.#sessions.selection.values()]) {
      const gone = sessionId
        ? session.sessionId === sessionId
        : session.subjectId === subjectId;
      if (gone) {
        this.#sessions.selection.delete(session.sessionId);
      }
    }
  }

  #failed(error: unknown, operation: FailedOperation): boolean {
    emit(this, 'session-manager-error', { error, operation });
    if (isUnauthorizedError(error) && this.signedOut === null) {
      this.signedOut = 'expired';
      emit(this, 'session-manager-signed-out', { reason: 'expired' });
      return true;
    }
    if (isConflictError(error) && error.serverSideSessionsDisabled) {
      this.sessionsDisabled = true;
      return true;
    }
    return false;
  }

  readonly #onLine = () => {
    const wasOffline = this.offline;
    this.offline = !navigator.onLine;
    if (wasOffline && !this.offline && this.#connection.store) {
      this.#reload(true);
    }
  };

  #retry(): void {
    this.signedOut = null;
    this.sessionsDisabled = false;
    this.#connection.reset();
    this.requestUpdate();
  }

  #search(search: Search): void {
    this.#sessions.setSearch(search);
    if (this.urlState) {
      history.replaceState(
        history.state,
        '',
        urlWithSearch(location.href, search),
      );
    }
  }

  #showTab(tab: AdminTab): void {
    if (this.tab !== tab) {
      this.tab = tab;
      this.#stopViews();
      if (tab === 'removals') {
        void this.#history.load({ token: null, prior: false });
      } else {
        void this.#sessions.reload();
      }
    }
  }

  #signOutOwn(
    target: SelfTarget,
    sessions: readonly UserSession[],
    trigger: Element,
  ): void {
    this.#removal.openSelf(target, sessions, trigger);
  }

  protected override render(): TemplateResult {
    const admin = this.#mode === 'admin';
    const store: SessionStore | null = this.#connection.store;
    const view = admin
      ? this.tab === 'removals'
        ? this.#history
        : this.#sessions
      : this.#own;
    const hasData = admin
      ? view === this.#history
        ? this.#history.page !== null
        : this.#sessions.page !== null
      : this.#own.sessions !== null;

    return html`<header part="header">
        <h2 id="heading" tabindex="-1">
          <slot name="heading">
            ${admin ? msg('Sessions') : msg('Your sessions')}
          </slot>
        </h2>
        ${
          store && !this.signedOut && !this.sessionsDisabled
            ? freshnessLine({
                formats: this.#formats,
                freshness: view.freshness,
                loading: view.loading,
                offline: this.offline,
                refresh: () => this.#reload(true),
              })
            : nothing
        }
      </header>
      ${this.offline ? offlineBanner(hasData) : nothing} ${this.#body(admin)}
      ${this.#removal.render()} ${this.#detail.render()}`;
  }

  #body(admin: boolean): TemplateResult {
    const connection = this.#connection.state;
    switch (connection.status) {
      case 'unconfigured':
        return unconfiguredState();
      case 'connecting':
        return loadingState();
      case 'failed':
        return connectionFailedState(connection.error, () => this.#retry());
      case 'ready':
        break;
    }

    if (this.signedOut) {
      return signedOutState(this.signedOut === 'everywhere', () =>
        this.#retry(),
      );
    }
    if (this.sessionsDisabled) {
      return disabledState();
    }

    const common = {
      formats: this.#formats,
      offline: this.offline,
      refresh: () => this.#reload(true),
    };
    if (!admin) {
      return selfBody({
        ...common,
        view: this.#own,
        locations: this.locations,
        signOut: (target, sessions, trigger) =>
          this.#signOutOwn(target, sessions, trigger),
      });
    }
    return adminBody({
      ...common,
      tab: this.tab,
      sessions: this.#sessions,
      history: this.#history,
      exporter: this.#exporter,
      pageSize: this.#pageSize,
      operator: {
        subjectId: this.operatorSubject,
        sessionId: this.operatorSession,
      },
      showTab: (tab) => this.#showTab(tab),
      typed: (text) =>
        this.#typing.schedule(() =>
          this.#search({ ...this.#sessions.search, text }),
        ),
      search: (search) => {
        this.#typing.cancel();
        this.#search(search);
      },
      exportAll: (format) => {
        const client = this.#sessions.search.client;
        void this.#exporter.start(
          format,
          this.#sessions.query(),
          (session) => !client || session.clientIds.includes(client),
        );
      },
      resize: (size) => {
        this.pageSize = size;
      },
      showDetail: (session, trigger) =>
        void this.#detail.open(session, trigger),
      remove: (sessions, trigger) => this.#removal.openAdmin(sessions, trigger),
    });
  }
}
