import { after, before } from 'node:test';

import type { Page } from 'playwright-core';

import type { Idp } from '../../idp/server.ts';
import { startTestIdp } from '../support/idp.ts';
import {
  eventually,
  loadExtension,
  optionsPath,
  type LoadedExtension,
} from './support.ts';

/**
 * Configures the extension on its options page and signs in through the
 * IdP's real login page. `chrome.identity.launchWebAuthFlow` opens that
 * page in a window Chromium exposes as an ordinary page even headless, so
 * the test fills the form there, and the extension's own code receives
 * the chromiumapp.org redirect, exchanges the code and keeps the tokens.
 */
export async function configure(
  extension: LoadedExtension,
  idp: Idp,
): Promise<Page> {
  const options = await extension.open(optionsPath);
  await options.getByLabel('Issuer URL').fill(idp.issuer);
  await options.getByRole('button', { name: 'Save and allow access' }).click();
  await options
    .getByRole('status')
    .filter({ hasText: idp.sessionEndpoint })
    .waitFor();
  return options;
}

export async function signInAs(
  extension: LoadedExtension,
  options: Page,
  idp: Idp,
  username: string,
): Promise<void> {
  await options.getByRole('button', { name: 'Sign in' }).click();

  const login = await eventually(
    async () =>
      extension.context
        .pages()
        .find((page) => page.url().startsWith(`${idp.issuer}/interaction/`)),
    'the IdP login page',
  );
  await login.getByLabel('Username').fill(username);
  await login.getByLabel('Password').fill(`${username}-demo-password`);
  await login.getByRole('button', { name: 'Sign in' }).click();

  // The IdP asks for consent the first time this client wants a scope;
  // the window closes by itself once the IdP redirects to chromiumapp.org.
  const signedIn = options.getByText(/^Signed in as /);
  const consent = login
    .getByRole('button', { name: 'Allow' })
    .waitFor()
    .then(async () => {
      await login.getByRole('button', { name: 'Allow' }).click();
    })
    .catch(() => undefined);
  await Promise.race([consent, signedIn.waitFor()]);
  await signedIn.waitFor();
}

/**
 * A reference IdP of its own and the extension signed in to it as the
 * operator `admin`, for the tests of one file.
 */
export interface SignedIn {
  readonly idp: Idp;
  readonly extension: LoadedExtension;
}

async function startSignedIn(): Promise<SignedIn> {
  // The extension's own origin is not on the IdP's CORS list: its host
  // permission for the IdP lets it read answers without CORS headers,
  // and the IdP would build invalid relying-party redirect URIs from a
  // chrome-extension:// origin. The IdP knows the extension's redirect
  // by default, from the same key.
  const idp = await startTestIdp();
  const extension = await loadExtension();
  const options = await configure(extension, idp);
  await signInAs(extension, options, idp, 'admin');
  await options.close();
  return { idp, extension };
}

/**
 * Starts the IdP and signs the extension in before the tests of the
 * surrounding `describe`, hands both to `use`, and stops them after.
 */
export function signInForSuite(use: (started: SignedIn) => void): void {
  let started: SignedIn | undefined;
  before(async () => {
    started = await startSignedIn();
    use(started);
  });
  after(async () => {
    await started?.extension.close();
    await started?.idp.close();
  });
}
