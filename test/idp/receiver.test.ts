import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';

import {
  SignJWT,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JWTPayload,
} from 'jose';

import { startReceiver, type Receiver } from '../../idp/receiver.ts';
import type { Idp } from '../../idp/server.ts';
import { startTestIdp } from '../support/idp.ts';

/**
 * The receiver on its own, against an issuer this file controls (so it can
 * sign exactly the tokens it needs, good and bad), and then against the
 * real provider's `backchannelLogout`.
 */

const issuer = 'https://issuer.test';
const event = 'http://schemas.openid.net/event/backchannel-logout';

let receiver: Receiver;
let jwksServer: Server;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;

before(async () => {
  const pair = await generateKeyPair('ES256');
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('ES256')).privateKey;
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }],
  });

  jwksServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise<void>((resolve) =>
    jwksServer.listen(0, '127.0.0.1', resolve),
  );
  const { port } = jwksServer.address() as AddressInfo;

  receiver = await startReceiver({ port: 0, clientIds: ['rp-a', 'rp-b'] });
  receiver.trust(issuer, `http://127.0.0.1:${port}/jwks`);
});

after(async () => {
  await receiver.close();
  jwksServer.closeAllConnections();
  await new Promise((resolve) => jwksServer.close(resolve));
});

beforeEach(() => receiver.clear());

/**
 * oidc-provider's client, with the method the types leave out: it signs a
 * logout token and POSTs it to the client's back-channel logout URI.
 */
interface LogoutClient {
  backchannelLogout(sub: string, sid: string): Promise<void>;
}

async function logoutClient(idp: Idp, clientId: string): Promise<LogoutClient> {
  const client = await idp.provider.Client.find(clientId);
  assert.ok(client, `${clientId} is registered`);
  return client as unknown as LogoutClient;
}

interface TokenOptions {
  claims?: JWTPayload;
  without?: string[];
  typ?: string;
  key?: CryptoKey;
}

function logoutToken(options: TokenOptions = {}): Promise<string> {
  const claims: JWTPayload = {
    iss: issuer,
    aud: 'rp-a',
    iat: Math.floor(Date.now() / 1000),
    jti: randomUUID(),
    sub: '1',
    sid: 'session-1',
    events: { [event]: {} },
    ...options.claims,
  };
  for (const name of options.without ?? []) delete claims[name];

  return new SignJWT(claims)
    .setProtectedHeader({
      alg: 'ES256',
      kid: 'k1',
      typ: options.typ ?? 'logout+jwt',
    })
    .sign(options.key ?? signingKey);
}

function post(
  clientId: string,
  token: string,
  type = 'application/x-www-form-urlencoded',
): Promise<Response> {
  const body =
    type === 'application/json'
      ? JSON.stringify({ logout_token: token })
      : new URLSearchParams({ logout_token: token }).toString();
  return fetch(receiver.uriFor(clientId), {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  });
}

async function refusal(response: Response): Promise<string> {
  assert.equal(response.status, 400);
  const body = (await response.json()) as { error_description: string };
  return body.error_description;
}

describe('a valid logout token', () => {
  test('is answered 200 and recorded with its claims', async () => {
    const response = await post('rp-a', await logoutToken());

    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const [logout] = receiver.received('rp-a');
    assert.equal(logout?.valid, true);
    assert.equal(logout?.error, null);
    assert.equal(logout?.claims?.['sid'], 'session-1');
    assert.deepEqual(receiver.received('rp-b'), []);
  });

  test('may carry only a sid, or only a sub', async () => {
    const onlySid = await post('rp-a', await logoutToken({ without: ['sub'] }));
    const onlySub = await post('rp-a', await logoutToken({ without: ['sid'] }));

    assert.equal(onlySid.status, 200);
    assert.equal(onlySub.status, 200);
  });
});

describe('a token that fails a check', () => {
  const cases: [string, () => Promise<string>, RegExp][] = [
    [
      'a forged signature',
      () => logoutToken({ key: strangerKey }),
      /signature/,
    ],
    ['another audience', () => logoutToken({ claims: { aud: 'rp-b' } }), /aud/],
    ['a JWT typ', () => logoutToken({ typ: 'JWT' }), /typ/],
    [
      'an untrusted issuer',
      () => logoutToken({ claims: { iss: 'https://evil.test' } }),
      /not trusted/,
    ],
    ['no iat', () => logoutToken({ without: ['iat'] }), /iat/],
    [
      'an iat in the future',
      () =>
        logoutToken({ claims: { iat: Math.floor(Date.now() / 1000) + 3600 } }),
      /iat/,
    ],
    ['no jti', () => logoutToken({ without: ['jti'] }), /jti/],
    ['no events', () => logoutToken({ without: ['events'] }), /events/],
    [
      'an event that is not an object',
      () => logoutToken({ claims: { events: { [event]: true } } }),
      /events/,
    ],
    [
      'neither sub nor sid',
      () => logoutToken({ without: ['sub', 'sid'] }),
      /sub or a sid/,
    ],
    [
      'a nonce',
      () => logoutToken({ claims: { nonce: 'n-0S6_WzA2Mj' } }),
      /nonce/,
    ],
  ];

  for (const [name, make, reason] of cases) {
    test(`with ${name} is refused 400 and recorded`, async () => {
      const response = await post('rp-a', await make());

      assert.match(await refusal(response), reason);
      const [logout] = receiver.received('rp-a');
      assert.equal(logout?.valid, false);
      assert.match(logout?.error ?? '', reason);
      assert.equal(logout?.claims, null);
    });
  }

  test('sent a second time is a replay', async () => {
    const token = await logoutToken();

    const first = await post('rp-a', token);
    const second = await post('rp-a', token);

    assert.equal(first.status, 200);
    assert.match(await refusal(second), /already received/);
    assert.deepEqual(
      receiver.received('rp-a').map((logout) => logout.valid),
      [true, false],
    );
  });

  test('in a JSON body is refused', async () => {
    const response = await post(
      'rp-a',
      await logoutToken(),
      'application/json',
    );

    assert.match(await refusal(response), /content-type/);
    assert.equal(receiver.received('rp-a')[0]?.valid, false);
  });

  test('that is not a JWT at all is refused', async () => {
    assert.equal((await post('rp-a', 'not-a-jwt')).status, 400);
  });
});

