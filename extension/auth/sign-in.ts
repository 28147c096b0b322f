/// <reference types="chrome" />

import * as oauth from 'oauth4webapi';

import { discoveryKey, scopes, viewerIdentity } from '../../shared/index.ts';
import type { ResolvedSettings } from '../settings/settings.ts';
import { hasIdpAccess } from '../settings/permissions.ts';
import { writeAccount, type Account } from './account.ts';
import { discoverServer, httpOptions } from './authorization-server.ts';
import { SignInError } from './errors.ts';
import { keepTokens } from './tokens.ts';

/** Everything a support person may need; the IdP grants what they hold. */
const requestedScope = [
  'openid',
  'profile',
  'email',
  'offline_access',
  scopes.admin,
  scopes.self,
].join(' ');

/**
 * Signs in with the authorization code flow and PKCE. The IdP's login page
 * opens in `chrome.identity`'s own window, which hands back the redirect
 * to `https://<extension id>.chromiumapp.org/`; the code is exchanged at
 * the token endpoint and the ID token checked, all by oauth4webapi.
 */
export async function signIn(settings: ResolvedSettings): Promise<Account> {
  const issuer = settings.issuer;
  if (issuer === null) {
    throw new SignInError('notConfigured', 'no issuer is configured');
  }
  if (!(await hasIdpAccess(issuer))) {
    throw new SignInError('noPermission', `no access to ${issuer}`);
  }

  const as = await discoverServer(issuer);
  const endpoint = as[discoveryKey];
  if (typeof endpoint !== 'string') {
    throw new SignInError(
      'noSessionEndpoint',
      `${issuer} announces no ${discoveryKey}`,
    );
  }

  const client: oauth.Client = { client_id: settings.clientId };
  const redirectUri = chrome.identity.getRedirectURL();
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint ?? `${issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: requestedScope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();

  const callback = await authorize(url);
  const params = validate(as, client, callback, state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    redirectUri,
    verifier,
    httpOptions(issuer),
  );
  const answer = await exchanged(as, client, response);
  const claims = oauth.getValidatedIdTokenClaims(answer);
  const subject = claims?.sub ?? '';
  const name =
    textClaim(claims?.['name']) ??
    (await nameFromUserInfo(as, client, answer.access_token, subject, issuer));

  await keepTokens(issuer, client.client_id, answer);
  const account: Account = {
    issuer,
    clientId: client.client_id,
    endpoint,
    subject,
    name,
    scopes: (answer.scope ?? '').split(' ').filter(Boolean),
    viewer: await viewerIdentity(issuer, subject),
  };
  await writeAccount(account);
  return account;
}

async function exchanged(
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  response: Response,
): Promise<oauth.TokenEndpointResponse> {
  try {
    return await oauth.processAuthorizationCodeResponse(as, client, response, {
      requireIdToken: true,
    });
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) {
      const detail = `${error.error}: ${error.error_description ?? ''}`;
      throw new SignInError('refused', detail, { cause: error });
    }
    throw error;
  }
}

async function authorize(url: URL): Promise<URL> {
  let callback: string | undefined;
  try {
    callback = await chrome.identity.launchWebAuthFlow({
      url: url.href,
      interactive: true,
    });
  } catch (error) {
    // Chrome words every failure of the window, closing it included, as a
    // plain Error; there is no code to tell them apart.
    throw new SignInError('cancelled', String(error), { cause: error });
  }
  if (!callback) {
    throw new SignInError('cancelled', 'the sign-in window gave no answer');
  }
  return new URL(callback);
}

function validate(
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  callback: URL,
  state: string,
): URLSearchParams {
  try {
    return oauth.validateAuthResponse(as, client, callback, state);
  } catch (error) {
    const detail =
      error instanceof oauth.AuthorizationResponseError
        ? `${error.error}: ${error.error_description ?? ''}`
        : String(error);
    // Validation failures are the IdP's answer being wrong, not a refusal
    // by the user; both end the same way here.
    throw new SignInError('refused', detail, { cause: error });
  }
}

function textClaim(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/**
 * The person's name for "Signed in as": an IdP may keep profile claims out
 * of the ID token and give them at the userinfo endpoint only, as
 * oidc-provider does by default. Without it the options page would show
 * the subject id twice; a userinfo failure leaves the name out rather than
 * failing a sign-in that has already succeeded.
 */
async function nameFromUserInfo(
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  accessToken: string,
  subject: string,
  issuer: string,
): Promise<string | null> {
  if (!as.userinfo_endpoint || subject === '') {
    return null;
  }
  try {
    const response = await oauth.userInfoRequest(
      as,
      client,
      accessToken,
      httpOptions(issuer),
    );
    const userInfo = await oauth.processUserInfoResponse(
      as,
      client,
      subject,
      response,
    );
    return textClaim(userInfo.name);
  } catch {
    return null;
  }
}
