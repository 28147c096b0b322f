import { msg } from '@lit/localize';
import {
  adoptStyles,
  html,
  type CSSResult,
  nothing,
  type ReactiveController,
  type TemplateResult,
} from 'lit';

import {
  isConflictError,
  isUnauthorizedError,
  limits,
  type UserSession,
} from '../shared/index.ts';
import { rowTimeOf } from './admin/results.ts';
import { Debounce } from './admin/search.ts';
import { SessionsView, type Search } from './admin/sessions-view.ts';
import { searchFromUrl, urlWithSearch } from './admin/url-state.ts';
import { Chunk } from './chunk.ts';
import { Connection, type ConnectionState } from './connection.ts';
import {
  emit,
  type ExportDetail,
  type FailedOperation,
  type LoadDetail,
  type RemovedDetail,
  type RemoveRequestDetail,
} from './events.ts';
import { formatsFor } from './i18n/format.ts';
import { useLanguage } from './i18n/locale.ts';
import type { ListView } from './list-view.ts';
import { live } from './live.ts';
import { showExactTime, spinner, tryAgain } from './parts.ts';
import {
  adminBody,
  freshnessLine,
  type Common,
  type Problems,
} from './render.ts';
import type { SessionManager } from './session-manager.ts';
import { loadingState, offlineBanner, unconfiguredState } from './states.ts';
import { styles } from './styles/index.ts';
import { Timers } from './timers.ts';
import type { FeatureLink } from './view-host.ts';

// The chunks the element fetches when it first needs them. The admin list
// needs none of them: a page that shows it loads the element's core only.
const adminChunk = new Chunk(() => import('./admin-features.ts'));
const selfChunk = new Chunk(() => import('./self-features.ts'));
const rareChunk = new Chunk(() => import('./rare-states.ts'));

type AdminFeatures = InstanceType<
  Awaited<ReturnType<typeof adminChunk.get>>['AdminFeatures']
>;
type SelfFeatures = InstanceType<
  Awaited<ReturnType<typeof selfChunk.get>>['SelfFeatures']
>;
type RareStates = Awaited<ReturnType<typeof rareChunk.get>>;

export type AdminTab = 'sessions' | 'removals';

/**
 * For this long after connecting, a view with nothing to show yet draws
 * nothing rather than a loading state. A cached page is read in a few
 * milliseconds, and a loading state drawn meanwhile costs a frame of
 * style, layout and paint (about 5 ms in Chromium) that the cached page
 * then waits behind, only to flash for as long. Past it, a page still on
 * its way from the network shows the loading state.
 */
const quietMs = 100;

/**
 * What `<session-manager>` does, kept apart from the class that declares
 * its public properties: it connects, loads what the mode shows, reacts
 * to removals here and in other tabs, keeps the clocks, and draws. The
 * admin list is in the element's core; the dialogs, the history and the
 * export, self-service, and the failure states are chunks fetched when
 * first needed.
 */
export class Coordinator implements ReactiveController {
  tab: AdminTab = 'sessions';
  signedOut: 'expired' | 'everywhere' | null = null;
  sessionsDisabled = false;
  offline = !navigator.onLine;

