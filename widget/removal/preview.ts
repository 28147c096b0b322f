import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import type { Formats } from '../i18n/format.ts';
import type { ClientInfo, Consequences, RemovalChoice } from './plan.ts';

/**
 * The consequences of an admin removal in plain sentences, before it is
 * confirmed. They state the rules that surprise people: a client subset
 * does not narrow the end of the IdP session, consent belongs to the user
 * and the client, and JWT access tokens cannot be called back.
 */

function names(clients: readonly ClientInfo[], formats: Formats): string {
  const list = new Intl.ListFormat(formats.lang, { type: 'conjunction' });
  return list.format(clients.map((client) => client.name));
}

export function preview(
  result: Consequences,
  choice: RemovalChoice,
  formats: Formats,
): TemplateResult {
  const items: (TemplateResult | typeof nothing)[] = [];
  const list = (clients: readonly ClientInfo[]) => names(clients, formats);

  if (result.endsIdpSession) {
    items.push(
      html`<li>
        ${msg(
          `The session ends at the identity provider: the next visit to any \
client asks to sign in again.`,
        )}
        ${
          result.subsetIgnoredByIdpSession
            ? html`<strong>
                ${msg(
                  `This is not limited to the chosen clients: ending the \
session ends it for every client. To cut off only some clients, turn this off \
and revoke their tokens.`,
                )}
              </strong>`
            : nothing
        }
      </li>`,
    );
  } else {
    items.push(
      html`<li>
        ${msg(
          `The session stays at the identity provider: the user is still \
signed in there.`,
        )}
      </li>`,
    );
  }

  if (!choice.flags.sendBackchannelLogoutNotification) {
    items.push(
      html`<li>
        ${msg(
          `No client is told. Clients keep their own sign-in until it runs out \
or they check.`,
        )}
      </li>`,
    );
  } else {
    if (result.notified.length > 0) {
      const who = list(result.notified);
      items.push(
        html`<li>${msg(str`Told over back-channel logout: ${who}.`)}</li>`,
      );
    }
    if (result.notNotifiable.length > 0) {
      const who = list(result.notNotifiable);
      items.push(
        html`<li>
          ${msg(str`Cannot be told (no back-channel logout): ${who}.`)}
        </li>`,
      );
    }
    if (result.notifyUnknown.length > 0) {
      const who = list(result.notifyUnknown);
      items.push(
        html`<li>
          ${msg(str`Told if they have a back-channel logout address: ${who}.`)}
        </li>`,
      );
    }
  }

  if (result.tokensOf.length > 0) {
    const who = list(result.tokensOf);
    items.push(
      html`<li>
        ${msg(
          str`Refresh tokens, opaque access tokens and pending codes are \
revoked for: ${who}.`,
        )}
        ${
          result.lingeringTokens
            ? msg(
                `That includes tokens that outlive a session, such as offline \
refresh tokens.`,
              )
            : nothing
        }
      </li>`,
    );
  } else if (choice.flags.revokeTokens) {
    items.push(html`<li>${msg('Tokens of every client are revoked.')}</li>`);
  } else {
    items.push(html`<li>${msg('Tokens stay valid until they expire.')}</li>`);
  }

  if (result.consents === 'revoked') {
    const who = list(result.consentsOf);
    items.push(
      html`<li>
        ${msg(
          str`The user's consents are revoked (${who || msg('every client')}): \
the next sign-in asks again, and every token granted under them ends, in all \
of the user's sessions.`,
        )}
      </li>`,
    );
  } else if (result.consents === 'kept') {
    items.push(
      html`<li>
        ${msg(
          `Consents stay: a consent belongs to the user and the client, not to \
one session, so only signing out every session of the user revokes it.`,
        )}
      </li>`,
    );
  }

  items.push(
    html`<li>
      ${msg(
        `Access tokens issued as JWTs cannot be revoked: they stay valid until \
they expire.`,
      )}
    </li>`,
  );

  return html`<ul class="preview-list">
    ${items}
  </ul>`;
}
