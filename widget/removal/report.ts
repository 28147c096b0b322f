import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import type { BackchannelDelivery, RemovalReport } from '../../shared/index.ts';
import type { Formats } from '../i18n/format.ts';
import { describeProblem } from '../i18n/problems.ts';
import type { RunResult } from './run.ts';

/**
 * What a removal did, call by call, from the host's own report: how many
 * sessions ended, tokens and consents revoked, and each client told or
 * not. A host that answers 204 gives no report, and the element says so
 * rather than showing zeros.
 */

export function resultsList(
  results: readonly RunResult[],
  formats: Formats,
  label: (result: RunResult) => string,
  clientName: (clientId: string) => string,
): TemplateResult {
  return html`<ul class="report">
    ${results.map(
      (result) =>
        html`<li class=${result.failed ? 'failed' : 'done'}>
          <span class="target">${label(result)}</span>
          ${
            result.failed
              ? html`<span class="problem">
                  ${msg('Failed:')} ${describeProblem(result.outcome.error)}
                </span>`
              : reportText(result.outcome.report, formats, clientName)
          }
        </li>`,
    )}
  </ul>`;
}

function reportText(
  report: RemovalReport | null,
  formats: Formats,
  clientName: (clientId: string) => string,
): TemplateResult {
  if (!report) {
    return html`<span>${msg('Removed; the host gave no details.')}</span>`;
  }
  if (report.sessionsMatched === 0 && report.tokensRevoked === 0) {
    return html`<span
      >${msg('Nothing left to end: it was already gone.')}</span
    >`;
  }

  const n = (value: number) => formats.number(value);
  const ended = n(report.sessionsRemoved);
  const tokens = n(report.tokensRevoked);
  const consents = n(report.consentsRevoked);
  return html`<span>
      ${msg(
        str`Sessions ended: ${ended}. Tokens revoked: ${tokens}. Consents \
revoked: ${consents}.`,
      )}
    </span>
    ${
      report.backchannel.length === 0
        ? nothing
        : html`<ul class="deliveries">
            ${report.backchannel.map((delivery) =>
              deliveryItem(delivery, formats, clientName),
            )}
          </ul>`
    }`;
}

function deliveryItem(
  delivery: BackchannelDelivery,
  formats: Formats,
  clientName: (clientId: string) => string,
): TemplateResult {
  const name = clientName(delivery.clientId);
  const ms = formats.number(delivery.durationMs);
  if (delivery.status === 'delivered') {
    return html`<li class="delivered">
      ${msg(str`${name}: told to sign out (${ms} ms).`)}
    </li>`;
  }

  const why =
    delivery.httpStatus !== null
      ? msg(str`HTTP ${delivery.httpStatus}`)
      : (delivery.error ?? msg('no answer'));
  return html`<li class="undelivered">
    ${msg(str`${name}: not told, ${why}.`)}
  </li>`;
}
