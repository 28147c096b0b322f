import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import * as oauth from 'oauth4webapi';

import { demoAccounts } from '../../idp/accounts.ts';
import type { Idp } from '../../idp/server.ts';
import { startTestIdp } from '../support/idp.ts';
import {
  Browser,
  SignInError,
  clientCredentials,
  discover,
  hasIdpSession,
  introspect,
  refresh,
  signIn,
  signOut,
} from '../support/oidc.ts';

/**
 * The OpenID flows of the reference IdP, end to end over HTTP: its login
 * and consent pages, the code flow with PKCE for every kind of client,
 * refresh, client credentials, discovery and RP-initiated logout.
 */

const origin = 'http://127.0.0.1:5173';

let idp: Idp;

before(async () => {
  idp = await startTestIdp({ origins: [origin] });
});

after(() => idp.close());

function passwordOf(username: string): string {
  const account = demoAccounts.find((a) => a.username === username);
  assert.ok(account, `${username} is a demo account`);
  return account.password;
}

/** Starts an authorization request and returns the login page it shows. */
async function loginPage(browser: Browser) {
  const as = await discover(idp);
  const url = new URL(as.authorization_endpoint ?? '');
  url.search = new URLSearchParams({
    client_id: 'account-page',
    redirect_uri: `${origin}/account/`,
    response_type: 'code',
    scope: 'openid',
    code_challenge: await oauth.calculatePKCECodeChallenge(
      oauth.generateRandomCodeVerifier(),
    ),
    code_challenge_method: 'S256',
  }).toString();

  const page = await browser.visit(url.href, idp.issuer);
  const action = /action="(\/interaction\/[^"]+\/login)"/.exec(page.body)?.[1];
  assert.ok(action, 'the login form is shown');
  return { page, action };
}

describe('the login form', () => {
  test('is an accessible page with no scripts allowed', async () => {
    const { page } = await loginPage(new Browser());

    assert.equal(page.response.status, 200);
    assert.match(page.body, /<html lang="en">/);
    assert.equal(page.body.match(/<h1>/g)?.length, 1);
    assert.match(page.body, /<label for="username">/);
    assert.match(page.body, /autocomplete="username"/);
    assert.match(page.body, /autocomplete="current-password"/);
    assert.match(
      page.response.headers.get('content-security-policy') ?? '',
      /default-src 'none'; style-src 'nonce-/,
    );
  });

  test('refuses a wrong password without saying which part', async () => {
    const browser = new Browser();
    const { action } = await loginPage(browser);

    const answer = await browser.submit(action, idp.issuer, {
      username: 'alice',
      password: 'not-her-password',
    });

    assert.equal(answer.response.status, 401);
    assert.match(answer.body, /role="alert"/);
    assert.match(answer.body, /username and password do not match/);
    assert.match(answer.body, /aria-invalid="true"/);
  });

  test('shows hostile input escaped', async () => {
    const browser = new Browser();
    const { action } = await loginPage(browser);
    const hostile = '"><script>alert(1)</script>';

    const answer = await browser.submit(action, idp.issuer, {
      username: hostile,
      password: 'x',
    });

    assert.doesNotMatch(answer.body, /<script>/);
    assert.match(answer.body, /value="&quot;&gt;&lt;script&gt;alert\(1\)/);
  });

  test('refuses a form posted from another site', async () => {
    const browser = new Browser();
    const { action } = await loginPage(browser);

    const answer = await browser.request(new URL(action, idp.issuer).href, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://attacker.test',
      },
      body: new URLSearchParams({
        username: 'alice',
        password: passwordOf('alice'),
      }).toString(),
    });

    assert.equal(answer.status, 403);
  });

  test('fails the sign-in helper on a wrong password', async () => {
    await assert.rejects(
      signIn(idp, {
        clientId: 'account-page',
        username: 'alice',
        password: 'wrong',
        scope: 'openid',
      }),
      SignInError,
    );
  });

  test('cancelling sends access_denied back to the client', async () => {
    const browser = new Browser();
    const { action } = await loginPage(browser);
    const abort = action.replace(/\/login$/, '/abort');

    const answer = await browser.visit(
      new URL(abort, idp.issuer).href,
      idp.issuer,
    );

    assert.ok(answer.leftTo?.startsWith(`${origin}/account/`));
    const params = new URL(answer.leftTo ?? '').searchParams;
    assert.equal(params.get('error'), 'access_denied');
  });
});

