import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import type { UserSession } from '../shared/index.ts';
import type { Exporter } from './admin/export.ts';
import type { HistoryView } from './admin/history-view.ts';
import { pager, pageSummary, sessionCount } from './admin/pager.ts';
import { resultsTable } from './admin/results.ts';
import { clientFilter, searchForm } from './admin/search.ts';
import type { Freshness, Search, SessionsView } from './admin/sessions-view.ts';
import type { Formats } from './i18n/format.ts';
import { describeProblem } from './i18n/problems.ts';
import { announce, clientName, clientsOf, spinner } from './parts.ts';
import type { SelfTarget } from './removal/self-form.ts';
import type { OwnSessionsView } from './self/own-view.ts';
import { emptyState, errorState, loadingState } from './states.ts';

/**
 * The bodies of the two modes, put together from the views' pieces. The
 * element decides which one to show; these decide how it is laid out.
 */

interface Common {
  readonly formats: Formats;
  readonly offline: boolean;
  readonly refresh: () => void;
}

export function freshnessLine(context: {
  readonly formats: Formats;
  readonly freshness: Freshness | null;
  readonly loading: boolean;
  readonly offline: boolean;
  readonly refresh: () => void;
}): TemplateResult {
  const { freshness, formats } = context;
  const when = freshness
    ? html`<time
        datetime=${freshness.storedAt.toISOString()}
        title=${formats.exact(freshness.storedAt)}
        >${msg(str`Updated ${formats.relative(freshness.storedAt)}`)}</time
      >`
    : nothing;

  return html`<div class="freshness">
    ${when}
    ${context.loading && freshness ? spinner(msg('Refreshing')) : nothing}
    <button
      type="button"
      part="button"
      ?disabled=${context.offline || context.loading}
      @click=${context.refresh}
    >
      ${msg('Refresh')}
    </button>
  </div>`;
}

/** An error over a list that is still shown: the refresh failed. */
function staleError(error: unknown, retry: () => void): TemplateResult {
  return html`<p class="banner problem" part="banner" role="alert">
    ${msg(str`Could not refresh: ${describeProblem(error)}`)}
    <button type="button" part="button" @click=${retry}>
      ${msg('Try again')}
    </button>
  </p>`;
}

export interface AdminBodyContext extends Common {
  readonly tab: 'sessions' | 'removals';
  readonly sessions: SessionsView;
  readonly history: HistoryView;
  readonly exporter: Exporter;
  readonly pageSize: number;
  readonly operator: {
    readonly subjectId: string | null;
    readonly sessionId: string | null;
  };
  readonly showTab: (tab: 'sessions' | 'removals') => void;
  readonly typed: (text: string) => void;
  readonly search: (search: Search) => void;
  readonly resize: (size: number) => void;
  readonly showDetail: (session: UserSession, trigger: Element) => void;
  readonly remove: (sessions: readonly UserSession[], trigger: Element) => void;
  readonly exportAll: (format: 'csv' | 'json') => void;
}

export function adminBody(context: AdminBodyContext): TemplateResult {
  const tabs: ['sessions' | 'removals', string][] = [
    ['sessions', msg('Sessions')],
    ['removals', msg('Recently removed')],
  ];
  const move = (event: KeyboardEvent) => {
    const order = tabs.map(([tab]) => tab);
    const at = order.indexOf(context.tab);
    const rtl = getComputedStyle(event.currentTarget as Element).direction;
    const forward = rtl === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    const back = rtl === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
    const next =
      event.key === forward
        ? (at + 1) % order.length
        : event.key === back
          ? (at + order.length - 1) % order.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? order.length - 1
              : -1;
    const tab = order[next];
    if (tab) {
      event.preventDefault();
      context.showTab(tab);
      const root = (event.currentTarget as Element).getRootNode() as ShadowRoot;
      queueMicrotask(() =>
        root.getElementById(`tab-${tab}`)?.focus({ preventScroll: true }),
      );
    }
  };

  return html`<div
      class="tabs"
      role="tablist"
      aria-label=${msg('Views')}
      @keydown=${move}
    >
      ${tabs.map(
        ([tab, label]) =>
          html`<button
            type="button"
            role="tab"
            id=${`tab-${tab}`}
            aria-controls="panel"
            aria-selected=${context.tab === tab ? 'true' : 'false'}
            tabindex=${context.tab === tab ? '0' : '-1'}
            @click=${() => context.showTab(tab)}
          >
            ${label}
          </button>`,
      )}
    </div>
    <section role="tabpanel" id="panel" aria-labelledby=${`tab-${context.tab}`}>
      ${
        context.tab === 'sessions'
          ? sessionsPanel(context)
          : historyPanel(context)
      }
    </section>`;
}

