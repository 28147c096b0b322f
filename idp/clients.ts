import type { ClientMetadata } from 'oidc-provider';

import { scopes, type SessionClientJson } from '../shared/contract/index.ts';
import type { IdpOptions } from './options.ts';

/**
 * The reference IdP's clients, all registered statically. Browser clients
 * redirect to a fixed path on each of `options.origins`, plus any extra
 * URIs in `options.redirectUris` for their id:
 *
 * - `admin-portal`: `${origin}/admin/`
 * - `account-page`: `${origin}/account/`
 * - `session-manager-extension`: `https://${extensionId}.chromiumapp.org/`
 *   (the address `chrome.identity` listens on), not made from origins
 * - each relying party: `${origin}/rp/${clientId}/`
 *
 * The same URIs are accepted as `post_logout_redirect_uri`. A client left
 * with no redirect URI at all (no origins, no extras) is still registered,
 * so sessions can name it, but it cannot start a sign-in.
 */

/** The demo relying parties that receive back-channel logouts. */
export const relyingPartyIds: string[] = ['demo-notes', 'demo-photos'];

/**
 * Secrets of the confidential clients. They are public on purpose: this IdP
 * exists for demos and tests and must never hold real users.
 */
export const demoClientSecrets: Readonly<Record<string, string>> = {
  'session-service': 'session-service-demo-secret',
  'demo-notes': 'demo-notes-demo-secret',
  'demo-photos': 'demo-photos-demo-secret',
};

/** The client that may call the admin routes without a user. */
export const serviceClientId = 'session-service';

const userScopes = 'openid profile email offline_access';

const browserClients = [
  {
    id: 'admin-portal',
    name: 'Session administration',
    path: '/admin/',
    scope: `${userScopes} ${scopes.admin}`,
  },
  {
    id: 'account-page',
    name: 'Your account',
    path: '/account/',
    scope: `${userScopes} ${scopes.self}`,
  },
] as const;

export const extensionClientId = 'session-manager-extension';

const relyingPartyNames: Record<string, string> = {
  'demo-notes': 'Notes',
  'demo-photos': 'Photos',
};

/** Every client's metadata, made from the start-up options. */
export function buildClients(input: {
  options: IdpOptions;
  backchannelLogoutUris: Record<string, string>;
}): ClientMetadata[] {
  const { options } = input;
  const urisFor = (clientId: string, made: string[]): string[] => [
    ...new Set([...made, ...(options.redirectUris?.[clientId] ?? [])]),
  ];
  const onOrigins = (path: string): string[] =>
    options.origins.map((origin) => new URL(path, origin).href);

  const browser = browserClients.map((client) =>
    publicClient(
      client.id,
      client.name,
      client.scope,
      urisFor(client.id, onOrigins(client.path)),
    ),
  );

  const extension = publicClient(
    extensionClientId,
    'Session Manager extension',
    `${userScopes} ${scopes.self} ${scopes.admin}`,
    urisFor(extensionClientId, [
      `https://${options.extensionId}.chromiumapp.org/`,
    ]),
  );

  const service: ClientMetadata = {
    client_id: serviceClientId,
    client_name: 'Session service',
    client_secret: demoClientSecrets[serviceClientId],
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: scopes.admin,
  };

  const relyingParties = relyingPartyIds.map((clientId) => {
    const uris = urisFor(clientId, onOrigins(`/rp/${clientId}/`));
    const logoutUri = input.backchannelLogoutUris[clientId];
    return {
      client_id: clientId,
      client_name: relyingPartyNames[clientId] ?? clientId,
      client_secret: demoClientSecrets[clientId],
      ...signIn(uris),
      scope: userScopes,
      ...(logoutUri
        ? {
            backchannel_logout_uri: logoutUri,
            backchannel_logout_session_required: true,
          }
        : {}),
    } satisfies ClientMetadata;
  });

  return [...browser, extension, service, ...relyingParties];
}

function publicClient(
  clientId: string,
  name: string,
  scope: string,
  redirectUris: string[],
): ClientMetadata {
  return {
    client_id: clientId,
    client_name: name,
    token_endpoint_auth_method: 'none',
    ...signIn(redirectUris),
    scope,
  };
}

/** The code flow with refresh, when the client has somewhere to return. */
function signIn(redirectUris: string[]): Partial<ClientMetadata> {
  if (redirectUris.length === 0) {
    return { grant_types: [], response_types: [], redirect_uris: [] };
  }
  return {
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: redirectUris,
    post_logout_redirect_uris: redirectUris,
  };
}

/** What the session API says about a client, from its metadata. */
export function describeClients(
  clients: readonly ClientMetadata[],
): (clientId: string) => SessionClientJson | undefined {
  const known = new Map(
    clients.map((client): [string, SessionClientJson] => [
      client.client_id,
      {
        clientId: client.client_id,
        displayName:
          typeof client.client_name === 'string' ? client.client_name : null,
        backchannelLogout: typeof client.backchannel_logout_uri === 'string',
      },
    ]),
  );
  return (clientId) => known.get(clientId);
}
