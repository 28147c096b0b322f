import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import type { UserSession } from '../shared/index.ts';
import type { HistoryView } from './admin/history-view.ts';
import { pager, pageSummary, sessionCount } from './admin/pager.ts';
import { announce } from './parts.ts';
import type { SelfTarget } from './removal/self-form.ts';
import type { Common } from './render.ts';
import type { OwnSessionsView } from './self/own-view.ts';
import { emptyState, loadingState } from './states.ts';

/**
 * The bodies that come with the features chunk: the removal history tab
 * and the self-service list.
 */

export interface HistoryPanelContext extends Common {
  readonly history: HistoryView;
  readonly pageSize: number;
  readonly resize: (size: number) => void;
}

export function historyPanel(context: HistoryPanelContext): TemplateResult {
  const { history, formats } = context;
  const page = history.page;
  let list: TemplateResult;
  if (!page) {
    list = history.error
      ? context.problems.failed(history.error, context.refresh)
      : loadingState();
  } else if (page.results.length === 0) {
    list = emptyState(
      msg('No removals recorded yet.'),
      context.refresh,
      context.offline,
    );
  } else {
    list = html`<div class="table-scroll">${history.renderList()}</div>`;
  }

  const counted = (total: number) =>
    formats.plural(
      total,
      () => msg('1 removal'),
      () => msg(str`${formats.number(total)} removals`),
    );
  return html`${history.renderFilter()}
  ${
    page && history.error
      ? context.problems.stale(history.error, context.refresh)
      : nothing
  }
  ${list}
  ${
    page
      ? pager({
          page,
          formats,
          busy: history.loading,
          pageSize: context.pageSize,
          previous: () => history.previous(),
          next: () => history.next(),
          resize: context.resize,
          label: msg('Pages of the removal history'),
          counted,
        })
      : nothing
  }
  ${announce(page && !history.loading ? pageSummary(page, formats, counted) : '')}`;
}

export interface SelfBodyContext extends Common {
  readonly view: OwnSessionsView;
  readonly locations: Readonly<Record<string, string>>;
  readonly signOut: (
    target: SelfTarget,
    sessions: readonly UserSession[],
    trigger: Element,
  ) => void;
}

export function selfBody(context: SelfBodyContext): TemplateResult {
  const { view, formats } = context;
  const sessions = view.sessions;
  if (!sessions) {
    return view.error
      ? context.problems.failed(view.error, context.refresh)
      : loadingState();
  }
  if (sessions.length === 0) {
    return emptyState(
      msg('You have no sessions.'),
      context.refresh,
      context.offline,
    );
  }

  return html`${view.error ? context.problems.stale(view.error, context.refresh) : nothing}
  ${view.render(context)}
  ${announce(view.loading ? '' : sessionCount(sessions.length, formats))}`;
}