describe('the code flow with PKCE, and refresh', () => {
  const clients = [
    ['admin-portal', 'admin'],
    ['account-page', 'alice'],
    ['session-manager-extension', 'bob'],
    ['demo-notes', 'carol'],
  ] as const;

  for (const [clientId, username] of clients) {
    test(`works for ${clientId}`, async () => {
      const signedIn = await signIn(idp, {
        clientId,
        username,
        password: passwordOf(username),
        scope: 'openid profile offline_access',
      });

      const subject = demoAccounts.find((a) => a.username === username);
      assert.equal(signedIn.claims.sub, subject?.subjectId);
      assert.ok(signedIn.sessionId, 'the IdP session is known');
      assert.equal(await introspect(idp, signedIn.accessToken), true);

      const refreshed = await refresh(
        idp,
        clientId,
        signedIn.refreshToken ?? '',
      );
      assert.equal(refreshed.ok, true);
      assert.equal(await introspect(idp, refreshed.accessToken ?? ''), true);
    });
  }

  test('refuses an authorization request without PKCE', async () => {
    const as = await discover(idp);
    const url = new URL(as.authorization_endpoint ?? '');
    url.search = new URLSearchParams({
      client_id: 'demo-notes',
      redirect_uri: `${origin}/rp/demo-notes/`,
      response_type: 'code',
      scope: 'openid',
    }).toString();

    const answer = await new Browser().visit(url.href, idp.issuer);

    const params = new URL(answer.leftTo ?? origin).searchParams;
    assert.equal(params.get('error'), 'invalid_request');
    assert.match(params.get('error_description') ?? '', /PKCE/);
  });

  test('a public client’s refresh token rotates on use', async () => {
    const signedIn = await signIn(idp, {
      clientId: 'account-page',
      username: 'dave',
      password: passwordOf('dave'),
      scope: 'openid offline_access',
    });
    const first = signedIn.refreshToken ?? '';

    const rotated = await refresh(idp, 'account-page', first);
    const replayed = await refresh(idp, 'account-page', first);

    assert.equal(rotated.ok, true);
    assert.notEqual(rotated.refreshToken, first);
    assert.equal(replayed.ok, false);
  });
});

describe('consent', () => {
  test('is asked once per subject and client, across browsers', async () => {
    const request = {
      clientId: 'demo-photos',
      username: 'bob',
      password: passwordOf('bob'),
      scope: 'openid profile email',
    };

    const first = await signIn(idp, request);
    const sameBrowser = await signIn(idp, {
      ...request,
      browser: first.browser,
      prompt: 'login',
    });
    const newBrowser = await signIn(idp, request);

    assert.equal(first.consentShown, true);
    assert.equal(sameBrowser.consentShown, false);
    assert.equal(newBrowser.consentShown, false);
    assert.notEqual(newBrowser.sessionId, first.sessionId);
  });

  test('is asked again for a scope not granted before', async () => {
    const request = {
      clientId: 'demo-notes',
      username: 'dave',
      password: passwordOf('dave'),
    };
    await signIn(idp, { ...request, scope: 'openid' });

    const wider = await signIn(idp, { ...request, scope: 'openid email' });

    assert.equal(wider.consentShown, true);
  });

  test('grants sessions.admin to operators only', async () => {
    const request = {
      clientId: 'admin-portal',
      scope: 'openid sessions.admin',
    };

    const operator = await signIn(idp, {
      ...request,
      username: 'admin',
      password: passwordOf('admin'),
    });
    const user = await signIn(idp, {
      ...request,
      username: 'alice',
      password: passwordOf('alice'),
    });

    assert.match(operator.scope, /sessions\.admin/);
    assert.doesNotMatch(user.scope, /sessions\.admin/);
  });
});

describe('single sign-on', () => {
  test('a second client in the same browser needs no login', async () => {
    const browser = new Browser();
    const request = {
      username: 'carol',
      password: passwordOf('carol'),
      scope: 'openid',
      browser,
    };

    const notes = await signIn(idp, { ...request, clientId: 'demo-notes' });
    const photos = await signIn(idp, { ...request, clientId: 'demo-photos' });

    assert.equal(notes.loginShown, true);
    assert.equal(photos.loginShown, false);
    assert.equal(photos.sessionId, notes.sessionId);
    assert.notEqual(photos.claims.sid, notes.claims.sid);
  });
});

