import * as oauth from 'oauth4webapi';

/**
 * Signing a person in from a page, as a public client: the authorization
 * code flow with PKCE through the IdP, done by oauth4webapi in the
 * browser. Tokens live in this module's memory only, never in storage, so
 * they go when the tab goes; a reload signs in again, silently while the
 * IdP session lasts. Only the PKCE verifier, state and nonce of a sign-in
 * in progress are kept in sessionStorage, because they must survive the
 * round trip to the IdP and are useless once it returns.
 */

export interface PageClient {
  issuer: string;
  clientId: string;
  scope: string;
  /** Where the IdP returns; registered for the client. */
  redirectUri: string;
}

/** A signed-in person, as the page knows them. */
export interface PageSession {
  readonly subject: string;
  readonly name: string | null;
  /** The session API's base URL, from discovery. */
  readonly sessionEndpoint: string;
  /** A current access token, refreshed when it is about to expire. */
  accessToken(): Promise<string>;
  /** Ends the IdP session through its end-session page. */
  signOut(): Promise<void>;
}

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
}

// The demo IdP listens on plain HTTP on 127.0.0.1; a real one is HTTPS and
// needs none of this.
const insecure = { [oauth.allowInsecureRequests]: true } as const;

/** Refresh this long before the access token expires. */
const refreshMarginMs = 30_000;

export class PkceSignIn {
  readonly #config: PageClient;
  readonly #client: oauth.Client;
  #server: Promise<oauth.AuthorizationServer> | undefined;

  constructor(config: PageClient) {
    this.#config = config;
    this.#client = { client_id: config.clientId };
  }

  get #pendingKey(): string {
    return `pkce:${this.#config.clientId}`;
  }

  /** Sends the browser to the IdP to sign in. */
  async start(): Promise<void> {
    const as = await this.#discover();
    const pending: Pending = {
      verifier: oauth.generateRandomCodeVerifier(),
      state: oauth.generateRandomState(),
      nonce: oauth.generateRandomNonce(),
    };
    sessionStorage.setItem(this.#pendingKey, JSON.stringify(pending));

    const url = new URL(as.authorization_endpoint ?? '');
    url.search = new URLSearchParams({
      client_id: this.#config.clientId,
      redirect_uri: this.#config.redirectUri,
      response_type: 'code',
      scope: this.#config.scope,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    }).toString();
    location.assign(url.href);
  }

  /**
   * Finishes a sign-in when the IdP has just returned to this page, and
   * takes the code out of the address bar. Null when the page was opened
   * any other way.
   */
  async complete(): Promise<PageSession | null> {
    const here = new URL(location.href);
    if (!here.searchParams.has('code') && !here.searchParams.has('error')) {
      return null;
    }
    const stored = sessionStorage.getItem(this.#pendingKey);
    sessionStorage.removeItem(this.#pendingKey);
    history.replaceState(null, '', here.pathname);
    if (!stored) {
      throw new Error('The IdP returned, but no sign-in was started here.');
    }

    const pending = JSON.parse(stored) as Pending;
    const as = await this.#discover();
    const params = oauth.validateAuthResponse(
      as,
      this.#client,
      here,
      pending.state,
    );
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      this.#client,
      oauth.None(),
      params,
      this.#config.redirectUri,
      pending.verifier,
      insecure,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      this.#client,
      response,
      { expectedNonce: pending.nonce, requireIdToken: true },
    );
    const claims = oauth.getValidatedIdTokenClaims(tokens);

    // Profile claims stay out of the ID token when an access token is
    // issued as well, so the name comes from the userinfo endpoint.
    const info = await oauth.processUserInfoResponse(
      as,
      this.#client,
      claims?.sub ?? '',
      await oauth.userInfoRequest(
        as,
        this.#client,
        tokens.access_token,
        insecure,
      ),
    );
    return this.#session(as, tokens, info);
  }

  #session(
    as: oauth.AuthorizationServer,
    first: oauth.TokenEndpointResponse,
    info: oauth.UserInfoResponse,
  ): PageSession {
    const idToken = first.id_token;
    let tokens = first;
    let expiresAt = Date.now() + (first.expires_in ?? 60) * 1000;
    let refreshing: Promise<void> | undefined;

    const refresh = async (): Promise<void> => {
      if (!tokens.refresh_token) {
        throw new Error('The access token expired and cannot be refreshed.');
      }
      const response = await oauth.refreshTokenGrantRequest(
        as,
        this.#client,
        oauth.None(),
        tokens.refresh_token,
        insecure,
      );
      const next = await oauth.processRefreshTokenResponse(
        as,
        this.#client,
        response,
      );
      // Public clients get a new refresh token each time; keep the old
      // one only if the IdP did not send one.
      tokens = {
        ...next,
        refresh_token: next.refresh_token ?? tokens.refresh_token,
      };
      expiresAt = Date.now() + (next.expires_in ?? 60) * 1000;
    };

    const config = this.#config;
    return {
      subject: info.sub,
      name: typeof info.name === 'string' ? info.name : null,
      sessionEndpoint: sessionEndpointOf(as),
      async accessToken() {
        if (Date.now() > expiresAt - refreshMarginMs) {
          refreshing ??= refresh().finally(() => {
            refreshing = undefined;
          });
          await refreshing;
        }
        return tokens.access_token;
      },
      async signOut() {
        const url = new URL(as.end_session_endpoint ?? `${config.issuer}/`);
        url.search = new URLSearchParams({
          client_id: config.clientId,
          post_logout_redirect_uri: config.redirectUri,
          ...(idToken ? { id_token_hint: idToken } : {}),
        }).toString();
        location.assign(url.href);
      },
    };
  }

  #discover(): Promise<oauth.AuthorizationServer> {
    this.#server ??= (async () => {
      const issuer = new URL(this.#config.issuer);
      const response = await oauth.discoveryRequest(issuer, insecure);
      return oauth.processDiscoveryResponse(issuer, response);
    })();
    return this.#server;
  }
}

function sessionEndpointOf(as: oauth.AuthorizationServer): string {
  const endpoint = as['session_management_endpoint'];
  if (typeof endpoint !== 'string') {
    throw new Error('The IdP announces no session_management_endpoint.');
  }
  return endpoint;
}

/** The IdP's issuer, which the demo server writes into each page. */
export function issuerOfPage(): string {
  const meta = document.querySelector<HTMLMetaElement>(
    'meta[name="idp-issuer"]',
  );
  if (!meta?.content) {
    throw new Error('The page names no IdP issuer.');
  }
  return meta.content;
}
