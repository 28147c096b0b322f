import * as oauth from 'oauth4webapi';

import { isLoopback } from '../settings/issuer.ts';

/**
 * oauth4webapi refuses plain HTTP. A development IdP on loopback speaks
 * it, and `checkIssuer` lets nothing else through, so the exception is
 * made for loopback issuers only.
 */
export function httpOptions(issuer: string | URL): {
  [oauth.allowInsecureRequests]?: boolean;
} {
  const url = new URL(issuer);
  return url.protocol === 'http:' && isLoopback(url.hostname)
    ? { [oauth.allowInsecureRequests]: true }
    : {};
}

/** The IdP's OpenID metadata, checked to name the issuer asked for. */
export async function discoverServer(
  issuer: string,
): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  const response = await oauth.discoveryRequest(url, httpOptions(url));
  return oauth.processDiscoveryResponse(url, response);
}
