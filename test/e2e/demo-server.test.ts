import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startDemo } from '../../demo/server.ts';
import { demoClientSecrets } from '../../idp/clients.ts';
import { startStack, type Stack } from './support.ts';

/** The demo server on its own, over plain HTTP: no browser needed. */
describe('the demo server', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ seed: 0 });
  });

  after(async () => {
    await stack.close();
  });

  test('answers 503 until it is told which IdP to use', async () => {
    const demo = await startDemo({ port: 0 });

    const response = await fetch(`${demo.origin}/admin/`);

    assert.equal(response.status, 503);
    await demo.close();
  });

  test('writes the issuer into the pages and serves their scripts as JavaScript', async () => {
    const page = await fetch(`${stack.demo.origin}/admin/`);
    const script = await fetch(`${stack.demo.origin}/assets/portal.ts`);
    const body = await script.text();

    assert.match(
      await page.text(),
      new RegExp(`name="idp-issuer" content="${stack.idp.issuer}"`),
    );
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.doesNotMatch(body, /: PortalOptions|interface /);
  });

  test('serves nothing outside its folders', async () => {
    const paths = [
      '/assets/../server.ts',
      '/assets/..%2Fserver.ts',
      '/assets/%2e%2e/relying-party.ts',
      '/widget/../../package.json',
    ];

    const statuses = await Promise.all(
      paths.map(async (path) => (await fetch(stack.demo.origin + path)).status),
    );

    assert.deepEqual(statuses, [404, 404, 404, 404]);
  });

  test('a relying party page sets no cookie and shows no secret', async () => {
    const response = await fetch(`${stack.demo.origin}/rp/demo-notes/`);
    const body = await response.text();

    assert.equal(response.status, 200);
    assert.equal(response.headers.get('set-cookie'), null);
    assert.doesNotMatch(
      body,
      new RegExp(demoClientSecrets['demo-notes'] ?? ''),
    );
    assert.match(body, /Not signed in to Notes/);
  });

  test('a code that no sign-in asked for is refused with an explanation', async () => {
    const response = await fetch(
      `${stack.demo.origin}/rp/demo-photos/?code=forged&state=forged`,
    );

    assert.equal(response.status, 400);
    assert.match(await response.text(), /no sign-in was started/);
  });

  test('a refresh without a sign-in says there is no refresh token', async () => {
    const response = await fetch(`${stack.demo.origin}/rp/demo-notes/refresh`, {
      method: 'POST',
    });

    assert.deepEqual(
      { ...((await response.json()) as object), at: undefined },
      { ok: false, error: 'no refresh token held', at: undefined },
    );
  });
});
