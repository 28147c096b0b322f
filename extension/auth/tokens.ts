/// <reference types="chrome" />

import * as oauth from 'oauth4webapi';

import { discoverServer, httpOptions } from './authorization-server.ts';

/** What the token endpoint gave, as the service worker keeps it. */
export interface Tokens {
  readonly issuer: string;
  readonly clientId: string;
  readonly accessToken: string;
  readonly refreshToken: string | null;

  /** When the access token expires, in epoch milliseconds. */
  readonly expiresAt: number;
}

const tokensKey = 'tokens';

// Refresh this long before the access token runs out, so a request that
// takes a while does not arrive with a token that has just expired.
const refreshMarginMs = 60_000;

/**
 * Tokens live in `chrome.storage.session` only: in memory, gone when the
 * browser closes, and (with the access level set in the service worker)
 * out of reach of content scripts.
 */
export async function readTokens(): Promise<Tokens | null> {
  const stored = await chrome.storage.session.get(tokensKey);
  return (stored[tokensKey] as Tokens | undefined) ?? null;
}

export function clearTokens(): Promise<void> {
  return chrome.storage.session.remove(tokensKey);
}

/** Stores a token endpoint answer for later calls. */
export async function keepTokens(
  issuer: string,
  clientId: string,
  answer: oauth.TokenEndpointResponse,
  previousRefreshToken: string | null = null,
): Promise<Tokens> {
  const tokens: Tokens = {
    issuer,
    clientId,
    accessToken: answer.access_token,
    // A server that does not rotate refresh tokens sends none back.
    refreshToken: answer.refresh_token ?? previousRefreshToken,
    expiresAt: Date.now() + (answer.expires_in ?? 300) * 1000,
  };
  await chrome.storage.session.set({ [tokensKey]: tokens });
  return tokens;
}

let refreshing: Promise<string | null> | null = null;

/**
 * A usable access token, refreshed first when it is about to expire; null
 * when nobody is signed in or the refresh token was refused (revoked by a
 * removal, or expired), in which case the tokens are dropped and the user
 * has to sign in again. Concurrent callers share one refresh, because the
 * IdP rotates refresh tokens and a second use of the old one would fail.
 */
export async function currentAccessToken(): Promise<string | null> {
  const tokens = await readTokens();
  if (!tokens) {
    return null;
  }
  if (tokens.expiresAt - refreshMarginMs > Date.now()) {
    return tokens.accessToken;
  }
  if (!tokens.refreshToken) {
    return null;
  }

  refreshing ??= refresh(tokens).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function refresh(tokens: Tokens): Promise<string | null> {
  const as = await discoverServer(tokens.issuer);
  const client: oauth.Client = { client_id: tokens.clientId };
  const response = await oauth.refreshTokenGrantRequest(
    as,
    client,
    oauth.None(),
    tokens.refreshToken ?? '',
    httpOptions(tokens.issuer),
  );

  try {
    const answer = await oauth.processRefreshTokenResponse(
      as,
      client,
      response,
    );
    const kept = await keepTokens(
      tokens.issuer,
      tokens.clientId,
      answer,
      tokens.refreshToken,
    );
    return kept.accessToken;
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) {
      await clearTokens();
      return null;
    }
    throw error;
  }
}
