import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import type { UserSession } from '../shared/index.ts';
import type { Exporter } from './admin/export.ts';
import { pager, pageSummary, sessionCount } from './admin/pager.ts';
import { resultsTable } from './admin/results.ts';
import { clientFilter, searchForm } from './admin/search.ts';
import type { Search, SessionsView } from './admin/sessions-view.ts';
import type { Formats } from './i18n/format.ts';
import type { Freshness } from './list-view.ts';
import {
  announce,
  clientName,
  clientsOf,
  dangerButton,
  spinner,
} from './parts.ts';
import { emptyState, loadingState } from './states.ts';

/**
 * The bodies of the two modes, put together from the views' pieces. The
 * element decides which one to show; these decide how it is laid out.
 */

export interface Common {
  readonly formats: Formats;
  readonly offline: boolean;
  readonly refresh: () => void;

  /** How failures are shown; they come with the features chunk. */
  readonly problems: Problems;
}

/** The failure messages, or stand-ins until the features chunk is in. */
export interface Problems {
  readonly failed: (error: unknown, retry: () => void) => TemplateResult;
  readonly stale: (
    error: unknown,
    retry: () => void,
  ) => TemplateResult | typeof nothing;
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
    ? html`<time class="ago" datetime=${freshness.storedAt.toISOString()}
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

export interface AdminBodyContext extends Common {
  readonly tab: 'sessions' | 'removals';
  readonly sessions: SessionsView;
  /** The features chunk's parts; null until it has loaded. */
  readonly exporter: Exporter | null;
  readonly historyPanel: (() => TemplateResult) | null;
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
  // Two tabs: either arrow moves to the other one, whatever the writing
  // direction; Home and End go to the first and the last.
  const move = (event: KeyboardEvent) => {
    const keys: Record<string, 'sessions' | 'removals' | undefined> = {
      ArrowLeft: context.tab === 'sessions' ? 'removals' : 'sessions',
      ArrowRight: context.tab === 'sessions' ? 'removals' : 'sessions',
      Home: 'sessions',
      End: 'removals',
    };
    const tab = keys[event.key];
    if (tab) {
      event.preventDefault();
      context.showTab(tab);
      const root = (event.currentTarget as Element).getRootNode() as ShadowRoot;
      queueMicrotask(() => root.getElementById(`tab-${tab}`)?.focus());
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
            ?data-later=${tab === 'removals'}
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
          : (context.historyPanel?.() ?? loadingState())
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
    ${clientFilter(view.search, clientLabel, view.clientFilterRefused, () =>
      context.search({ ...view.search, client: null }),
    )}
    <div class="bar">
      <div class="bulk" role="group" aria-label=${msg('Selection')}>
        ${
          chosen.length > 0
            ? html`<span>
                  ${msg(str`${formats.number(chosen.length)} selected`)}
                </span>
                ${dangerButton(
                  msg('Sign out selected…'),
                  context.offline,
                  (trigger) => context.remove(chosen, trigger),
                )}
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
      <div class="export" role="group" aria-label=${msg('Export')}>
        ${context.exporter?.renderProgress() ?? nothing}
        ${
          context.exporter?.running
            ? nothing
            : html`<button
                  type="button"
                  part="button"
                  data-later
                  ?disabled=${context.offline}
                  @click=${() => context.exportAll('csv')}
                >
                  ${msg('Export CSV')}
                </button>
                <button
                  type="button"
                  part="button"
                  data-later
                  ?disabled=${context.offline}
                  @click=${() => context.exportAll('json')}
                >
                  ${msg('Export JSON')}
                </button>`
        }
        <span class="muted" role="status">
          ${context.exporter?.statusText(formats) ?? ''}
        </span>
      </div>
    </div>
    ${
      page && view.error
        ? context.problems.stale(view.error, context.refresh)
        : nothing
    }
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
      ? context.problems.failed(view.error, context.refresh)
      : loadingState();
  }

  if (page.results.length === 0 && view.vanished.length === 0) {
    const searching = view.search.text.trim() !== '' || !!view.search.client;
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
  const appeared = formats.number(view.appeared.size);
  const vanished = formats.number(view.vanished.length);
  const changes =
    view.appeared.size + view.vanished.length > 0
      ? msg(str`${appeared} new, ${vanished} ended.`)
      : '';
  return `${summary}. ${changes}`.trim();
}
