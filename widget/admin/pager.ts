import { msg, str } from '@lit/localize';
import { html, type TemplateResult } from 'lit';

import type { QueryResult } from '../../shared/index.ts';
import type { Formats } from '../i18n/format.ts';

export interface PagerContext {
  readonly page: QueryResult<unknown> | null;
  readonly formats: Formats;
  readonly busy: boolean;
  readonly pageSize: number;
  readonly previous: () => void;
  readonly next: () => void;
  /** Null hides the page-size choice. */
  readonly resize: ((size: number) => void) | null;
  readonly label: string;

  /** "240 sessions": the total in words, for what is paged. */
  readonly counted: (total: number) => string;
}

const sizes = [10, 25, 50, 100];

/** "240 sessions", in the element's language. */
export function sessionCount(total: number, formats: Formats): string {
  const n = formats.number(total);
  return formats.plural(
    total,
    () => msg(str`${n} session`),
    () => msg(str`${n} sessions`),
  );
}

/**
 * "240 sessions, page 2 of 10" as far as the host counted: a host that
 * cannot count gives nulls, and the pager then says only what it knows.
 */
export function pageSummary(
  page: QueryResult<unknown> | null,
  formats: Formats,
  counted: (total: number) => string,
): string {
  if (!page) {
    return '';
  }

  const { totalCount, totalPages, currentPage } = page;
  const n = (value: number) => formats.number(value);
  const count = totalCount === null ? null : counted(totalCount);
  if (count && currentPage !== null && totalPages !== null && totalPages > 0) {
    return msg(str`${count}, page ${n(currentPage)} of ${n(totalPages)}`);
  }
  if (count) {
    return count;
  }
  return currentPage === null ? '' : msg(str`Page ${n(currentPage)}`);
}

export function pager(context: PagerContext): TemplateResult {
  const { page, busy } = context;
  const choices = sizes.includes(context.pageSize)
    ? sizes
    : [...sizes, context.pageSize].sort((a, b) => a - b);

  return html`<nav class="pager" part="pager" aria-label=${context.label}>
    <button
      type="button"
      part="button"
      ?disabled=${busy || !page?.hasPrevResults}
      @click=${context.previous}
    >
      <span class="arrow" aria-hidden="true">‹</span> ${msg('Previous')}
    </button>
    <span class="summary"
      >${pageSummary(page, context.formats, context.counted)}</span
    >
    <button
      type="button"
      part="button"
      ?disabled=${busy || !page?.hasNextResults}
      @click=${context.next}
    >
      ${msg('Next')} <span class="arrow" aria-hidden="true">›</span>
    </button>
    ${
      context.resize
        ? html`<label class="size">
            <span>${msg('Per page')}</span>
            <select
              @change=${(event: Event) =>
                context.resize?.(
                  Number((event.target as HTMLSelectElement).value),
                )}
            >
              ${choices.map(
                (size) =>
                  html`<option
                    value=${size}
                    ?selected=${size === context.pageSize}
                  >
                    ${context.formats.number(size)}
                  </option>`,
              )}
            </select>
          </label>`
        : ''
    }
  </nav>`;
}
