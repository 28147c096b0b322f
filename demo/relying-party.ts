import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import * as oauth from 'oauth4webapi';

import { relyingPartyPage } from './rp-page.ts';

/**
 * The server side of a demo relying party: a confidential client that
 * signs people in with the authorization code flow, exchanges the code
 * with its secret here on the server (the page never sees the secret or
 * a token), and keeps each browser's tokens in memory under a cookie.
 *
 * Routes under `/rp/<clientId>/`:
 * - `` the page, and the redirect URI the IdP returns to with a code
 * - `login` starts a sign-in
 * - `refresh` (POST) uses this browser's refresh token once, as JSON
 * - `logouts` the back-channel logouts the client's receiver recorded
 */

export interface RelyingPartyOptions {
  clientId: string;
  clientName: string;
  clientSecret: string;

  /** This demo's origin, `http://127.0.0.1:PORT`. */
  origin: string;

  issuer: string;

  /** Where the IdP's receiver lists this client's logouts as JSON. */
  logoutsUrl: string;

  log: (line: string) => void;
}

/** What this client holds for one browser. */
interface Visitor {
  pending?: { state: string; verifier: string; nonce: string };
  signedIn?: SignedIn;
  lastRefresh?: RefreshOutcome;
}

interface SignedIn {
  subject: string;
  name: string | null;
  /** The `sid` the IdP gave this client; logout tokens carry the same. */
  sid: string | null;
  at: Date;
  refreshToken: string | null;
}

export interface RefreshOutcome {
  ok: boolean;
  at: string;
  /** The token endpoint's error code, such as `invalid_grant`. */
  error: string | null;
}

const cookieName = 'demo_rp';

export type RelyingParty = (
  req: IncomingMessage,
  res: ServerResponse,
  rest: string,
) => Promise<void>;

