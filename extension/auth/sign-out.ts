import * as oauth from 'oauth4webapi';

import { PageCache } from '../../shared/index.ts';
import { clearAccount, readAccount } from './account.ts';
import { discoverServer, httpOptions } from './authorization-server.ts';
import { clearTokens, readTokens } from './tokens.ts';

/** What signing out managed to do at the IdP. */
export interface SignOutResult {
  /** Tokens the IdP confirmed it revoked. */
  readonly revoked: number;

  /** Tokens it could not be told about (unreachable, or it refused). */
  readonly notRevoked: number;
}

/**
 * Revokes the refresh and access tokens at the IdP (RFC 7009), deletes
 * the signed-in user's cached pages, then forgets the tokens and the
 * account. The local part happens even when the IdP cannot be reached:
 * signing out must never leave the user signed in on this device.
 */
export async function signOut(): Promise<SignOutResult> {
  const [tokens, account] = await Promise.all([readTokens(), readAccount()]);
  const result = tokens ? await revoke(tokens) : { revoked: 0, notRevoked: 0 };

  // The account goes last: the pages say "Not signed in" once it has, and
  // a worker stopped half way leaves someone still signed in, who can sign
  // out again, rather than signed out with the sessions they looked at
  // still on disk. Clearing the cache never throws.
  if (account) {
    const cache = new PageCache();
    await cache.clearViewer(account.endpoint, account.viewer);
    cache.close();
  }
  await clearTokens();
  await clearAccount();
  return result;
}

async function revoke(tokens: {
  issuer: string;
  clientId: string;
  accessToken: string;
  refreshToken: string | null;
}): Promise<SignOutResult> {
  const all = [tokens.refreshToken, tokens.accessToken].filter(
    (token): token is string => token !== null,
  );
  let as: oauth.AuthorizationServer;
  try {
    as = await discoverServer(tokens.issuer);
  } catch {
    return { revoked: 0, notRevoked: all.length };
  }

  let revoked = 0;
  // The refresh token goes first: revoking it also ends the access tokens
  // issued from it on servers that link the two.
  for (const token of all) {
    try {
      const response = await oauth.revocationRequest(
        as,
        { client_id: tokens.clientId },
        oauth.None(),
        token,
        httpOptions(tokens.issuer),
      );
      await oauth.processRevocationResponse(response);
      revoked++;
    } catch {
      // Counted below; the local sign-out goes on regardless.
    }
  }
  return { revoked, notRevoked: all.length - revoked };
}
