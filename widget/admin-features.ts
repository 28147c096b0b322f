import type { TemplateResult } from 'lit';

import type { UserSession } from '../shared/index.ts';
import { DetailDialog } from './admin/detail.ts';
import { Exporter } from './admin/export.ts';
import { historyPanel } from './admin/history-panel.ts';
import { HistoryView } from './admin/history-view.ts';
import type { SessionsView } from './admin/sessions-view.ts';
import { emit, type RemovedDetail } from './events.ts';
import type { AdminDraft } from './removal/admin-form.ts';
import { adminDraft, adminRemoval } from './removal/admin-kind.ts';
import { RemovalDialog } from './removal/dialog.ts';
import type { Common } from './render.ts';
import { adminStyles } from './styles/admin.ts';
import { dialogStyles } from './styles/dialog.ts';
import type { FeatureLink } from './view-host.ts';

/**
 * The admin view's parts that wait until someone asks for them: the
 * removal dialog, the detail, the removal history and the export. This
 * module is a chunk of its own, fetched the first time one of them is
 * needed (or when a pointer or focus comes to a control that needs it);
 * the list itself never waits for it.
 */

export const styles = [dialogStyles, adminStyles];

export class AdminFeatures {
  readonly removal: RemovalDialog<AdminDraft>;
  readonly detail: DetailDialog;
  readonly history: HistoryView;
  readonly exporter: Exporter;

  readonly #link: FeatureLink;

  constructor(link: FeatureLink) {
    this.#link = link;
    this.removal = new RemovalDialog(link.host, adminRemoval);
    this.detail = new DetailDialog(link.host);
    this.history = new HistoryView(link.host);
    this.exporter = new Exporter(link.host);
  }

  remove(sessions: readonly UserSession[], trigger: Element): void {
    void this.removal.open(adminDraft(sessions), trigger);
  }

  /** After a removal: tell the host, forget what ended, load again. */
  removed(detail: RemovedDetail): void {
    const link = this.#link;
    emit(link.element, 'session-manager-removed', detail);
    for (const { request, error } of detail.outcomes) {
      if (error === null && request.mode === 'admin') {
        const { subjectId, sessionId } = request.input;
        forget(link.sessions, subjectId, sessionId);
      }
    }
    link.reload();
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

  stop(): void {
    this.history.stop();
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