function sessionsPanel(context: AdminBodyContext): TemplateResult {
  const { sessions: view, formats } = context;
  const page = view.page;
  const chosen = [...view.selection.values()];
  const clientLabel = view.search.client
    ? labelOfClient(view, view.search.client)
    : '';

  return html`${searchForm({
      search: view.search,
      typed: context.typed,
      changed: context.search,
    })}
    ${clientFilter(view.search, clientLabel, () =>
      context.search({ ...view.search, client: null }),
    )}
    <div class="bar">
      <div class="bulk" role="group" aria-label=${msg('Selection')}>
        ${
          chosen.length > 0
            ? html`<span>
                  ${msg(str`${formats.number(chosen.length)} selected`)}
                </span>
                <button
                  type="button"
                  part="danger-button"
                  class="danger"
                  ?disabled=${context.offline}
                  @click=${(event: Event) =>
                    context.remove(chosen, event.currentTarget as Element)}
                >
                  ${msg('Sign out selected…')}
                </button>
                <button
                  type="button"
                  part="button"
                  @click=${() => view.clearSelection()}
                >
                  ${msg('Clear selection')}
                </button>`
            : nothing
        }
      </div>
      ${context.exporter.render(formats, context.exportAll)}
    </div>
    ${page && view.error ? staleError(view.error, context.refresh) : nothing}
    ${sessionsList(context)}
    ${
      page
        ? pager({
            page,
            formats,
            busy: view.loading,
            pageSize: context.pageSize,
            previous: () => view.previous(),
            next: () => view.next(),
            resize: context.resize,
            label: msg('Pages of sessions'),
            counted: (total) => sessionCount(total, formats),
          })
        : nothing
    }
    ${announce(resultsAnnouncement(view, formats))}`;
}

function sessionsList(context: AdminBodyContext): TemplateResult {
  const { sessions: view } = context;
  const page = view.page;
  if (!page) {
    return view.error
      ? errorState(view.error, context.refresh, context.offline)
      : loadingState();
  }

  if (page.results.length === 0 && view.vanished.length === 0) {
    const searching = view.search.text.trim() !== '';
    return emptyState(
      view.paged
        ? msg('This page is empty now: its sessions ended.')
        : searching
          ? msg('No session matches this search.')
          : msg('There are no sessions.'),
      context.refresh,
      context.offline,
      view.paged
        ? html`<button type="button" part="button" @click=${() => view.first()}>
            ${msg('Go to the first page')}
          </button>`
        : nothing,
    );
  }
  if (view.visible.length === 0 && view.vanished.length === 0) {
    return emptyState(
      msg('No session on this page is signed in to that client.'),
      context.refresh,
      context.offline,
    );
  }

  return html`<div class="table-scroll">
    ${resultsTable({
      view,
      formats: context.formats,
      operator: context.operator,
      offline: context.offline,
      showDetail: context.showDetail,
      remove: (session, trigger) => context.remove([session], trigger),
      filterClient: (clientId) =>
        context.search({
          ...view.search,
          client: view.search.client === clientId ? null : clientId,
        }),
    })}
  </div>`;
}

function labelOfClient(view: SessionsView, clientId: string): string {
  for (const session of view.page?.results ?? []) {
    const client = clientsOf(session).find((c) => c.clientId === clientId);
    if (client) {
      return clientName(client);
    }
  }
  return clientId;
}

function resultsAnnouncement(view: SessionsView, formats: Formats): string {
  const page = view.page;
  if (!page || view.loading) {
    return '';
  }

  const summary =
    pageSummary(page, formats, (total) => sessionCount(total, formats)) ||
    sessionCount(page.results.length, formats);
  const appeared = view.appeared.size;
  const vanished = view.vanished.length;
  const changes =
    appeared + vanished > 0
      ? msg(
          str`${formats.number(appeared)} new, ${formats.number(vanished)} ended.`,
        )
      : '';
  return `${summary}. ${changes}`.trim();
}

function historyPanel(context: AdminBodyContext): TemplateResult {
  const { history, formats } = context;
  const page = history.page;
  let list: TemplateResult;
  if (!page) {
    list = history.error
      ? errorState(history.error, context.refresh, context.offline)
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
    page && history.error ? staleError(history.error, context.refresh) : nothing
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
      ? errorState(view.error, context.refresh, context.offline)
      : loadingState();
  }
  if (sessions.length === 0) {
    return emptyState(
      msg('You have no sessions.'),
      context.refresh,
      context.offline,
    );
  }

  return html`${view.error ? staleError(view.error, context.refresh) : nothing}
  ${view.render(context)}
  ${announce(view.loading ? '' : sessionCount(sessions.length, formats))}`;
}
