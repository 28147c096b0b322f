import * as oauth from 'oauth4webapi';

import { Browser, type Visit } from './browser.ts';
import { clientAuth, discover, insecure, type IdpTarget } from './tokens.ts';

export { Browser, type Visit } from './browser.ts';
export {
  clientCredentials,
  discover,
  introspect,
  refresh,
  type IdpTarget,
  type Refreshed,
} from './tokens.ts';

/**
 * Signing in to the reference IdP for real, over HTTP: the authorization
 * code flow with PKCE through the IdP's own login form and consent page,
 * the code exchanged at the token endpoint and the ID token checked by
 * oauth4webapi. Tests use these instead of minting tokens, so every token
 * they hold is one a real client could have.
 */

export interface SignInOptions {
  clientId: string;
  username: string;
  password: string;
  /** Space-separated, as in the authorization request. */
  scope: string;
  /** Defaults to the client's first registered redirect URI. */
  redirectUri?: string;
  /** Reuse one to stay in one IdP session (SSO) across clients. */
  browser?: Browser;
  /** The `prompt` parameter, such as `login` or `consent`. */
  prompt?: string;
}

export interface SignedIn {
  accessToken: string;
  /** Present when the client may refresh and `offline_access` was granted. */
  refreshToken: string | undefined;
  idToken: string | undefined;
  /** The validated ID token's subject and session id. */
  claims: { sub: string; sid: string | undefined };
  /** Scopes the token endpoint says the access token carries. */
  scope: string;
  browser: Browser;
  /** The IdP session's stable id (the session API's `sessionId`). */
  sessionId: string | undefined;
  /** Whether the login form was shown (false when SSO signed in). */
  loginShown: boolean;
  /** Whether the consent page was shown. */
  consentShown: boolean;
}

/** A sign-in that ended somewhere other than the client's redirect URI. */
export class SignInError extends Error {
  override readonly name = 'SignInError';

  /** The last page the IdP showed, so a test can look at it. */
  readonly visit: Visit | undefined;

  constructor(message: string, visit?: Visit) {
    super(message);
    this.visit = visit;
  }
}

// Which client and redirect URI each browser last signed in with, so that
// `hasIdpSession` can ask about a client the session already knows instead
// of adding a new one to it.
const lastSignIn = new WeakMap<Browser, { clientId: string; uri: string }>();

/**
 * Signs `username` in to `clientId` through the login form and, when asked,
 * the consent page, and exchanges the code. With a `browser` that already
 * holds an IdP session, no login form is shown.
 */
export async function signIn(
  idp: IdpTarget,
  options: SignInOptions,
): Promise<SignedIn> {
  const as = await discover(idp);
  const browser = options.browser ?? new Browser();
  const redirectUri =
    options.redirectUri ?? (await firstRedirectUri(idp, options.clientId));
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();

  const url = authorizationUrl(as, {
    client_id: options.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: options.scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...(options.prompt ? { prompt: options.prompt } : {}),
  });
  const journey = await walk(idp, browser, url, options);
  lastSignIn.set(browser, { clientId: options.clientId, uri: redirectUri });

  const client: oauth.Client = { client_id: options.clientId };
  const params = oauth.validateAuthResponse(
    as,
    client,
    new URL(journey.callback),
    state,
  );
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    clientAuth(options.clientId),
    params,
    redirectUri,
    verifier,
    insecure,
  );
  const tokens = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    response,
    { requireIdToken: options.scope.split(' ').includes('openid') },
  );
  const claims = oauth.getValidatedIdTokenClaims(tokens);

  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    idToken: tokens.id_token,
    claims: {
      sub: claims?.sub ?? '',
      sid: typeof claims?.['sid'] === 'string' ? claims['sid'] : undefined,
    },
    scope: tokens.scope ?? '',
    browser,
    sessionId: await sessionIdOf(idp, browser),
    loginShown: journey.loginShown,
    consentShown: journey.consentShown,
  };
}

/**
 * Whether `browser` still has an IdP session: an authorization request
 * with `prompt=none` for the client it last signed in to comes back with a
 * code (or a consent question) rather than `login_required`. This is the
 * "will the next visit ask me to sign in" check.
 */
export async function hasIdpSession(
  browser: Browser,
  idp: IdpTarget,
): Promise<boolean> {
  const last = lastSignIn.get(browser);
  if (!last) return false;

  const as = await discover(idp);
  const verifier = oauth.generateRandomCodeVerifier();
  const url = authorizationUrl(as, {
    client_id: last.clientId,
    redirect_uri: last.uri,
    response_type: 'code',
    scope: 'openid',
    prompt: 'none',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });

  const visit = await browser.visit(url, new URL(idp.issuer).origin);
  const answer = visit.leftTo ? new URL(visit.leftTo).searchParams : undefined;
  if (answer?.has('code')) return true;

  const error = answer?.get('error');
  if (error === 'login_required') return false;
  if (error === 'consent_required' || error === 'interaction_required') {
    return true;
  }
  throw new SignInError(
    `prompt=none ended with ${error ?? `status ${visit.response.status}`}`,
    visit,
  );
}

