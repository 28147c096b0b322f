import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

import {
  isAbortError,
  limits,
  type ResultsToken,
  type SessionQuery,
  type UserSession,
} from '../../shared/index.ts';
import type { ExportDetail } from '../events.ts';
import type { Formats } from '../i18n/format.ts';
import { describeProblem } from '../i18n/problems.ts';
import type { ViewHost } from '../view-host.ts';
import { sessionsCsv, sessionsJson } from './files.ts';

export interface ExportHost extends ViewHost {
  /** Fires the cancelable export event; false when the host took over. */
  exported(detail: ExportDetail): boolean;
}

type Format = ExportDetail['format'];

/**
 * Exports every session the search matches, page after page at the
 * largest page size, with progress and a cancel. The pages come straight
 * from the client, not the cache: an export wants the server's word, and
 * its pages would crowd out the ones people look at.
 */
export class Exporter {
  format: Format | null = null;
  done = 0;
  total: number | null = null;
  message = '';

  readonly #host: ExportHost;
  #abort: AbortController | null = null;

  constructor(host: ExportHost) {
    this.#host = host;
  }

  get running(): boolean {
    return this.#abort !== null;
  }

  cancel(): void {
    this.#abort?.abort();
  }

  async start(
    format: Format,
    query: SessionQuery,
    keep: (session: UserSession) => boolean,
  ): Promise<void> {
    const client = this.#host.store?.client;
    if (!client || this.#abort) {
      return;
    }

    const abort = new AbortController();
    this.#abort = abort;
    this.format = format;
    this.done = 0;
    this.total = null;
    this.message = '';
    this.#host.requestUpdate();

    const sessions: UserSession[] = [];
    let token: ResultsToken | null = null;
    try {
      do {
        const page = await client.querySessions(
          { ...query, countRequested: limits.maxCount, resultsToken: token },
          { signal: abort.signal },
        );
        sessions.push(...page.results.filter(keep));
        this.done += page.results.length;
        this.total = page.totalCount;
        token = page.hasNextResults ? page.resultsToken : null;
        this.#host.requestUpdate();
      } while (token);

      this.#deliver(format, query, sessions);
    } catch (error) {
      if (abort.signal.aborted || isAbortError(error)) {
        this.message = msg('Export cancelled.');
      } else {
        this.message = msg(str`Export failed: ${describeProblem(error)}`);
        this.#host.failed(error, 'export');
      }
    } finally {
      this.#abort = null;
      this.#host.requestUpdate();
    }
  }

  #deliver(
    format: Format,
    query: SessionQuery,
    sessions: readonly UserSession[],
  ): void {
    const now = new Date(Date.now());
    const text =
      format === 'csv'
        ? sessionsCsv(sessions)
        : sessionsJson(sessions, query, now);
    const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
    const filename = `sessions-${stamp}.${format}`;
    const count = sessions.length;
    const formats = this.#host.formats;
    this.message = formats.plural(
      count,
      () => msg('Exported 1 session.'),
      () => msg(str`Exported ${formats.number(count)} sessions.`),
    );

    if (this.#host.exported({ format, filename, text, count })) {
      download(text, filename, format);
    }
  }

  /** What the export is doing, or how it ended, in a sentence. */
  statusText(formats: Formats): string {
    const n = (value: number) => formats.number(value);
    if (!this.running) {
      return this.message;
    }
    return this.total === null
      ? msg(str`Exporting: ${n(this.done)} sessions so far.`)
      : msg(str`Exporting: ${n(this.done)} of ${n(this.total)} sessions.`);
  }

  /** The progress bar and the cancel, while an export runs. */
  renderProgress(): TemplateResult | typeof nothing {
    if (!this.running) {
      return nothing;
    }
    return html`<progress
        max=${ifDefined(this.total ?? undefined)}
        value=${ifDefined(this.total === null ? undefined : this.done)}
        aria-label=${msg('Export progress')}
      ></progress>
      <button type="button" part="button" @click=${() => this.cancel()}>
        ${msg('Cancel export')}
      </button>`;
  }
}

function download(text: string, filename: string, format: Format): void {
  const type = format === 'csv' ? 'text/csv' : 'application/json';
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
