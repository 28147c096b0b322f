import type Provider from 'oidc-provider';
import type { InteractionResults, KoaContextWithOIDC } from 'oidc-provider';

import { scopes } from '../shared/contract/index.ts';
import type { AccountStore } from './accounts.ts';
import { findGrantId } from './adapter.ts';
import type { Db } from './database.ts';

/**
 * Consent, the oidc-provider Grant that records it, and who may have what.
 *
 * Consent belongs to the subject and the client, not to one session, as in
 * Duende: an authorization uses the grant its session already has for the
 * client, else the subject's grant for that client from any other session.
 * A sign-in from a new browser therefore asks for no consent again. The
 * price is that such sessions share one grant, so revoking it (a removal
 * that revokes tokens or consent) ends the tokens of every session that
 * shares it.
 */

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** What the pending consent prompt asks for, split into what may be given. */
export interface ConsentRequest {
  /** Scopes the person can grant. */
  scopes: string[];
  claims: string[];
  resourceScopes: Record<string, string[]>;
  /** Scopes this account may not have, whatever it answers. */
  withheld: string[];
}

/** oidc-provider's `loadExistingGrant`, with the rule above. */
export async function loadExistingGrant(db: Db, ctx: KoaContextWithOIDC) {
  const { client, session, provider } = ctx.oidc;
  const accountId = session?.accountId;
  if (!client || !accountId) return undefined;

  const candidates = [
    ctx.oidc.result?.consent?.grantId,
    session.grantIdFor(client.clientId),
  ];
  for (const grantId of candidates) {
    if (typeof grantId !== 'string') continue;

    const grant = await provider.Grant.find(grantId);
    if (grant?.accountId === accountId && grant.clientId === client.clientId) {
      return grant;
    }
  }

  const shared = findGrantId(db, accountId, client.clientId);
  return shared ? provider.Grant.find(shared) : undefined;
}

/**
 * Reads the consent prompt's details. `sessions.admin` is for operators
 * only: for anyone else it is withheld, so no page or client can talk a
 * user into holding it.
 */
export function consentRequest(
  accounts: AccountStore,
  interaction: Interaction,
): ConsentRequest {
  const details = interaction.prompt.details;
  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
  const resources = details['missingResourceScopes'];
  const requested = strings(details['missingOIDCScope']);

  const accountId = interaction.session?.accountId ?? '';
  const operator = accounts.find(accountId)?.operator === true;
  const withheld: string[] = operator
    ? []
    : requested.filter((scope) => scope === scopes.admin);

  return {
    scopes: requested.filter((scope) => !withheld.includes(scope)),
    claims: strings(details['missingOIDCClaims']),
    resourceScopes:
      typeof resources === 'object' && resources !== null
        ? Object.fromEntries(
            Object.entries(resources).map(([key, value]) => [
              key,
              strings(value),
            ]),
          )
        : {},
    withheld,
  };
}

/**
 * Adds what the person allowed to the interaction's grant, or to a new
 * one, and returns the consent result for `interactionFinished`. Withheld
 * scopes are recorded as refused, so the prompt does not come back for
 * them on every sign-in.
 */
export async function grantConsent(
  provider: Provider,
  accounts: AccountStore,
  interaction: Interaction,
): Promise<NonNullable<InteractionResults['consent']>> {
  const accountId = interaction.session?.accountId;
  const clientId = String(interaction.params['client_id']);
  const existing = interaction.grantId
    ? await provider.Grant.find(interaction.grantId)
    : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });

  const request = consentRequest(accounts, interaction);
  if (request.scopes.length > 0) grant.addOIDCScope(request.scopes);
  if (request.withheld.length > 0) grant.rejectOIDCScope(request.withheld);
  if (request.claims.length > 0) grant.addOIDCClaims(request.claims);
  for (const [resource, scope] of Object.entries(request.resourceScopes)) {
    grant.addResourceScope(resource, scope);
  }

  const grantId = await grant.save();
  return existing ? {} : { grantId };
}
