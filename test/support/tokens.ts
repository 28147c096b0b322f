import * as oauth from 'oauth4webapi';
import type Provider from 'oidc-provider';

import { demoClientSecrets, serviceClientId } from '../../idp/provider.ts';

/**
 * The reference IdP's token endpoints as a client sees them: discovery,
 * client credentials, refresh and introspection, each through
 * oauth4webapi. Confidential clients authenticate with their demo secret.
 */

/** What the token endpoint helpers need: only where the IdP is. */
export interface IssuerTarget {
  readonly issuer: string;
}

/** What a test needs from a running IdP: its address and its provider. */
export interface IdpTarget extends IssuerTarget {
  readonly provider: Provider;
}

/** The test IdP speaks plain HTTP on 127.0.0.1; oauth4webapi wants HTTPS. */
export const insecure = { [oauth.allowInsecureRequests]: true } as const;

const servers = new Map<string, Promise<oauth.AuthorizationServer>>();

/** The IdP's discovery document, fetched once per issuer. */
export function discover(
  idp: IssuerTarget,
): Promise<oauth.AuthorizationServer> {
  let server = servers.get(idp.issuer);
  if (!server) {
    const issuer = new URL(idp.issuer);
    server = oauth
      .discoveryRequest(issuer, insecure)
      .then((response) => oauth.processDiscoveryResponse(issuer, response));
    server.catch(() => servers.delete(idp.issuer));
    servers.set(idp.issuer, server);
  }
  return server;
}

/** A `session-service` access token from the client credentials grant. */
export async function clientCredentials(
  idp: IssuerTarget,
  options: { scope: string },
): Promise<string> {
  const as = await discover(idp);
  const client: oauth.Client = { client_id: serviceClientId };
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    client,
    clientAuth(serviceClientId),
    { scope: options.scope },
    insecure,
  );
  const tokens = await oauth.processClientCredentialsResponse(
    as,
    client,
    response,
  );
  return tokens.access_token;
}

export interface Refreshed {
  /** Whether the token endpoint accepted the refresh token. */
  ok: boolean;
  accessToken: string | undefined;
  /** The rotated refresh token, when the IdP issued a new one. */
  refreshToken: string | undefined;
}

/**
 * Uses a refresh token once. Public clients get a new refresh token each
 * time and the old one stops working, so keep the one this returns.
 */
export async function refresh(
  idp: IssuerTarget,
  clientId: string,
  refreshToken: string,
): Promise<Refreshed> {
  const as = await discover(idp);
  const client: oauth.Client = { client_id: clientId };
  const response = await oauth.refreshTokenGrantRequest(
    as,
    client,
    clientAuth(clientId),
    refreshToken,
    insecure,
  );

  try {
    const tokens = await oauth.processRefreshTokenResponse(
      as,
      client,
      response,
    );
    return {
      ok: true,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
    };
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) {
      return { ok: false, accessToken: undefined, refreshToken: undefined };
    }
    throw error;
  }
}

/** Whether the IdP's introspection endpoint calls `token` active. */
export async function introspect(
  idp: IssuerTarget,
  token: string,
): Promise<boolean> {
  const as = await discover(idp);
  const client: oauth.Client = { client_id: serviceClientId };
  const response = await oauth.introspectionRequest(
    as,
    client,
    clientAuth(serviceClientId),
    token,
    insecure,
  );
  const result = await oauth.processIntrospectionResponse(as, client, response);
  return result.active;
}

export function clientAuth(clientId: string): oauth.ClientAuth {
  const secret = demoClientSecrets[clientId];
  return secret ? oauth.ClientSecretBasic(secret) : oauth.None();
}
