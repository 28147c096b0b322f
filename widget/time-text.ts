import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';

import type { Formats } from './i18n/format.ts';

// A module of its own: only the views in chunks use it (the admin rows
// write their times out), so the element's core does not carry it.

/**
 * A relative time, exact for machines in `datetime`; people get the exact
 * time on hover from `showExactTime`, which looks for the class `ago`.
 */
export function timeText(
  date: Date | null,
  formats: Formats,
  never = msg('Never'),
): TemplateResult {
  if (!date) {
    return html`<span class="muted">${never}</span>`;
  }
  return html`<time class="ago" datetime=${date.toISOString()}
    >${formats.relative(date)}</time
  >`;
}
