import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import {
  isAbortError,
  type QueryResult,
  type RemovalQuery,
  type RemovalRecord,
  type ResultsToken,
} from '../../shared/index.ts';
import { timeText } from '../parts.ts';
import type { ViewHost } from '../view-host.ts';
import type { Freshness } from './sessions-view.ts';

/**
 * "Recently removed": the removal history the API keeps, newest first,
 * optionally for one user (exact subject), with who asked, why, and what
 * the removal did.
 */
export class HistoryView {
  subjectId = '';
  page: QueryResult<RemovalRecord> | null = null;
  freshness: Freshness | null = null;
  loading = false;
  error: unknown = null;

  readonly #host: ViewHost;
  #position: { token: ResultsToken | null; prior: boolean } = {
    token: null,
    prior: false,
  };
  #abort: AbortController | null = null;

  constructor(host: ViewHost) {
    this.#host = host;
  }

  filter(subjectId: string): void {
    this.subjectId = subjectId.trim();
    void this.load({ token: null, prior: false });
  }

  next(): void {
    const token = this.page?.resultsToken;
    if (token) {
      void this.load({ token, prior: false });
    }
  }

  previous(): void {
    const token = this.page?.resultsToken;
    if (token) {
      void this.load({ token, prior: true });
    }
  }

  reload(fresh = false): Promise<void> {
    return this.load(this.#position, fresh);
  }

  stop(): void {
    this.#abort?.abort();
    this.#abort = null;
    this.loading = false;
  }

  async load(
    position: { token: ResultsToken | null; prior: boolean },
    fresh = false,
  ): Promise<void> {
    const store = this.#host.store;
    if (!store) {
      return;
    }

    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.loading = true;
    this.error = null;
    this.#host.requestUpdate();

    const query: RemovalQuery = {
      ...(this.subjectId ? { subjectId: this.subjectId } : {}),
      countRequested: this.#host.countRequested,
      resultsToken: position.token,
      requestPriorResults: position.prior,
    };
    try {
      const loads = store.queryRemovals(query, {
        signal: abort.signal,
        cached: !fresh,
      });
      for await (const loaded of loads) {
        this.page = loaded.page;
        this.#position = position;
        this.freshness = { source: loaded.source, storedAt: loaded.storedAt };
        // The fresh page is the last one: the view has settled when the
        // host hears of it.
        this.loading = loaded.source === 'cache';
        this.#host.loaded({
          view: 'removals',
          source: loaded.source,
          ageMs: loaded.ageMs,
          count: loaded.page.results.length,
        });
        this.#host.requestUpdate();
      }
    } catch (error) {
      if (!abort.signal.aborted && !isAbortError(error)) {
        this.error = error;
        this.#host.failed(error, 'load');
      }
    } finally {
      if (this.#abort === abort) {
        this.#abort = null;
        this.loading = false;
        this.#host.requestUpdate();
      }
    }
  }

  renderFilter(): TemplateResult {
    return html`<form
      class="search"
      part="toolbar"
      role="search"
      aria-label=${msg('Filter the removal history')}
      @submit=${(event: SubmitEvent) => {
        event.preventDefault();
        const data = new FormData(event.target as HTMLFormElement);
        this.filter(String(data.get('subject') ?? ''));
      }}
    >
      <label class="field grow">
        <span>${msg('Subject ID (exact)')}</span>
        <input
          type="search"
          name="subject"
          part="search-input"
          autocomplete="off"
          spellcheck="false"
          maxlength="200"
          .value=${this.subjectId}
        />
      </label>
      <button type="submit" part="button">${msg('Filter')}</button>
    </form>`;
  }

  renderList(): TemplateResult {
    const records = this.page?.results ?? [];
    return html`<table part="results" class="results history">
      <caption class="visually-hidden">
        ${msg('Recently removed')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${msg('When')}</th>
          <th scope="col">${msg('By')}</th>
          <th scope="col">${msg('What')}</th>
          <th scope="col">${msg('Reason')}</th>
          <th scope="col">${msg('Outcome')}</th>
        </tr>
      </thead>
      <tbody>
        ${records.map((record) => this.#row(record))}
      </tbody>
    </table>`;
  }

  #row(record: RemovalRecord): TemplateResult {
    const formats = this.#host.formats;
    const n = (value: number) => formats.number(value);
    const { actor, request, report } = record;
    const by = actor.displayName ?? actor.subjectId ?? actor.clientId;
    const sessions = request.sessionIds?.length ?? 0;
    const what = request.sessionIds
      ? formats.plural(
          sessions,
          () => msg(str`1 session of ${request.subjectId ?? '?'}`),
          () =>
            msg(str`${n(sessions)} sessions of ${request.subjectId ?? '?'}`),
        )
      : msg(str`Every session of ${request.subjectId ?? '?'}`);
    const told = report.backchannel.filter((d) => d.status === 'delivered');
    const failed = report.backchannel.length - told.length;

    return html`<tr>
      <td>${timeText(record.at, formats)}</td>
      <td>
        <span class="name">${by}</span>
        <span class="id">${actor.clientId}</span>
        ${
          record.mode === 'self'
            ? html`<span class="badge">${msg('self-service')}</span>`
            : nothing
        }
      </td>
      <td>
        <span>${what}</span>
        <span class="muted">${flagsText(request)}</span>
      </td>
      <td>${record.reason ?? html`<span class="muted">—</span>`}</td>
      <td>
        ${msg(
          str`Ended ${n(report.sessionsRemoved)}, tokens ${n(report.tokensRevoked)}, consents ${n(report.consentsRevoked)}.`,
        )}
        ${
          report.backchannel.length > 0
            ? html`<span class=${failed > 0 ? 'problem' : 'muted'}>
                ${msg(str`Clients told: ${n(told.length)}, not told: ${n(failed)}.`)}
              </span>`
            : nothing
        }
      </td>
    </tr>`;
  }
}

function flagsText(request: RemovalRecord['request']): string {
  const parts = [
    request.removeServerSideSession ? msg('session ended') : null,
    request.sendBackchannelLogoutNotification ? msg('clients told') : null,
    request.revokeTokens ? msg('tokens revoked') : null,
    request.revokeConsents ? msg('consents revoked') : null,
  ].filter((part) => part !== null);
  const clients = request.clientIds?.join(', ');
  return clients
    ? msg(str`${parts.join(', ')}; only ${clients}`)
    : parts.join(', ');
}
