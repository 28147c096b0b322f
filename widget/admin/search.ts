import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import { matchModes, type MatchMode } from '../../shared/index.ts';
import { searchBar, searchField } from '../parts.ts';
import type { Search, SearchField } from './sessions-view.ts';

/**
 * The admin search: one box, the field it searches and how it matches.
 * Typing searches after a pause; Enter searches at once.
 */

export const fields: readonly SearchField[] = [
  'displayName',
  'subjectId',
  'sessionId',
];

function fieldLabel(field: SearchField): string {
  switch (field) {
    case 'displayName':
      return msg('Name');
    case 'subjectId':
      return msg('Subject ID');
    case 'sessionId':
      return msg('Session ID');
  }
}

export interface SearchFormContext {
  readonly search: Search;

  /** A change that should search after the typing pause. */
  readonly typed: (text: string) => void;

  /** A change that should search now. */
  readonly changed: (search: Search) => void;
}

export function searchForm(context: SearchFormContext): TemplateResult {
  const { search, changed } = context;
  const form = (event: Event) =>
    (event.target as HTMLElement).closest('form') as HTMLFormElement;
  const read = (element: HTMLFormElement): Search => {
    const data = new FormData(element);
    return {
      ...search,
      field: data.get('field') as SearchField,
      text: String(data.get('text') ?? ''),
      match: data.get('match') as MatchMode,
    };
  };

  return html`${searchBar(
    msg('Search sessions'),
    (element) => changed(read(element)),
    html`<label class="field">
        <span>${msg('Search in')}</span>
        <select
          name="field"
          @change=${(event: Event) => changed(read(form(event)))}
        >
          ${fields.map(
            (field) =>
              html`<option value=${field} ?selected=${search.field === field}>
                ${fieldLabel(field)}
              </option>`,
          )}
        </select>
      </label>
      ${searchField(msg('Search for'), 'text', search.text, context.typed)}
      <fieldset class="match">
        <legend>${msg('Match')}</legend>
        ${matchModes.map(
          (mode) =>
            html`<label>
              <input
                type="radio"
                name="match"
                value=${mode}
                .checked=${search.match === mode}
                @change=${(event: Event) => changed(read(form(event)))}
              />
              ${mode === 'exact' ? msg('Exact') : msg('Contains')}
            </label>`,
        )}
      </fieldset>
      <button type="submit" part="button">${msg('Search')}</button>`,
  )}
  ${matchHint(search)}`;
}

function matchHint(search: Search): TemplateResult | typeof nothing {
  const text = search.text.trim();
  if (search.match !== 'contains' || !text) {
    return nothing;
  }
  return html`<p class="hint">
    ${msg(
      str`Contains finds every value with "${text}" in it, such as "${text}0". \
Choose Exact to find one user or session.`,
    )}
  </p>`;
}

/**
 * The chosen client as a filter chip that removes it, and, when the host
 * has no client filter, that only the page on show is narrowed.
 */
export function clientFilter(
  search: Search,
  clientLabel: string,
  pageOnly: boolean,
  clear: () => void,
): TemplateResult | typeof nothing {
  if (!search.client) {
    return nothing;
  }
  return html`<p class="filter">
    <span>${msg('Client:')}</span>
    <button
      type="button"
      part="button"
      class="chip"
      aria-pressed="true"
      aria-label=${msg(str`Stop filtering by ${clientLabel}`)}
      @click=${clear}
    >
      ${clientLabel} <span aria-hidden="true">×</span>
    </button>
    ${
      pageOnly
        ? html`<span>
            ${msg(
              `This service cannot filter by client, so only the page on show \
is narrowed.`,
            )}
          </span>`
        : nothing
    }
  </p>`;
}

/** Calls `run` once typing has paused for `delayMs`. */
export class Debounce {
  readonly #delayMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(delayMs: number) {
    this.#delayMs = delayMs;
  }

  schedule(run: () => void): void {
    this.cancel();
    this.#timer = setTimeout(run, this.#delayMs);
  }

  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
