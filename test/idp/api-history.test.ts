import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import type {
  QueryResultJson,
  RemovalRecordJson,
} from '../../shared/contract/index.ts';
import type { Idp } from '../../idp/server.ts';
import { callApi, problemFields } from '../support/api.ts';
import { startTestIdp } from '../support/idp.ts';
import { clientCredentials } from '../support/oidc.ts';

let idp: Idp;
let token: string;

before(async () => {
  idp = await startTestIdp();
  token = await clientCredentials(idp, { scope: 'sessions.admin' });

  // Seven removals of sessions that do not exist: each succeeds with
  // zeros and is recorded all the same.
  for (let index = 1; index <= 7; index++) {
    const answer = await callApi(idp.sessionEndpoint, '/remove', {
      token,
      body: {
        subjectId: index % 2 === 0 ? 'even' : 'odd',
        reason: `removal ${index}`,
      },
    });
    assert.equal(answer.status, 200);
  }
});

after(() => idp.close());

async function page(query: string) {
  const answer = await callApi(idp.sessionEndpoint, `/removals${query}`, {
    token,
  });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body as QueryResultJson<RemovalRecordJson>;
}

const reasons = (result: QueryResultJson<RemovalRecordJson>) =>
  result.results.map((record) => record.reason);

test('pages newest first, to the end and back, each record once', async () => {
  const first = await page('?countRequested=3');
  const second = await page(
    `?countRequested=3&resultsToken=${first.resultsToken}`,
  );
  const third = await page(
    `?countRequested=3&resultsToken=${second.resultsToken}`,
  );
  const back = await page(
    `?countRequested=3&requestPriorResults=true` +
      `&resultsToken=${second.resultsToken}`,
  );

  assert.deepEqual(
    [...reasons(first), ...reasons(second), ...reasons(third)],
    [7, 6, 5, 4, 3, 2, 1].map((n) => `removal ${n}`),
  );
  assert.deepEqual(
    [first.currentPage, second.currentPage, third.currentPage],
    [1, 2, 3],
  );
  assert.deepEqual(
    [first.hasPrevResults, first.hasNextResults, third.hasNextResults],
    [false, true, false],
  );
  assert.equal(first.totalCount, 7);
  assert.equal(first.totalPages, 3);
  assert.deepEqual(reasons(back), reasons(first));
  assert.equal(back.hasPrevResults, false);
});

test('filters by the exact subject', async () => {
  const even = await page('?subjectId=even&countRequested=100');
  const partial = await page('?subjectId=eve');

  assert.deepEqual(reasons(even), ['removal 6', 'removal 4', 'removal 2']);
  assert.ok(even.results.every((r) => r.request.subjectId === 'even'));
  assert.equal(partial.results.length, 0);
});

test('records the actor of a service token', async () => {
  const latest = await page('?countRequested=1');

  assert.deepEqual(latest.results[0]?.actor, {
    subjectId: null,
    displayName: null,
    clientId: 'session-service',
  });
});

test('refuses a token from another filter', async () => {
  const first = await page('?countRequested=2');

  const answer = await callApi(
    idp.sessionEndpoint,
    `/removals?countRequested=2&subjectId=odd` +
      `&resultsToken=${first.resultsToken}`,
    { token },
  );

  assert.equal(answer.status, 400);
  assert.deepEqual(problemFields(answer), ['resultsToken']);
});