describe('behaviours', () => {
  test('a status replaces the answer; the token is still checked', async () => {
    receiver.setBehaviour('rp-a', { status: 503 });

    const response = await post('rp-a', await logoutToken());

    assert.equal(response.status, 503);
    assert.equal(receiver.received('rp-a')[0]?.valid, true);
  });

  test('a delay holds the answer back', async () => {
    receiver.setBehaviour('rp-a', { delayMs: 300 });
    const started = performance.now();

    const response = await post('rp-a', await logoutToken());

    assert.equal(response.status, 200);
    assert.ok(performance.now() - started >= 290);
  });

  test('a dropped connection gives no answer at all', async () => {
    receiver.setBehaviour('rp-a', { dropConnection: true });

    await assert.rejects(post('rp-a', await logoutToken()));
    assert.equal(receiver.received('rp-a').length, 1);
  });

  test('apply to one client only, and clear() resets them', async () => {
    receiver.setBehaviour('rp-a', { status: 500 });

    const other = await post(
      'rp-b',
      await logoutToken({ claims: { aud: 'rp-b' } }),
    );
    receiver.clear();
    const after = await post('rp-a', await logoutToken());

    assert.equal(other.status, 200);
    assert.equal(after.status, 200);
  });
});

describe('reading what arrived', () => {
  test('GET lists the logouts as JSON', async () => {
    await post('rp-a', await logoutToken());

    const response = await fetch(receiver.uriFor('rp-a'));
    const body = (await response.json()) as { valid: boolean }[];

    assert.match(response.headers.get('content-type') ?? '', /json/);
    assert.deepEqual(
      body.map((logout) => logout.valid),
      [true],
    );
  });

  test('the HTML view escapes what the token said', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    await post('rp-a', await logoutToken({ claims: { sub: hostile } }));

    const response = await fetch(`${receiver.uriFor('rp-a')}?format=html`);
    const page = await response.text();

    assert.match(page, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.doesNotMatch(page, /<img/);
    assert.match(
      response.headers.get('content-security-policy') ?? '',
      /default-src 'none'/,
    );
  });

  test('an unknown client is a 404', async () => {
    const response = await fetch(`${receiver.url}/nobody`, { method: 'POST' });

    assert.equal(response.status, 404);
  });
});

describe('with the real provider', () => {
  let idp: Idp;

  before(async () => {
    idp = await startTestIdp({ backchannelTimeoutMs: 500 });
  });

  after(() => idp.close());

  beforeEach(() => idp.receiver?.clear());

  async function notify(clientId: string, sid: string): Promise<void> {
    const client = await logoutClient(idp, clientId);
    await client.backchannelLogout('10', sid);
  }

  test('its logout token is accepted and recorded as valid', async () => {
    await notify('demo-notes', 'sid-real');

    const [logout] = idp.receiver?.received('demo-notes') ?? [];
    assert.equal(logout?.valid, true, logout?.error ?? '');
    assert.equal(logout?.claims?.['iss'], idp.issuer);
    assert.equal(logout?.claims?.['aud'], 'demo-notes');
    assert.equal(logout?.claims?.['sub'], '10');
    assert.equal(logout?.claims?.['sid'], 'sid-real');
    assert.deepEqual(logout?.claims?.['events'], { [event]: {} });
  });

  test('a slow receiver fails at the configured timeout', async () => {
    idp.receiver?.setBehaviour('demo-photos', { delayMs: 3_000 });
    const started = performance.now();

    await assert.rejects(notify('demo-photos', 'sid-slow'), {
      name: 'TimeoutError',
    });

    const elapsed = performance.now() - started;
    assert.ok(elapsed < 1_500, `gave up after ${Math.round(elapsed)} ms`);
  });

  test('a failing receiver fails the delivery with its status', async () => {
    idp.receiver?.setBehaviour('demo-notes', { status: 500 });

    await assert.rejects(notify('demo-notes', 'sid-500'), /500/);
  });
});

describe('without allowLoopbackBackchannel', () => {
  test('the SSRF guard refuses a loopback receiver', async () => {
    const idp = await startTestIdp({ allowLoopbackBackchannel: false });
    try {
      const client = await logoutClient(idp, 'demo-notes');

      await assert.rejects(
        client.backchannelLogout('1', 'sid-guarded'),
        (error: Error) => {
          assert.match(String(error.cause), /special-use IP address/);
          return true;
        },
      );
      assert.deepEqual(idp.receiver?.received('demo-notes'), []);
    } finally {
      await idp.close();
    }
  });
});
