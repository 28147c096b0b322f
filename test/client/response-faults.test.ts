import {
  isInvalidResponseError,
  isSessionHttpError,
  SessionClient,
} from '../../shared/client/index.ts';
import { deepEqual, equal, match, rejects } from '../support/wtr-assert.ts';
import {
  faultyEndpoint,
  faultyLog,
  uniqueRun,
} from '../support/wtr-browser.ts';

// Bodies the contract does not allow, from a real server on 127.0.0.1.
// The real IdP never sends these, which is why a faulty server does.

async function clientFor(steps: string[]) {
  const run = uniqueRun('body');
  const endpoint = await faultyEndpoint(run, steps);
  return new SessionClient({ endpoint, accessToken: 'test-token' });
}

describe('a response that breaks the contract', () => {
  it('is refused when it is not valid JSON', async () => {
    const client = await clientFor(['malformed']);

    const error = await rejects(client.querySessions(), isInvalidResponseError);

    equal(error.path, '');
    equal(error.status, 200);
    match(error.message, /the body must be valid JSON/);
    equal(
      JSON.parse(error.issues[0]?.received ?? ''),
      '{"results": [{"subjectId": "1",',
    );
  });

  it('names a field of the wrong type and what it held', async () => {
    const client = await clientFor(['wrongtype']);

    const error = await rejects(client.querySessions(), isInvalidResponseError);

    equal(error.path, 'totalCount');
    equal(error.issues[0]?.received, '"many"');
    match(error.message, /totalCount must be number \(got "many"\)/);
  });

  it('names a missing field', async () => {
    const client = await clientFor(['missing']);

    const error = await rejects(client.querySessions(), isInvalidResponseError);

    equal(error.path, 'results');
    match(error.message, /results is missing/);
  });

  it('names a time that is not a time, by its path', async () => {
    const client = await clientFor(['baddate']);

    const error = await rejects(client.querySessions(), isInvalidResponseError);

    equal(error.path, 'results.0.created');
    match(error.message, /must be an ISO 8601 time \(got "yesterday"\)/);
  });

  it('refuses a page of HTML, as a sign-in redirect would give', async () => {
    const client = await clientFor(['html']);

    const error = await rejects(client.querySessions(), isInvalidResponseError);

    equal(error.issues[0]?.received, 'text/html');
    match(error.message, /must be JSON/);
  });

  it('refuses an empty 200', async () => {
    const client = await clientFor(['empty']);

    const error = await rejects(
      client.listOwnSessions(),
      isInvalidResponseError,
    );

    match(error.message, /must not be empty/);
  });

  it('is not retried: the same answer would come again', async () => {
    const run = uniqueRun('body-once');
    const endpoint = await faultyEndpoint(run, ['wrongtype', 'ok']);
    const client = new SessionClient({ endpoint, accessToken: 't' });

    await rejects(client.querySessions(), isInvalidResponseError);

    equal((await faultyLog(run)).length, 1);
  });

  it('turns every time of a valid answer into a Date', async () => {
    const client = await clientFor(['ok']);

    const page = await client.querySessions();

    const session = page.results[0];
    deepEqual(session?.created, new Date('2026-12-01T09:12:44.000Z'));
    equal(session?.expires, null);
    equal(session?.clients, null);
    equal(session?.details.userAgent, null);
  });

  it('shows a non-problem error body as a plain HTTP error', async () => {
    const client = await clientFor(['500.text']);

    const error = await rejects(
      client.querySessions({}, {}),
      isSessionHttpError,
    );

    equal(error.status, 500);
    equal(error.problem, null);
  });
});
