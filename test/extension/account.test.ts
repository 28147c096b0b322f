import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { Idp } from '../../idp/server.ts';
import { introspect, refresh } from '../support/oidc.ts';
import { cachedPages, lookUp, signInToRelyingParties } from './journey.ts';
import { signInForSuite } from './signing-in.ts';
import {
  eventually,
  everythingInSessionStorage,
  extensionOrigin,
  optionsPath,
  popupPath,
  sessionStorage,
  watchProblems,
  type LoadedExtension,
} from './support.ts';

describe('the support person’s account in the extension', () => {
  let idp: Idp;
  let extension: LoadedExtension;

  signInForSuite((started) => ({ idp, extension } = started));

  test('signs in on the real login page, tokens in memory only', async () => {
    const tokens = (await sessionStorage(extension, 'tokens')) as {
      accessToken: string;
      refreshToken: string;
    };
    const account = (await sessionStorage(extension, 'account')) as {
      scopes: string[];
    };
    const worker = await extension.worker();
    const local = await worker.evaluate(() => chrome.storage.local.get(null));

    assert.equal(await introspect(idp, tokens.accessToken), true);
    assert.ok(tokens.refreshToken);
    assert.ok(account.scopes.includes('sessions.admin'));
    assert.doesNotMatch(JSON.stringify(local), /accessToken|refreshToken/);
  });

  test('shows the IdP, the client and who is signed in with what', async () => {
    const account = (await sessionStorage(extension, 'account')) as {
      scopes: string[];
    };

    const options = await extension.context.newPage();
    const problems = await watchProblems(options);
    await options.goto(`${extensionOrigin}/${optionsPath}`);
    await options.locator('body[data-ready="true"]').waitFor();

    assert.equal(
      await options.getByLabel('Issuer URL').inputValue(),
      idp.issuer,
    );
    assert.equal(
      await options.getByLabel('Client ID').inputValue(),
      'session-manager-extension',
    );
    assert.equal(
      await options.locator('#account').textContent(),
      `Signed in as Ada Operator (subject admin) at ${idp.issuer}.`,
    );
    assert.equal(
      await options.locator('#scopes').textContent(),
      account.scopes.join(' '),
    );
    // The token endpoint leaves offline_access out of the granted scope
    // even though it issued a refresh token.
    assert.deepEqual([...account.scopes].sort(), [
      'email',
      'openid',
      'profile',
      'sessions.admin',
      'sessions.self',
    ]);
    assert.equal(
      await options.getByRole('button', { name: 'Sign out' }).isVisible(),
      true,
    );
    assert.deepEqual(problems, []);
    await options.close();
  });

  test('refreshes an access token that is about to expire', async () => {
    const before = (await sessionStorage(extension, 'tokens')) as {
      accessToken: string;
      refreshToken: string;
    };
    const worker = await extension.worker();
    await worker.evaluate(async () => {
      const { tokens } = await chrome.storage.session.get('tokens');
      await chrome.storage.session.set({
        tokens: { ...(tokens as object), expiresAt: Date.now() },
      });
    });
    const popup = await extension.open(popupPath);

    const token = await popup.evaluate(async () => {
      const reply = await chrome.runtime.sendMessage({ type: 'access-token' });
      return (reply as { value: string }).value;
    });
    const after = (await sessionStorage(extension, 'tokens')) as {
      refreshToken: string;
    };

    assert.notEqual(token, before.accessToken);
    assert.equal(await introspect(idp, token), true);
    assert.notEqual(after.refreshToken, before.refreshToken);
    await popup.close();
  });

  test('signs out: revokes at the IdP, clears tokens and cache', async () => {
    await signInToRelyingParties(idp, 'dave');
    const tokens = (await sessionStorage(extension, 'tokens')) as {
      accessToken: string;
      refreshToken: string;
    };
    const popup = await extension.open(popupPath);
    await lookUp(popup, 'Dave');
    const lookupBefore = await eventually(
      async () =>
        /Dave/.test(String(await sessionStorage(extension, 'lastLookup'))),
      'the lookup to be remembered',
    );
    const pagesBefore = await eventually(
      async () => (await cachedPages(popup)) || null,
      'a cached page',
    );
    await popup.close();
    const options = await extension.open(optionsPath);

    await options.getByRole('button', { name: 'Sign out' }).click();
    await options.getByText('Not signed in.').waitFor();
    // The page shows that as soon as the account is gone; the worker
    // goes on clearing, and the status line is its answer once done.
    const status = await eventually(async () => {
      const text = (await options.getByRole('status').textContent()) ?? '';
      return /revoked/.test(text) && text;
    }, 'the sign-out to finish');

    assert.ok(pagesBefore > 0);
    assert.equal(lookupBefore, true);
    assert.equal(await cachedPages(options), 0);
    // Nothing of the user or of whom they looked up is left; the removal
    // log keeps only removals still running, and none is.
    assert.deepEqual(await everythingInSessionStorage(extension), {
      removals: [],
    });
    assert.equal(await introspect(idp, tokens.accessToken), false);
    assert.equal(
      (await refresh(idp, 'session-manager-extension', tokens.refreshToken)).ok,
      false,
    );
    assert.match(status, /revoked 2 token/);
    await options.close();
  });
});
