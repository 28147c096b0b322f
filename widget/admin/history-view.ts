import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import {
  type QueryResult,
  type RemovalQuery,
  type RemovalRecord,
  type ResultsToken,
} from '../../shared/index.ts';
import { ListView } from '../list-view.ts';
import { searchBar, searchField } from '../parts.ts';
import { timeText } from '../time-text.ts';

/**
 * "Recently removed": the removal history the API keeps, newest first,
 * optionally for one user (exact subject), with who asked, why, and what
 * the removal did.
 */
export class HistoryView extends ListView<QueryResult<RemovalRecord>> {
  subjectId = '';

  #position: { token: ResultsToken | null; prior: boolean } = {
    token: null,
    prior: false,
  };

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

  load(
    position: { token: ResultsToken | null; prior: boolean },
    fresh = false,
  ): Promise<void> {
    const query: RemovalQuery = {
      ...(this.subjectId ? { subjectId: this.subjectId } : {}),
      countRequested: this.host.countRequested,
      resultsToken: position.token,
      requestPriorResults: position.prior,
    };
    return this.run(
      'removals',
      (store, signal) => store.queryRemovals(query, { signal, cached: !fresh }),
      (loaded) => {
        this.#position = position;
        return loaded.page.results.length;
      },
    );
  }

  renderFilter(): TemplateResult {
    return searchBar(
      msg('Filter the removal history'),
      (form) => this.filter(String(new FormData(form).get('subject') ?? '')),
      html`${searchField(msg('Subject ID (exact)'), 'subject', this.subjectId)}
        <button type="submit" part="button">${msg('Filter')}</button>`,
    );
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
    const formats = this.host.formats;
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
          str`Ended ${n(report.sessionsRemoved)}, tokens \
${n(report.tokensRevoked)}, consents ${n(report.consentsRevoked)}.`,
        )}
        ${
          report.backchannel.length > 0
            ? html`<span class=${failed > 0 ? 'problem' : 'muted'}>
                ${msg(
                  str`Clients told: ${n(told.length)}, not told: ${n(failed)}.`,
                )}
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
