import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { Idp } from '../../idp/server.ts';
import { callApi, problemFields } from '../support/api.ts';
import { startTestIdp } from '../support/idp.ts';
import {
  clientCredentials,
  signIn,
  signInAsOperator,
} from '../support/oidc.ts';

const allowedOrigin = 'http://127.0.0.1:5173';

let idp: Idp;
let adminToken: string;
let selfToken: string;
let serviceToken: string;

before(async () => {
  idp = await startTestIdp({ origins: [allowedOrigin], seed: 200 });
  adminToken = await signInAsOperator(idp);
  selfToken = (
    await signIn(idp, {
      clientId: 'account-page',
      username: 'alice',
      password: 'alice-demo-password',
      scope: 'openid sessions.self',
    })
  ).accessToken;
  serviceToken = await clientCredentials(idp, { scope: 'sessions.admin' });
});

after(() => idp.close());

/** Everything a bad request could have changed, to compare before/after. */
function databaseState() {
  const count = (sql: string) => (idp.db.prepare(sql).get() as { n: number }).n;
  return {
    sessions: count('SELECT count(*) AS n FROM sessions'),
    models: count('SELECT count(*) AS n FROM oidc_models'),
    removals: count('SELECT count(*) AS n FROM removals'),
  };
}

describe('authorisation', () => {
  test('no token is a 401 with a bearer challenge', async () => {
    const answer = await callApi(idp.sessionEndpoint, '');

    assert.equal(answer.status, 401);
    assert.equal(
      answer.headers.get('www-authenticate'),
      'Bearer realm="sessions"',
    );
    assert.match(answer.headers.get('content-type') ?? '', /problem\+json/);
  });

  test('an unknown token is a 401 naming invalid_token', async () => {
    const answer = await callApi(idp.sessionEndpoint, '', {
      token: 'not-a-real-token',
    });

    assert.equal(answer.status, 401);
    assert.match(
      answer.headers.get('www-authenticate') ?? '',
      /error="invalid_token"/,
    );
  });

  test('a malformed Authorization header is a 401', async () => {
    const answer = await callApi(idp.sessionEndpoint, '', {
      headers: { authorization: 'Basic YWRtaW46YWRtaW4=' },
    });

    assert.equal(answer.status, 401);
    assert.match(
      answer.headers.get('www-authenticate') ?? '',
      /error="invalid_request"/,
    );
  });

  test('a self-service token cannot use the admin routes', async () => {
    const calls: [string, unknown][] = [
      ['', undefined],
      ['/remove', { subjectId: '10' }],
      ['/removals', undefined],
    ];

    for (const [path, body] of calls) {
      const answer = await callApi(idp.sessionEndpoint, path, {
        token: selfToken,
        ...(body ? { body } : {}),
      });

      assert.equal(answer.status, 403, path);
      assert.match(
        answer.headers.get('www-authenticate') ?? '',
        /insufficient_scope.*sessions\.admin/,
      );
    }
  });

  test('an admin token cannot use the self-service routes', async () => {
    const answer = await callApi(idp.sessionEndpoint, '/self', {
      token: adminToken,
    });

    assert.equal(answer.status, 403);
  });

  test('a service token with sessions.admin can query', async () => {
    const answer = await callApi(idp.sessionEndpoint, '?countRequested=5', {
      token: serviceToken,
    });

    assert.equal(answer.status, 200);
    assert.equal((answer.body as { results: unknown[] }).results.length, 5);
  });

  test('a service token has no sessions of its own', async () => {
    const answer = await callApi(idp.sessionEndpoint, '/self', {
      token: serviceToken,
    });

    assert.equal(answer.status, 403);
  });
});