/**
 * RP-initiated logout as the person sees it: the end-session endpoint, its
 * confirmation page, and "sign out of all applications". Returns where the
 * IdP sent the browser afterwards.
 */
export async function signOut(
  idp: IdpTarget,
  signedIn: Pick<SignedIn, 'browser' | 'idToken'>,
  options: { postLogoutRedirectUri?: string } = {},
): Promise<Visit> {
  const as = await discover(idp);
  const origin = new URL(idp.issuer).origin;
  const url = new URL(as.end_session_endpoint ?? `${idp.issuer}/session/end`);
  if (signedIn.idToken) url.searchParams.set('id_token_hint', signedIn.idToken);
  if (options.postLogoutRedirectUri) {
    url.searchParams.set(
      'post_logout_redirect_uri',
      options.postLogoutRedirectUri,
    );
  }

  const page = await signedIn.browser.visit(url.href, origin);
  const form = /<form id="op\.logoutForm" method="post" action="([^"]+)">/.exec(
    page.body,
  );
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body);
  if (!form?.[1] || !xsrf?.[1]) {
    throw new SignInError('the logout confirmation page was not shown', page);
  }

  return signedIn.browser.submit(decodeHtml(form[1]), origin, {
    xsrf: xsrf[1],
    logout: 'yes',
  });
}

interface Journey {
  callback: string;
  loginShown: boolean;
  consentShown: boolean;
}

/** Follows the IdP's pages until it sends the browser back to the client. */
async function walk(
  idp: IdpTarget,
  browser: Browser,
  url: string,
  options: SignInOptions,
): Promise<Journey> {
  const origin = new URL(idp.issuer).origin;
  const journey = { callback: '', loginShown: false, consentShown: false };
  let visit = await browser.visit(url, origin);

  for (let step = 0; step < 6 && !visit.leftTo; step++) {
    const login = formAction(visit.body, 'login');
    const consent = formAction(visit.body, 'confirm');
    if (login && journey.loginShown) {
      throw new SignInError('the login form was shown again', visit);
    }

    if (login) {
      journey.loginShown = true;
      visit = await browser.submit(login, origin, {
        username: options.username,
        password: options.password,
      });
    } else if (consent) {
      journey.consentShown = true;
      visit = await browser.submit(consent, origin, {});
    } else {
      throw new SignInError(
        `the IdP showed a page that is neither login nor consent ` +
          `(status ${visit.response.status}): ${textOf(visit.body)}`,
        visit,
      );
    }
  }

  if (!visit.leftTo) throw new SignInError('the sign-in did not end', visit);
  journey.callback = visit.leftTo;
  return journey;
}

function formAction(body: string, step: string): string | undefined {
  const pattern = new RegExp(`action="(/interaction/[^"/]+/${step})"`);
  return pattern.exec(body)?.[1];
}

function authorizationUrl(
  as: oauth.AuthorizationServer,
  params: Record<string, string>,
): string {
  const url = new URL(as.authorization_endpoint ?? '');
  for (const [key, value] of Object.entries(params)) {
    url.searchParams.set(key, value);
  }
  return url.href;
}

async function firstRedirectUri(
  idp: IdpTarget,
  clientId: string,
): Promise<string> {
  const client = await idp.provider.Client.find(clientId);
  const uri = client?.redirectUris?.[0];
  if (!uri) {
    throw new SignInError(`the client ${clientId} has no redirect URI`);
  }
  return uri;
}

async function sessionIdOf(
  idp: IdpTarget,
  browser: Browser,
): Promise<string | undefined> {
  const name = idp.provider.cookieName('session');
  const id = browser.cookie(idp.issuer, name);
  if (!id) return undefined;

  const session = await idp.provider.Session.find(id);
  return session?.uid;
}

function textOf(body: string): string {
  return body
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

function decodeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * The operator signed in to the admin portal for real, with the scope the
 * admin routes need; the token is what most session API tests start from.
 */
export async function signInAsOperator(idp: IdpTarget): Promise<string> {
  const operator = await signIn(idp, {
    clientId: 'admin-portal',
    username: 'admin',
    password: 'admin-demo-password',
    scope: 'openid sessions.admin',
  });
  return operator.accessToken;
}