export function createRelyingParty(options: RelyingPartyOptions): RelyingParty {
  const base = `/rp/${options.clientId}/`;
  const redirectUri = `${options.origin}${base}`;
  const client: oauth.Client = { client_id: options.clientId };
  const auth = oauth.ClientSecretBasic(options.clientSecret);
  const visitors = new Map<string, Visitor>();
  let server: Promise<oauth.AuthorizationServer> | undefined;

  // Discovery waits for the first request, so the demo server may start
  // before the IdP answers; a failed attempt is retried on the next one.
  const discover = (): Promise<oauth.AuthorizationServer> => {
    server ??= discoverIssuer(options.issuer).catch((error: unknown) => {
      server = undefined;
      throw error;
    });
    return server;
  };

  const knownVisitor = (req: IncomingMessage): Visitor | undefined => {
    const id = readCookie(req, cookieName);
    return id === undefined ? undefined : visitors.get(id);
  };

  // A browser gets a cookie, and a place in memory, only when it starts
  // signing in; a page view or a poll by a stranger leaves nothing behind.
  const rememberVisitor = (
    req: IncomingMessage,
    res: ServerResponse,
  ): Visitor => {
    const known = knownVisitor(req);
    if (known) return known;

    const fresh: Visitor = {};
    const id = randomBytes(18).toString('base64url');
    visitors.set(id, fresh);
    res.setHeader(
      'set-cookie',
      `${cookieName}=${id}; Path=${base}; HttpOnly; SameSite=Lax`,
    );
    return fresh;
  };

  async function login(res: ServerResponse, visitor: Visitor): Promise<void> {
    const as = await discover();
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    visitor.pending = { state, verifier, nonce };

    const url = new URL(as.authorization_endpoint ?? '');
    url.search = new URLSearchParams({
      client_id: options.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile offline_access',
      state,
      nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    redirect(res, url.href);
  }

  async function callback(url: URL, visitor: Visitor): Promise<void> {
    const pending = visitor.pending;
    delete visitor.pending;
    if (!pending) {
      throw new Error('no sign-in was started from this browser');
    }

    const as = await discover();
    const params = oauth.validateAuthResponse(as, client, url, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      params,
      redirectUri,
      pending.verifier,
      insecure,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      response,
      { expectedNonce: pending.nonce, requireIdToken: true },
    );
    const claims = oauth.getValidatedIdTokenClaims(tokens);
    const subject = claims?.sub ?? '';

    // The IdP keeps profile claims out of the ID token when it also issues
    // an access token, so the name comes from the userinfo endpoint.
    const info = await oauth.processUserInfoResponse(
      as,
      client,
      subject,
      await oauth.userInfoRequest(as, client, tokens.access_token, insecure),
    );
    visitor.signedIn = {
      subject,
      name: typeof info.name === 'string' ? info.name : null,
      sid: typeof claims?.['sid'] === 'string' ? claims['sid'] : null,
      at: new Date(),
      refreshToken: tokens.refresh_token ?? null,
    };
    delete visitor.lastRefresh;
    options.log(
      `${options.clientId}: signed in subject ${visitor.signedIn.subject}`,
    );
  }

  async function refresh(visitor: Visitor): Promise<RefreshOutcome> {
    const refreshToken = visitor.signedIn?.refreshToken;
    const at = new Date().toISOString();
    if (!visitor.signedIn || !refreshToken) {
      return { ok: false, at, error: 'no refresh token held' };
    }

    const as = await discover();
    const response = await oauth.refreshTokenGrantRequest(
      as,
      client,
      auth,
      refreshToken,
      insecure,
    );
    try {
      const tokens = await oauth.processRefreshTokenResponse(
        as,
        client,
        response,
      );
      visitor.signedIn.refreshToken = tokens.refresh_token ?? refreshToken;
      return { ok: true, at, error: null };
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError) {
        return { ok: false, at, error: error.error };
      }
      throw error;
    }
  }

  async function logouts(visitor: Visitor): Promise<unknown[]> {
    const response = await fetch(options.logoutsUrl, {
      headers: { accept: 'application/json' },
    });
    if (!response.ok) {
      throw new Error(`the receiver answered ${response.status}`);
    }
    const list = (await response.json()) as ReceivedLogout[];
    const sid = visitor.signedIn?.sid;
    return list.map((logout) => ({
      ...logout,
      thisBrowser:
        sid !== null && sid !== undefined && logout.claims?.sid === sid,
    }));
  }

  const page = (
    res: ServerResponse,
    visitor: Visitor,
    problem: string | null = null,
  ): void => {
    sendHtml(
      res,
      problem ? 400 : 200,
      relyingPartyPage({
        clientId: options.clientId,
        clientName: options.clientName,
        issuer: options.issuer,
        signedIn: visitor.signedIn ?? null,
        lastRefresh: visitor.lastRefresh ?? null,
        problem,
      }),
    );
  };

  return async (req, res, rest) => {
    const url = new URL(req.url ?? '/', options.origin);
    const visitor = knownVisitor(req) ?? {};

    if (rest === '' && req.method === 'GET') {
      if (!url.searchParams.has('code') && !url.searchParams.has('error')) {
        page(res, visitor);
        return;
      }
      try {
        await callback(url, visitor);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        options.log(`${options.clientId}: sign-in failed: ${reason}`);
        page(res, visitor, `The sign-in did not complete: ${reason}`);
        return;
      }
      redirect(res, base);
      return;
    }
    if (rest === 'login' && req.method === 'GET') {
      await login(res, rememberVisitor(req, res));
      return;
    }
    if (rest === 'refresh' && req.method === 'POST') {
      visitor.lastRefresh = await refresh(visitor);
      options.log(
        `${options.clientId}: refresh token ` +
          (visitor.lastRefresh.ok
            ? 'accepted'
            : `refused (${visitor.lastRefresh.error})`),
      );
      sendJson(res, 200, visitor.lastRefresh);
      return;
    }
    if (rest === 'logouts' && req.method === 'GET') {
      sendJson(res, 200, await logouts(visitor));
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  };
}

/** The fields of the receiver's JSON this client reads. */
interface ReceivedLogout {
  claims: { sid?: unknown } | null;
}

/** The demo IdP speaks plain HTTP on 127.0.0.1; oauth4webapi wants HTTPS. */
const insecure = { [oauth.allowInsecureRequests]: true } as const;

async function discoverIssuer(
  issuer: string,
): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  const response = await oauth.discoveryRequest(url, insecure);
  return oauth.processDiscoveryResponse(url, response);
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, value] = part.trim().split('=');
    if (key === name && value) return value;
  }
  return undefined;
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' }).end();
}

function sendHtml(res: ServerResponse, status: number, body: string): void {
  res
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    })
    .end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
): void {
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    })
    .end(JSON.stringify(body));
}