  readonly #element: SessionManager;
  readonly #connection = new Connection(
    (connection) => this.#connected(connection),
    () => this.#invalidated(),
  );
  readonly #host;
  readonly #sessions: SessionsView;
  readonly #typing = new Debounce(300);
  readonly #timers: Timers;
  #admin: AdminFeatures | null = null;
  #self: SelfFeatures | null = null;
  #rare: RareStates | null = null;

  /** What waits for a chunk: it runs once the chunk is in. */
  #waiting: (() => void) | null = null;
  #chunkFailed = false;
  /** The body shows its own loading state meanwhile. */
  #waitingQuietly = false;
  readonly #extraStyles: CSSResult[] = [];
  #formats = formatsFor('en', undefined);
  #formatsKey = '';
  #language: string | null = null;
  #reloadQueued = false;
  #quietUntil = 0;
  #quietTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(element: SessionManager) {
    this.#element = element;
    element.addController(this);
    this.#timers = new Timers(element, {
      tick: () => element.requestUpdate(),
      poll: () => this.#poll(),
    });

    // The views read the element's state through this object, so none of
    // it has to be public on the element.
    const state = live({
      store: () => this.#connection.store,
      formats: () => this.#formats,
      countRequested: () => this.pageSize,
      offline: () => this.offline,
      operator: () => ({
        subjectId: element.operatorSubject,
        sessionId: element.operatorSession,
      }),
      requireReason: () => element.requireReason,
      updateComplete: () => element.updateComplete,
    });
    this.#host = Object.assign(state, {
      addController: (controller: ReactiveController) =>
        element.addController(controller),
      removeController: (controller: ReactiveController) =>
        element.removeController(controller),
      requestUpdate: () => element.requestUpdate(),
      loaded: (detail: LoadDetail) => this.#loaded(detail),
      failed: (error: unknown, operation: FailedOperation) =>
        this.#failed(error, operation),
      requestRemoval: (detail: RemoveRequestDetail) =>
        emit(element, 'session-manager-remove-request', detail, true),
      removed: (detail: RemovedDetail) =>
        (detail.mode === 'admin' ? this.#admin : this.#self)?.removed(detail),
      fallbackFocus: () =>
        element.renderRoot.querySelector<HTMLElement>('#heading'),
      remove: (session: UserSession, trigger: Element) =>
        void this.#confirm([session], trigger),
      exported: (detail: ExportDetail) =>
        emit(element, 'session-manager-export', detail, true),
    });
    this.#sessions = new SessionsView(this.#host);
    for (const type of ['pointerover', 'pointerout', 'focusin']) {
      element.addEventListener(type, this.#pointed);
    }
  }

  get mode(): 'admin' | 'self' {
    return this.#element.mode === 'admin' ? 'admin' : 'self';
  }

  get pageSize(): number {
    const size = this.#element.pageSize;
    return Number.isInteger(size) &&
      size >= limits.minCount &&
      size <= limits.maxCount
      ? size
      : limits.defaultCount;
  }

  /** The element's language: its own, an ancestor's, the document's. */
  get lang(): string {
    const element = this.#element;
    return (
      element.getAttribute('lang') ||
      element.parentElement?.closest('[lang]')?.getAttribute('lang') ||
      document.documentElement.lang ||
      'en'
    );
  }

  hostConnected(): void {
    addEventListener('online', this.#onLine);
    addEventListener('offline', this.#onLine);
    this.offline = !navigator.onLine;
    this.#connection.reset();
    this.#quietUntil = performance.now() + quietMs;
    this.#quietTimer = setTimeout(() => this.#element.requestUpdate(), quietMs);
    this.#element.requestUpdate();
  }

  hostDisconnected(): void {
    clearTimeout(this.#quietTimer);
    removeEventListener('online', this.#onLine);
    removeEventListener('offline', this.#onLine);
    this.#typing.cancel();
    this.#admin?.exporter.cancel();
    this.#stopViews();
    this.#connection.close();
  }

  /** Takes in the element's properties before each render. */
  update(changed: ReadonlyMap<PropertyKey, unknown>): void {
    const element = this.#element;
    const lang = this.lang;
    const zone = element.timeZone ?? undefined;
    // Formats normalise the tag (`de-ch` becomes `de-CH`), so they are
    // made again only when what was asked for changes.
    const formatsKey = `${lang} ${zone ?? ''}`;
    if (this.#formatsKey !== formatsKey) {
      this.#formatsKey = formatsKey;
      this.#formats = formatsFor(lang, zone);
    }
    // Asked once per change of language, English included: another
    // element of the page may have switched the strings to its own.
    if (this.#language !== lang) {
      this.#language = lang;
      void useLanguage(lang);
    }

    const tokenChanged =
      changed.has('accessToken') || changed.has('tokenProvider');
    if (tokenChanged && this.signedOut === 'expired') {
      this.signedOut = null;
      this.#reload();
    }
    if (
      element.hasUpdated &&
      (changed.has('mode') || changed.has('pageSize'))
    ) {
      this.#start();
    }

    this.#timers.configure(element.poll);
    this.#connection.configure({
      endpoint: element.endpoint,
      issuer: element.issuer,
      client: element.client,
      viewer: element.viewer,
      subject: element.operatorSubject,
      cache: !element.noCache,
      token: (context) =>
        element.tokenProvider
          ? element.tokenProvider(context)
          : element.accessToken,
    });
  }

  /**
   * Runs `action` with a chunk's features, fetching the chunk first when
   * it is not in yet. Meanwhile the element says it is loading; when the
   * fetch fails it says so, and Try again fetches it again and then runs
   * the action, so a click is never lost. The latest action wins.
   * `quiet` leaves the loading to the body, which shows its own.
   */
  #withChunk<Features>(
    ready: () => Features | null,
    load: () => Promise<Features>,
    action: (features: Features) => unknown,
    quiet = false,
  ): void {
    const features = ready();
    if (features) {
      void action(features);
      return;
    }

    const attempt = () => {
      this.#waiting = attempt;
      this.#waitingQuietly = quiet;
      this.#chunkFailed = false;
      this.#element.requestUpdate();
      load().then(
        (loaded) => {
          if (this.#waiting === attempt) {
            this.#waiting = null;
            void action(loaded);
          }
          this.#element.requestUpdate();
        },
        () => {
          if (this.#waiting === attempt) {
            this.#chunkFailed = true;
            this.#element.requestUpdate();
          }
        },
      );
    };
    attempt();
  }

  #withAdmin(
    action: (features: AdminFeatures) => unknown,
    quiet = false,
  ): void {
    this.#withChunk(
      () => this.#admin,
      async () => {
        const { AdminFeatures, styles } = await adminChunk.get();
        return (this.#admin ??= this.#made(AdminFeatures, styles));
      },
      action,
      quiet,
    );
  }

  #withSelf(action: (features: SelfFeatures) => unknown): void {
    this.#withChunk(
      () => this.#self,
      async () => {
        const { SelfFeatures, styles } = await selfChunk.get();
        return (this.#self ??= this.#made(SelfFeatures, styles));
      },
      action,
      true,
    );
  }

  /** A chunk's features, with its styles added to the element's own. */
  #made<Features>(
    make: new (link: FeatureLink) => Features,
    extra: readonly CSSResult[],
  ): Features {
    this.#extraStyles.push(...extra);
    const root = this.#element.renderRoot;
    if (root instanceof ShadowRoot) {
      adoptStyles(root, [...styles, ...this.#extraStyles]);
    }

    const element = this.#element;
    const store = live({ store: () => this.#connection.store });
    return new make(
      Object.assign(store, {
        element,
        host: this.#host,
        sessions: this.#sessions,
        reload: () => this.#reload(true),
        signedOutEverywhere: () => {
          this.signedOut = 'everywhere';
          element.requestUpdate();
        },
      }),
    );
  }

  /**
   * The failure states, fetched the first time one is shown. A failed
   * fetch says so, as any chunk's does, with a Try again.
   */
  #rareStates(): RareStates | null {
    if (!this.#rare && !this.#waiting) {
      this.#withChunk(
        () => this.#rare,
        async () => (this.#rare = await rareChunk.get()),
        () => {},
        true,
      );
    }
    return this.#rare;
  }

  /**
   * Fetches the admin chunk ahead of a click: a pointer over, or focus
   * on, a control that needs it. The list does not wait for it. Also
   * shows the exact time of a time under the pointer.
   */
  readonly #pointed = (event: Event) => {
    showExactTime(event, this.#formats, (time) =>
      rowTimeOf(time, this.#sessions),
    );
    const target = event.composedPath()[0];
    const wanted =
      target instanceof Element &&
      target.closest('button.danger, [data-later]');
    if (wanted && this.mode === 'admin' && !this.#admin) {
      void adminChunk.get().catch(() => {
        // A real click asks again, and shows the failure.
      });
    }
  };

  #connected(connection: ConnectionState): void {
    this.#element.requestUpdate();
    if (connection.status === 'ready') {
      // Another host may have the client filter that this one lacked.
      this.#sessions.clientFilterRefused = false;
      this.#start();
    } else if (connection.status === 'failed') {
      emit(this.#element, 'session-manager-error', {
        error: connection.error,
        operation: 'connect',
      });
    }
  }

  /** Loads what the current mode shows, from its first page. */
  #start(): void {
    this.#stopViews();
    this.sessionsDisabled = false;
    if (this.mode === 'self') {
      this.#withSelf((features) => features.own.load());
    } else if (this.tab === 'removals') {
      this.#withAdmin(
        (features) => features.history.load({ token: null, prior: false }),
        true,
      );
    } else {
      if (this.#element.urlState) {
        this.#sessions.search = searchFromUrl(location.href);
      }
      this.#sessions.first();
    }
  }

  /** The page on show again: a refresh, a poll, an invalidation. */
  #reload(compare = false): void {
    if (this.mode === 'self') {
      void this.#self?.own.load({ fresh: true, compare });
    } else if (this.tab === 'removals') {
      void this.#admin?.history.reload(true);
    } else if (this.#sessions.page) {
      void this.#sessions.reload({ fresh: true, compare });
    } else {
      this.#sessions.first();
    }
  }

  #stopViews(): void {
    this.#sessions.stop();
    this.#admin?.stop();
    this.#self?.stop();
  }

  get #busy(): boolean {
    return !!(this.#admin?.removal.busy || this.#self?.removal.busy);
  }

  #poll(): void {
    if (!this.offline && !this.#busy && this.#connection.store) {
      this.#reload(true);
    }
  }

  #loaded(detail: LoadDetail): void {
    emit(this.#element, 'session-manager-load', detail);
  }

  #invalidated(): void {
    // A removal made here reloads once it has finished; one made in
    // another tab reloads now, once however many pages it dropped.
    if (this.#busy || this.#reloadQueued) {
      return;
    }
    this.#reloadQueued = true;
    queueMicrotask(() => {
      this.#reloadQueued = false;
      if (!this.#busy) {
        this.#reload(true);
      }
    });
  }

  #failed(error: unknown, operation: FailedOperation): boolean {
    const element = this.#element;
    emit(element, 'session-manager-error', { error, operation });
    if (isUnauthorizedError(error)) {
      if (this.signedOut === null) {
        this.signedOut = 'expired';
        emit(element, 'session-manager-signed-out', { reason: 'expired' });
      }
      element.requestUpdate();
      return true;
    }
    if (isConflictError(error) && error.serverSideSessionsDisabled) {
      this.sessionsDisabled = true;
      element.requestUpdate();
      return true;
    }
    return false;
  }

  readonly #onLine = () => {
    const wasOffline = this.offline;
    this.offline = !navigator.onLine;
    this.#element.requestUpdate();
    if (wasOffline && !this.offline && this.#connection.store) {
      this.#reload(true);
    }
  };

  #retry(): void {
    this.signedOut = null;
    this.sessionsDisabled = false;
    this.#connection.reset();
    this.#element.requestUpdate();
  }

  #search(search: Search): void {
    this.#sessions.setSearch(search);
    if (this.#element.urlState) {
      const address = urlWithSearch(location.href, search);
      history.replaceState(history.state, '', address);
    }
  }

  #showTab(tab: AdminTab): void {
    if (this.tab === tab) {
      return;
    }
    this.tab = tab;
    this.#stopViews();
    this.#element.requestUpdate();
    if (tab === 'removals') {
      this.#withAdmin(
        (features) => features.history.load({ token: null, prior: false }),
        true,
      );
    } else {
      void this.#sessions.reload();
    }
  }

  #confirm(sessions: readonly UserSession[], trigger: Element): void {
    this.#withAdmin((features) => features.remove(sessions, trigger));
  }

  /** The list on show; undefined while its chunk is on its way. */
  get #view(): ListView<unknown> | undefined {
    return this.mode === 'self'
      ? this.#self?.own
      : this.tab === 'removals'
        ? this.#admin?.history
        : this.#sessions;
  }

  /**
   * Whether to draw nothing yet: see `quietMs`. A view that failed has its
   * error, which ends the quiet as a page does.
   */
  get #quiet(): boolean {
    const status = this.#connection.state.status;
    const view = this.#view;
    return (
      performance.now() < this.#quietUntil &&
      (status === 'connecting' ||
        (status === 'ready' && !view?.page && !view?.error))
    );
  }

  render(): TemplateResult {
    if (this.#quiet) {
      return html``;
    }

    const admin = this.mode === 'admin';
    const view = this.#view;
    const hasData = (view?.page ?? null) !== null;
    const ready =
      this.#connection.store && !this.signedOut && !this.sessionsDisabled;

    return html`<header part="header">
        <h2 id="heading" tabindex="-1">
          <slot name="heading">
            ${admin ? msg('Sessions') : msg('Your sessions')}
          </slot>
        </h2>
        ${
          ready
            ? freshnessLine({
                formats: this.#formats,
                freshness: view?.freshness ?? null,
                loading: view?.loading ?? true,
                offline: this.offline,
                refresh: () => this.#reload(true),
              })
            : nothing
        }
      </header>
      ${this.offline ? offlineBanner(hasData) : nothing} ${this.#chunkState()}
      ${this.#body(admin)} ${this.#admin?.renderDialogs() ?? nothing}
      ${this.#self?.removal.render() ?? nothing}`;
  }

  /** A chunk on its way, or one that could not be fetched. */
  #chunkState(): TemplateResult | typeof nothing {
    const waiting = this.#waiting;
    if (!waiting) {
      return nothing;
    }
    if (!this.#chunkFailed) {
      return this.#waitingQuietly
        ? nothing
        : html`<p class="banner" part="banner" role="status">
            ${spinner(msg('Loading'))} ${msg('Loading…')}
          </p>`;
    }
    return html`<p class="banner problem" part="banner" role="alert">
      ${msg('This part of the screen could not be loaded.')}
      ${tryAgain(waiting)}
    </p>`;
  }

  /** Until the failure states are in, a failure shows as loading. */
  readonly #awaitingProblems: Problems = {
    failed: () => loadingState(),
    stale: () => nothing,
  };

  #body(admin: boolean): TemplateResult {
    const connection = this.#connection.state;
    if (connection.status === 'unconfigured') {
      return unconfiguredState();
    }
    if (connection.status === 'connecting') {
      return loadingState();
    }

    const failed = connection.status === 'failed';
    const whole = failed || this.signedOut || this.sessionsDisabled;
    if (whole) {
      return (
        this.#rareStates()?.wholeState(
          failed ? connection.error : null,
          this.signedOut,
          this.sessionsDisabled,
          () => this.#retry(),
        ) ?? loadingState()
      );
    }

    // The failure states are fetched only once something has failed.
    const rare = this.#view?.error ? this.#rareStates() : this.#rare;
    const common: Common = {
      formats: this.#formats,
      offline: this.offline,
      refresh: () => this.#reload(true),
      problems: rare?.problems(this.offline) ?? this.#awaitingProblems,
    };
    if (!admin) {
      return (
        this.#self?.render(common, this.#element.locations) ?? loadingState()
      );
    }

    const features = this.#admin;
    const resize = (size: number) => {
      this.#element.pageSize = size;
    };
    return adminBody({
      ...common,
      tab: this.tab,
      sessions: this.#sessions,
      exporter: features?.exporter ?? null,
      historyPanel: features
        ? () => features.renderHistory(common, this.pageSize, resize)
        : null,
      pageSize: this.pageSize,
      operator: {
        subjectId: this.#element.operatorSubject,
        sessionId: this.#element.operatorSession,
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
      resize,
      showDetail: (session, trigger) =>
        this.#withAdmin((admin) => admin.detail.open(session, trigger)),
      remove: (sessions, trigger) => this.#confirm(sessions, trigger),
      exportAll: (format) => this.#withAdmin((admin) => admin.export(format)),
    });
  }
}
