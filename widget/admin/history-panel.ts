import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import { announce } from '../parts.ts';
import type { Common } from '../render.ts';
import { emptyState, loadingState } from '../states.ts';
import type { HistoryView } from './history-view.ts';
import { pager, pageSummary } from './pager.ts';

/** The "Recently removed" tab: the filter, the list and its pager. */

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
  ${announce(
    page && !history.loading ? pageSummary(page, formats, counted) : '',
  )}`;
}