describe('CORS', () => {
  test('a preflight from an allowed origin may send a bearer token', async () => {
    const answer = await callApi(idp.sessionEndpoint, '/remove', {
      method: 'OPTIONS',
      headers: {
        origin: allowedOrigin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });

    assert.equal(answer.status, 204);
    assert.equal(
      answer.headers.get('access-control-allow-origin'),
      allowedOrigin,
    );
    assert.match(
      answer.headers.get('access-control-allow-headers') ?? '',
      /Authorization/,
    );
    assert.match(
      answer.headers.get('access-control-allow-methods') ?? '',
      /POST/,
    );
  });

  test('another origin gets no CORS headers at all', async () => {
    const preflight = await callApi(idp.sessionEndpoint, '', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://evil.example',
        'access-control-request-method': 'GET',
      },
    });
    const read = await callApi(idp.sessionEndpoint, '', {
      token: adminToken,
      headers: { origin: 'http://evil.example' },
    });

    for (const answer of [preflight, read]) {
      assert.equal(answer.headers.get('access-control-allow-origin'), null);
      assert.equal(answer.headers.get('access-control-allow-headers'), null);
    }
  });

  test('an allowed origin can read answers and their challenge', async () => {
    const answer = await callApi(idp.sessionEndpoint, '', {
      headers: { origin: allowedOrigin },
    });

    assert.equal(answer.status, 401);
    assert.equal(
      answer.headers.get('access-control-allow-origin'),
      allowedOrigin,
    );
    assert.match(
      answer.headers.get('access-control-expose-headers') ?? '',
      /WWW-Authenticate/,
    );
  });
});

describe('bad query input', () => {
  const cases: [string, string, string][] = [
    ['an unknown parameter', '?subject=1', 'subject'],
    ['a repeated parameter', '?subjectId=1&subjectId=2', 'subjectId'],
    ['an empty filter', '?subjectId=', 'subjectId'],
    ['countRequested 0', '?countRequested=0', 'countRequested'],
    ['countRequested 101', '?countRequested=101', 'countRequested'],
    ['countRequested as words', '?countRequested=ten', 'countRequested'],
    ['a fractional countRequested', '?countRequested=2.5', 'countRequested'],
    ['an unknown match mode', '?match=regex', 'match'],
    ['a non-boolean', '?requestPriorResults=yes', 'requestPriorResults'],
    ['an oversized filter', `?displayName=${'x'.repeat(201)}`, 'displayName'],
    ['an empty client filter', '?clientId=', 'clientId'],
    ['an oversized client', `?clientId=${'x'.repeat(201)}`, 'clientId'],
    ['a repeated client', '?clientId=a&clientId=b', 'clientId'],
    // A strict host without the client filter answers as this route does.
    ['a client filter on the history', '/removals?clientId=a', 'clientId'],
    ['a forged token', '?resultsToken=abc.def', 'resultsToken'],
  ];

  for (const [name, query, field] of cases) {
    test(`${name} is a 400 naming ${field}`, async () => {
      const answer = await callApi(idp.sessionEndpoint, query, {
        token: adminToken,
      });

      assert.equal(answer.status, 400);
      assert.deepEqual(problemFields(answer), [field]);
      assert.equal(
        (answer.body as { type: string }).type,
        'urn:session-manager:invalid-request',
      );
    });
  }

  test('countRequested 1 and 100 are accepted', async () => {
    for (const size of [1, 100]) {
      const answer = await callApi(
        idp.sessionEndpoint,
        `?countRequested=${size}`,
        { token: adminToken },
      );

      assert.equal(answer.status, 200);
      const { results } = answer.body as { results: unknown[] };
      assert.equal(results.length, size);
    }
  });

  test('a client filter over HTTP: that client only, tokens kept to it', async () => {
    const notes = await callApi(
      idp.sessionEndpoint,
      '?clientId=demo-notes&countRequested=1',
      { token: adminToken },
    );
    const body = notes.body as {
      resultsToken: string;
      totalCount: number;
      results: { clientIds: string[] }[];
    };

    const otherClient = await callApi(
      idp.sessionEndpoint,
      '?clientId=demo-photos&countRequested=1&resultsToken=' +
        encodeURIComponent(body.resultsToken),
      { token: adminToken },
    );

    assert.equal(notes.status, 200);
    assert.ok(body.totalCount > 1, 'the seed signs many into demo-notes');
    assert.ok(body.results.every((s) => s.clientIds.includes('demo-notes')));
    assert.equal(otherClient.status, 400);
    assert.deepEqual(problemFields(otherClient), ['resultsToken']);
  });

  test('a token from another query is refused', async () => {
    const first = await callApi(idp.sessionEndpoint, '?countRequested=5', {
      token: adminToken,
    });
    const token = (first.body as { resultsToken: string }).resultsToken;

    const answer = await callApi(
      idp.sessionEndpoint,
      '?countRequested=5&displayName=a&resultsToken=' +
        encodeURIComponent(token),
      { token: adminToken },
    );

    assert.equal(answer.status, 400);
    assert.deepEqual(problemFields(answer), ['resultsToken']);
  });

  test('an unknown route is a 404 and a wrong method a 405', async () => {
    const missing = await callApi(idp.sessionEndpoint, '/nope', {
      token: adminToken,
    });
    const wrongMethod = await callApi(idp.sessionEndpoint, '/remove', {
      token: adminToken,
    });

    assert.equal(missing.status, 404);
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
  });
});

