import { generateKeyPairSync } from 'node:crypto';

import Provider, {
  type AdapterConstructor,
  type Configuration,
  type JWK,
  type KoaContextWithOIDC,
} from 'oidc-provider';

import {
  discoveryKey,
  scopes,
  type SessionClientJson,
} from '../shared/contract/index.ts';
import type { AccountStore } from './accounts.ts';
import {
  buildClients,
  describeClients,
  extensionClientId,
  serviceClientId,
} from './clients.ts';
import { loadExistingGrant } from './consent.ts';
import type { Db } from './database.ts';
import type { IdpOptions } from './options.ts';
import { outgoingFetch } from './outgoing-fetch.ts';
import { loggedOutPage, logoutPage, problemPage } from './pages.ts';
import type { RenderedPage } from './views.ts';

export {
  demoClientSecrets,
  relyingPartyIds,
  serviceClientId,
} from './clients.ts';

export interface ProviderInput {
  /** `http://127.0.0.1:PORT`, the address the IdP is reached at. */
  issuer: string;

  /** The session API's base URL, announced in discovery. */
  sessionEndpoint: string;

  db: Db;
  options: IdpOptions;
  accounts: AccountStore;
  adapter: AdapterConstructor;

  /** Where each relying party receives back-channel logouts, by client id. */
  backchannelLogoutUris: Record<string, string>;

  /** Signs the provider's cookies. */
  secret: string;
}

const day = 24 * 60 * 60;

/**
 * Builds the oidc-provider instance: the clients of `clients.ts`, opaque
 * access tokens the session API can look up, our own pages, and
 * back-channel logout with a per-delivery timeout.
 */
export function createProvider(input: ProviderInput): {
  provider: Provider;
  describeClient(clientId: string): SessionClientJson | undefined;
} {
  const clients = buildClients(input);
  const provider = new Provider(input.issuer, configuration(input, clients));

  // The IdP listens on 127.0.0.1 with nothing in front of it, so
  // X-Forwarded-* headers come from the caller and must not be believed.
  provider.proxy = false;

  return { provider, describeClient: describeClients(clients) };
}

function configuration(
  input: ProviderInput,
  clients: Configuration['clients'],
): Configuration {
  const { accounts } = input;

  return {
    adapter: input.adapter,
    clients,
    jwks: { keys: signingKeys() },
    cookies: { keys: [input.secret] },
    discovery: { [discoveryKey]: input.sessionEndpoint },
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: [
      'openid',
      'offline_access',
      'profile',
      'email',
      scopes.admin,
      scopes.self,
    ],
    claims: {
      acr: null,
      auth_time: null,
      iss: null,
      sid: null,
      openid: ['sub'],
      profile: ['name'],
      email: ['email', 'email_verified'],
    },
    findAccount: (_ctx, sub) => {
      const account = accounts.find(sub);
      if (!account) return undefined;

      return {
        accountId: account.subjectId,
        // Every stored address is a demo one, so each counts as verified.
        claims: () => ({
          sub: account.subjectId,
          ...(account.name !== null ? { name: account.name } : {}),
          ...(account.email !== null
            ? { email: account.email, email_verified: true }
            : {}),
        }),
      };
    },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    loadExistingGrant: (ctx) => loadExistingGrant(input.db, ctx),
    // oidc-provider drops `offline_access` from any authorization request
    // without `prompt=consent`, as OpenID Connect Core allows. Duende does
    // not, and neither do we: a client allowed the refresh_token grant gets
    // a refresh token, and its tokens outlive the IdP session, as Duende's
    // do. Ending a session leaves them working until a removal revokes
    // them or they expire.
    issueRefreshToken: (_ctx, client) =>
      client.grantTypeAllowed('refresh_token'),
    expiresWithSession: (ctx) =>
      ctx.oidc.client?.grantTypeAllowed('refresh_token') !== true,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      backchannelLogout: { enabled: true },
      introspection: {
        enabled: true,
        // The session service checks any token; a client only its own.
        allowedPolicy: (_ctx, client, token) =>
          client.clientId === serviceClientId ||
          token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) =>
          token.clientId === client.clientId,
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          const page = logoutPage({
            form,
            host: ctx.host,
            clientName: ctx.oidc.client?.clientName,
          });
          sendPage(ctx, page);
        },
        postLogoutSuccessSource: (ctx) => {
          const client = ctx.oidc.client;
          sendPage(ctx, loggedOutPage(client?.clientName ?? client?.clientId));
        },
      },
    },
    clientBasedCORS: (_ctx, origin, client) =>
      client.clientAuthMethod === 'none' &&
      browserOriginsOf(client, input.options).includes(origin),
    renderError: (ctx, out) => {
      sendPage(
        ctx,
        problemPage({
          error: String(out.error),
          description:
            out.error_description === undefined
              ? undefined
              : String(out.error_description),
        }),
      );
    },
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      ClientCredentials: 60 * 60,
      IdToken: 60 * 60,
      Interaction: 10 * 60,
      Session: 14 * day,
      Grant: 365 * day,
      RefreshToken: (ctx, token, client) => {
        // A rotated refresh token of a public browser client keeps the
        // lifetime of the first one, so rotation cannot extend a sign-in
        // forever.
        const rotated = ctx?.oidc.entities.RotatedRefreshToken;
        if (
          rotated &&
          client.clientAuthMethod === 'none' &&
          !token.isSenderConstrained()
        ) {
          return rotated.remainingTTL;
        }
        return 14 * day;
      },
    },
    fetch: outgoingFetch(input.options),
  };
}

/**
 * Fresh signing keys at every start: nothing to keep on disk, and tokens
 * from an earlier run stop validating, which is what a test IdP wants.
 * `createProvider` is synchronous, so the keys come from node:crypto.
 */
function signingKeys(): JWK[] {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  return [
    { ...rsa.privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig' },
    { ...ec.privateKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig' },
  ] as JWK[];
}

function sendPage(ctx: KoaContextWithOIDC, page: RenderedPage): void {
  ctx.set(page.headers);
  ctx.body = page.body;
}

/**
 * The origins a public client's pages call the token endpoint from: those
 * of its redirect URIs, and for the browser extension its own
 * `chrome-extension://` origin, since `chrome.identity` redirects to
 * chromiumapp.org while the extension's requests come from its pages.
 */
function browserOriginsOf(
  client: { clientId: string; redirectUris?: readonly string[] | undefined },
  options: IdpOptions,
): string[] {
  const origins = (client.redirectUris ?? []).map((uri) => new URL(uri).origin);
  if (client.clientId === extensionClientId) {
    origins.push(`chrome-extension://${options.extensionId}`);
  }
  return origins;
}