describe('client credentials', () => {
  test('session-service gets an opaque sessions.admin token', async () => {
    const token = await clientCredentials(idp, { scope: 'sessions.admin' });

    assert.equal(token.split('.').length, 1, 'not a JWT');
    assert.equal(await introspect(idp, token), true);
    const stored = await idp.provider.ClientCredentials.find(token);
    assert.deepEqual([...(stored?.scopes ?? [])], ['sessions.admin']);
  });
});

describe('discovery', () => {
  test('announces the session API and back-channel logout', async () => {
    const as = await discover(idp);

    assert.equal(as['session_management_endpoint'], idp.sessionEndpoint);
    assert.equal(as.backchannel_logout_supported, true);
    assert.equal(as.backchannel_logout_session_supported, true);
    assert.ok(as.end_session_endpoint);
    assert.ok(as.introspection_endpoint);
    assert.ok(as.scopes_supported?.includes('sessions.self'));
  });
});

describe('RP-initiated logout', () => {
  test('ends the IdP session and notifies the relying parties', async () => {
    const browser = new Browser();
    const request = {
      username: 'bob',
      password: passwordOf('bob'),
      scope: 'openid',
      browser,
    };
    const notes = await signIn(idp, { ...request, clientId: 'demo-notes' });
    await signIn(idp, { ...request, clientId: 'demo-photos' });
    assert.equal(await hasIdpSession(browser, idp), true);

    const done = await signOut(idp, notes, {
      postLogoutRedirectUri: `${origin}/rp/demo-notes/`,
    });

    assert.ok(done.leftTo?.startsWith(`${origin}/rp/demo-notes/`));
    assert.equal(await hasIdpSession(browser, idp), false);
    const logouts = idp.receiver?.received('demo-notes') ?? [];
    assert.ok(
      logouts.some((l) => l.valid && l.claims?.['sid'] === notes.claims.sid),
      'demo-notes received a valid logout token for its sid',
    );
  });

  test('shows a plain signed-out page without a redirect URI', async () => {
    const signedIn = await signIn(idp, {
      clientId: 'account-page',
      username: 'dave',
      password: passwordOf('dave'),
      scope: 'openid',
    });

    const done = await signOut(idp, signedIn);

    assert.equal(done.response.status, 200);
    assert.match(done.body, /<h1>You are signed out<\/h1>/);
  });
});

describe('errors', () => {
  test('render as a plain page that echoes nothing hostile', async () => {
    const as = await discover(idp);
    const url = new URL(as.authorization_endpoint ?? '');
    url.search = new URLSearchParams({
      client_id: '<script>alert(1)</script>',
      response_type: 'code',
      scope: 'openid',
    }).toString();

    const answer = await new Browser().visit(url.href, idp.issuer);

    assert.equal(answer.response.status, 400);
    assert.match(answer.body, /<h1>Something went wrong<\/h1>/);
    assert.doesNotMatch(answer.body, /<script>/);
  });

  test('an unknown interaction says the sign-in expired', async () => {
    const answer = await new Browser().visit(
      `${idp.issuer}/interaction/no-such-uid`,
      idp.issuer,
    );

    assert.equal(answer.response.status, 400);
    assert.match(answer.body, /expired/);
  });
});

describe('browser origins', () => {
  test('login and consent pages keep their origin on their own forms', async () => {
    const { page } = await loginPage(new Browser());

    assert.equal(page.response.headers.get('referrer-policy'), 'same-origin');
  });

  test('the extension may call the token endpoint from its own origin', async () => {
    const extensionIdp = await startTestIdp({
      extensionId: 'abcdefghijklmnopabcdefghijklmnop',
    });
    const tokenRequest = (origin: string) =>
      fetch(`${extensionIdp.issuer}/token`, {
        method: 'POST',
        headers: {
          origin,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: 'not-a-refresh-token',
          client_id: 'session-manager-extension',
        }),
      });

    try {
      const own = await tokenRequest(
        'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      );
      const other = await tokenRequest('chrome-extension://someone-else');

      assert.deepEqual(await own.json(), {
        error: 'invalid_grant',
        error_description: 'grant request is invalid',
      });
      assert.match(
        ((await other.json()) as { error_description: string })
          .error_description,
        /origin chrome-extension:\/\/someone-else not allowed/,
      );
    } finally {
      await extensionIdp.close();
    }
  });
});