describe('bad removal input', () => {
  const allOff = {
    removeServerSideSession: false,
    sendBackchannelLogoutNotification: false,
    revokeTokens: false,
    revokeConsents: false,
  };
  const cases: [string, unknown, string][] = [
    ['neither id', {}, 'subjectId'],
    ['an empty client list', { subjectId: '10', clientIds: [] }, 'clientIds'],
    ['an empty client id', { subjectId: '10', clientIds: [''] }, 'clientIds.0'],
    ['an unknown field', { subjectId: '10', everything: true }, 'everything'],
    ['a number for an id', { subjectId: 10 }, 'subjectId'],
    ['a text flag', { subjectId: '10', revokeTokens: 'no' }, 'revokeTokens'],
    ['an empty subject id', { subjectId: '' }, 'subjectId'],
    ['an oversized session id', { sessionId: 's'.repeat(201) }, 'sessionId'],
    ['a long reason', { subjectId: '10', reason: 'r'.repeat(501) }, 'reason'],
    [
      'every flag off',
      { subjectId: '10', ...allOff },
      'removeServerSideSession',
    ],
    ['an array body', [{ subjectId: '10' }], '(body)'],
  ];

  for (const [name, body, field] of cases) {
    test(`${name} is a 400 naming ${field}, and changes nothing`, async () => {
      const before = databaseState();

      const answer = await callApi(idp.sessionEndpoint, '/remove', {
        token: adminToken,
        body,
      });

      assert.equal(answer.status, 400);
      assert.ok(
        problemFields(answer).includes(field),
        `fields were ${problemFields(answer).join(', ')}`,
      );
      assert.deepEqual(databaseState(), before);
    });
  }

  test('malformed JSON is a 400, and changes nothing', async () => {
    const before = databaseState();

    const answer = await callApi(idp.sessionEndpoint, '/remove', {
      token: adminToken,
      body: '{"subjectId": "10",',
    });

    assert.equal(answer.status, 400);
    assert.match((answer.body as { detail: string }).detail, /not valid JSON/);
    assert.deepEqual(databaseState(), before);
  });

  test('a body that is not JSON is a 415', async () => {
    const answer = await callApi(idp.sessionEndpoint, '/remove', {
      token: adminToken,
      body: 'subjectId=10',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    assert.equal(answer.status, 415);
  });

  test('a body over 16 KB is a 413', async () => {
    const answer = await callApi(idp.sessionEndpoint, '/remove', {
      token: adminToken,
      body: { subjectId: '10', reason: 'x'.repeat(20_000) },
    });

    assert.equal(answer.status, 413);
  });

  test('a self-service removal with an unknown target is a 400', async () => {
    const before = databaseState();

    const answer = await callApi(idp.sessionEndpoint, '/self/remove', {
      token: selfToken,
      body: { target: 'everyone' },
    });

    assert.equal(answer.status, 400);
    assert.deepEqual(problemFields(answer), ['target']);
    assert.deepEqual(databaseState(), before);
  });
});
