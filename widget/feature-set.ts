import type { TemplateResult } from 'lit';

import type { SessionStore, UserSession } from '../shared/index.ts';
import { DetailDialog, type DetailHost } from './admin/detail.ts';
import { Exporter, type ExportHost } from './admin/export.ts';
import { HistoryView } from './admin/history-view.ts';
import type { Search, SessionsView } from './admin/sessions-view.ts';
import { searchFromUrl, urlWithSearch } from './admin/url-state.ts';
import type { ConnectionState } from './connection.ts';
import { emit, type RemovedDetail } from './events.ts';
import {
  connectionFailedState,
  disabledState,
  errorState,
  signedOutState,
  staleError,
  unconfiguredState,
} from './rare-states.ts';
import { RemovalDialog, type RemovalHost } from './removal/dialog.ts';
import { historyPanel, selfBody } from './render-more.ts';
import type { Common, Problems } from './render.ts';
import { OwnSessionsView } from './self/own-view.ts';
import { loadingState } from './states.ts';

/** What the features need from the element's coordinator. */
export interface FeatureLink {
  readonly element: HTMLElement;
  readonly host: RemovalHost & ExportHost & DetailHost;
  readonly sessions: SessionsView;
  readonly store: SessionStore | null;

  /** Loads the page on show again, marking what changed. */
  reload(): void;

  /** The user signed out of every session, this one too. */
  signedOutEverywhere(): void;
}

/**
 * The views that come after the first one, made once the features chunk
 * has loaded, and what the element does with them: the dialogs, the
 * removal history, the export, the self-service list and the failure
 * states.
 */
export class FeatureSet {
  readonly removal: RemovalDialog;
  readonly detail: DetailDialog;
  readonly history: HistoryView;
  readonly exporter: Exporter;
  readonly own: OwnSessionsView;

  readonly #link: FeatureLink;

  constructor(link: FeatureLink) {
    this.#link = link;
    this.removal = new RemovalDialog(link.host);
    this.detail = new DetailDialog(link.host);
    this.history = new HistoryView(link.host);
    this.exporter = new Exporter(link.host);
    this.own = new OwnSessionsView(link.host);
  }

  problems(offline: boolean): Problems {
    return {
      failed: (error, retry) => errorState(error, retry, offline),
      stale: staleError,
    };
  }

  /** The state that replaces the whole element, or null when none does. */
  wholeState(
    connection: ConnectionState,
    signedOut: 'expired' | 'everywhere' | null,
    disabled: boolean,
    retry: () => void,
  ): TemplateResult | null {
    switch (connection.status) {
      case 'unconfigured':
        return unconfiguredState();
      case 'connecting':
        return loadingState();
      case 'failed':
        return connectionFailedState(connection.error, retry);
      case 'ready':
        break;
    }
    if (signedOut) {
      return signedOutState(signedOut === 'everywhere', retry);
    }
    return disabled ? disabledState() : null;
  }

  /** After a removal: tell the host, forget what ended, load again. */
  removed(detail: RemovedDetail): void {
    const link = this.#link;
    emit(link.element, 'session-manager-removed', detail);
    const succeeded = detail.outcomes.filter((o) => o.error === null);
    const everywhere = succeeded.some(
      (o) => o.request.mode === 'self' && o.request.input.target === 'all',
    );
    if (everywhere) {
      this.removal.close();
      void link.store?.signOut();
      link.signedOutEverywhere();
      emit(link.element, 'session-manager-signed-out', {
        reason: 'everywhere',
      });
      return;
    }

    for (const { request } of succeeded) {
      if (request.mode === 'admin') {
        forget(link.sessions, request.input.subjectId, request.input.sessionId);
      }
    }
    link.reload();
  }

  renderSelf(
    common: Common,
    locations: Readonly<Record<string, string>>,
  ): TemplateResult {
    return selfBody({
      ...common,
      view: this.own,
      locations,
      signOut: (target, sessions, trigger) =>
        this.removal.openSelf(target, sessions, trigger),
    });
  }

  renderHistory(
    common: Common,
    pageSize: number,
    resize: (size: number) => void,
  ): TemplateResult {
    return historyPanel({ ...common, history: this.history, pageSize, resize });
  }

  renderDialogs(): TemplateResult[] {
    return [this.removal.render(), this.detail.render()];
  }

  async export(format: 'csv' | 'json'): Promise<void> {
    const sessions = this.#link.sessions;
    const client = sessions.search.client;
    await this.exporter.start(
      format,
      sessions.query(),
      (session: UserSession) => !client || session.clientIds.includes(client),
    );
  }

  /** The search the page's address holds. */
  searchInAddress(): Search {
    return searchFromUrl(location.href);
  }

  /** Puts `search` in the page's address, without a history entry. */
  writeAddress(search: Search): void {
    history.replaceState(
      history.state,
      '',
      urlWithSearch(location.href, search),
    );
  }

  stop(): void {
    this.history.stop();
    this.own.stop();
  }
}

/** Drops sessions that ended from the selection. */
function forget(
  view: SessionsView,
  subjectId: string | undefined,
  sessionId: string | undefined,
): void {
  for (const session of [...view.selection.values()]) {
    const gone = sessionId
      ? session.sessionId === sessionId
      : session.subjectId === subjectId;
    if (gone) {
      view.selection.delete(session.sessionId);
    }
  }
}
