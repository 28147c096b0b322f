import { msg } from '@lit/localize';
import {
  adoptStyles,
  html,
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
import { Debounce } from './admin/search.ts';
import { SessionsView, type Search } from './admin/sessions-view.ts';
import { Connection, type ConnectionState } from './connection.ts';
import {
  emit,
  type ExportDetail,
  type FailedOperation,
  type LoadDetail,
  type RemovedDetail,
  type RemoveRequestDetail,
} from './events.ts';
import type * as FeatureModule from './features.ts';
import { Formats } from './i18n/format.ts';
import { useLanguage } from './i18n/locale.ts';
import { live } from './live.ts';
import { adminBody, freshnessLine, type Problems } from './render.ts';
import type { SessionManager } from './session-manager.ts';
import { loadingState, offlineBanner } from './states.ts';
import { styles } from './styles/index.ts';
import { Timers } from './timers.ts';

type Features = typeof FeatureModule;

let featureModule: Promise<Features> | undefined;

/** The features chunk, fetched once per page. */
function loadFeatures(): Promise<Features> {
  featureModule ??= import('./features.ts');
  return featureModule;
}

type FeatureViews = InstanceType<Features['FeatureSet']>;

export type AdminTab = 'sessions' | 'removals';

/**
 * What `<session-manager>` does, kept apart from the class that declares
 * its public properties: it connects, loads what the mode shows, reacts
 * to removals here and in other tabs, keeps the clocks, and draws. The
 * admin list is in the element's core; the rest arrives in one chunk
 * right after the first view is shown.
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
  #features: FeatureViews | null = null;
  #formats = new Formats('en', undefined);
  #formatsKey = '';
  #language: string | null = null;
  #reloadQueued = false;

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
      removed: (detail: RemovedDetail) => this.#features?.removed(detail),
      fallbackFocus: () =>
        element.renderRoot.querySelector<HTMLElement>('#heading'),
      remove: (session: UserSession, trigger: Element) =>
        void this.#confirm([session], trigger),
      exported: (detail: ExportDetail) =>
        emit(element, 'session-manager-export', detail, true),
    });
    this.#sessions = new SessionsView(this.#host);
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
    this.#element.requestUpdate();
  }

  hostDisconnected(): void {
    removeEventListener('online', this.#onLine);
    removeEventListener('offline', this.#onLine);
    this.#typing.cancel();
    this.#features?.exporter.cancel();
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
      this.#formats = new Formats(lang, zone);
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

  /** Loads the features chunk, once, and makes its views. */
  async #withFeatures(): Promise<FeatureViews> {
    if (this.#features) {
      return this.#features;
    }

    const module = await loadFeatures();
    if (!this.#features) {
      const element = this.#element;
      const store = live({ store: () => this.#connection.store });
      this.#features = new module.FeatureSet(
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
      const root = element.renderRoot;
      if (root instanceof ShadowRoot) {
        adoptStyles(root, [...styles, module.featureStyles]);
      }
      element.requestUpdate();
    }
    return this.#features;
  }

  #connected(connection: ConnectionState): void {
    this.#element.requestUpdate();
    if (connection.status === 'ready') {
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
      void this.#withFeatures().then((features) => features.own.load());
    } else if (this.tab === 'removals') {
      void this.#withFeatures().then((features) =>
        features.history.load({ token: null, prior: false }),
      );
    } else if (this.#element.urlState) {
      // Reading the address is features-chunk code.
      void this.#withFeatures().then((features) => {
        this.#sessions.search = features.searchInAddress();
        this.#sessions.first();
      });
    } else {
      this.#sessions.first();
    }
  }

  /** The page on show again: a refresh, a poll, an invalidation. */
  #reload(compare = false): void {
    const features = this.#features;
    if (this.mode === 'self') {
      void features?.own.load({ fresh: true, compare });
    } else if (this.tab === 'removals') {
      void features?.history.reload(true);
    } else if (this.#sessions.page) {
      void this.#sessions.reload({ fresh: true, compare });
    } else {
      this.#sessions.first();
    }
  }

  #stopViews(): void {
    this.#sessions.stop();
    this.#features?.stop();
  }

  get #busy(): boolean {
    return this.#features?.removal.busy ?? false;
  }

  #poll(): void {
    if (!this.offline && !this.#busy && this.#connection.store) {
      this.#reload(true);
    }
  }

  #loaded(detail: LoadDetail): void {
    emit(this.#element, 'session-manager-load', detail);
    // The first view is on screen: fetch the rest while the person reads.
    if (detail.source === 'network' && !this.#features) {
      void this.#withFeatures();
    }
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
      void this.#withFeatures().then((features) =>
        features.writeAddress(search),
      );
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
      void this.#withFeatures().then((features) =>
        features.history.load({ token: null, prior: false }),
      );
    } else {
      void this.#sessions.reload();
    }
  }

  async #confirm(sessions: readonly UserSession[], trigger: Element) {
    const features = await this.#withFeatures();
    features.removal.openAdmin(sessions, trigger);
  }

  async #detail(session: UserSession, trigger: Element) {
    const features = await this.#withFeatures();
    await features.detail.open(session, trigger);
  }

  async #export(format: 'csv' | 'json') {
    const features = await this.#withFeatures();
    await features.export(format);
  }

  render(): TemplateResult {
    const admin = this.mode === 'admin';
    const features = this.#features;
    const view = !admin
      ? features?.own
      : this.tab === 'removals'
        ? features?.history
        : this.#sessions;
    const hasData = !admin
      ? (features?.own.sessions ?? null) !== null
      : this.tab === 'removals'
        ? (features?.history.page ?? null) !== null
        : this.#sessions.page !== null;
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
      ${this.offline ? offlineBanner(hasData) : nothing} ${this.#body(admin)}
      ${features?.removal.render() ?? nothing}
      ${features?.detail.render() ?? nothing}`;
  }

  /** Until the features chunk is in, a failure shows as loading. */
  readonly #awaitingProblems: Problems = {
    failed: () => {
      void this.#withFeatures();
      return loadingState();
    },
    stale: () => {
      void this.#withFeatures();
      return nothing;
    },
  };

  #body(admin: boolean): TemplateResult {
    const connection = this.#connection.state;
    const features = this.#features;
    const whole =
      connection.status !== 'ready' || this.signedOut || this.sessionsDisabled;
    if (whole && !features) {
      // The message for this state comes with the features chunk.
      void this.#withFeatures();
      return loadingState();
    }
    const state = features?.wholeState(
      connection,
      this.signedOut,
      this.sessionsDisabled,
      () => this.#retry(),
    );
    if (state) {
      return state;
    }

    const common = {
      formats: this.#formats,
      offline: this.offline,
      refresh: () => this.#reload(true),
      problems: features?.problems(this.offline) ?? this.#awaitingProblems,
    };
    if (!admin) {
      return features
        ? features.renderSelf(common, this.#element.locations)
        : loadingState();
    }

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
      showDetail: (session, trigger) => void this.#detail(session, trigger),
      remove: (sessions, trigger) => void this.#confirm(sessions, trigger),
      exportAll: (format) => void this.#export(format),
    });
  }
}
