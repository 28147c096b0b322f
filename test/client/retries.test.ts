import {
  isRateLimitedError,
  isSessionHttpError,
  isSessionNetworkError,
  isSessionTimeoutError,
  SessionClient,
  type SessionClientOptions,
} from '../../shared/client/index.ts';
import { equal, ok, rejects } from '../support/wtr-assert.ts';
import {
  faultyEndpoint,
  faultyLog,
  uniqueRun,
} from '../support/wtr-browser.ts';

// Retries against a real server that fails on cue. Delays are shortened
// so the suite stays fast; the rules under test do not depend on them.

const quick = {
  reads: { baseDelayMs: 10, maxDelayMs: 20 },
  removals: { baseDelayMs: 10, maxDelayMs: 20 },
};

async function setUp(
  steps: string[],
  options: Partial<SessionClientOptions> = {},
) {
  const run = uniqueRun('retry');
  const endpoint = await faultyEndpoint(run, steps);
  const client = new SessionClient({
    endpoint,
    accessToken: 'test-token',
    retry: quick,
    ...options,
  } as SessionClientOptions);
  return { client, requests: () => faultyLog(run) };
}

describe('reads', () => {
  it('retry a 500 and return the answer that follows', async () => {
    const { client, requests } = await setUp(['500', 'ok']);

    const page = await client.querySessions();

    equal(page.results.length, 1);
    equal((await requests()).length, 2);
  });

  it('give up after the attempts allowed and throw the last error', async () => {
    const { client, requests } = await setUp(['502']);

    const error = await rejects(client.querySessions(), isSessionHttpError);

    equal(error.status, 502);
    equal((await requests()).length, 3);
  });

  it('wait as long as a 503 Retry-After says', async () => {
    const { client, requests } = await setUp(['503.ra1', 'ok']);
    const started = performance.now();

    await client.listOwnSessions();

    const waited = performance.now() - started;
    ok(waited >= 950, `waited ${waited} ms, not the 1 s asked for`);
    equal((await requests()).length, 2);
  });

  it('stop at once when Retry-After is beyond the wait allowed', async () => {
    const { client, requests } = await setUp(['429.ra30', 'ok']);
    const before = Date.now();

    const error = await rejects(client.querySessions(), isRateLimitedError);

    equal(error.retryAfterMs, 30_000);
    const at = error.retryAt?.getTime() ?? 0;
    ok(at >= before + 29_000 && at <= Date.now() + 30_000, 'retryAt');
    equal((await requests()).length, 1);
  });

  it('read Retry-After as an HTTP date', async () => {
    const { client } = await setUp(['429.date3'], {
      retry: { reads: false },
    });

    const error = await rejects(client.querySessions(), isRateLimitedError);

    const delay = error.retryAfterMs ?? -1;
    ok(delay > 1_000 && delay <= 3_000, `retryAfterMs was ${delay}`);
  });

  it('do not retry a 400: the request itself is wrong', async () => {
    const { client, requests } = await setUp(['400', 'ok']);

    const error = await rejects(client.querySessions(), isSessionHttpError);

    equal(error.status, 400);
    equal(error.errors[0]?.field, 'subjectId');
    equal((await requests()).length, 1);
  });

  it('retry a connection reset in the middle of the body', async () => {
    const { client, requests } = await setUp(['reset', 'ok']);

    const page = await client.queryRemovals();

    equal(page.results[0]?.removalId, 'faulty-removal-1');
    equal((await requests()).length, 2);
  });

  it('time out when no answer starts, without retrying', async () => {
    const { client, requests } = await setUp(['hang'], {
      timeouts: { query: 300 },
    });

    const error = await rejects(client.querySessions(), isSessionTimeoutError);

    equal(error.timeoutMs, 300);
    equal((await requests()).length, 1);
  });

  it('time out when the body never finishes', async () => {
    const { client } = await setUp(['hangbody'], {
      timeouts: { query: 300 },
    });

    const error = await rejects(client.querySessions(), isSessionTimeoutError);

    equal(error.kind, 'timeout');
  });

  it('retry when nothing listens, then report a network error', async () => {
    const client = new SessionClient({
      endpoint: 'http://127.0.0.1:9/sessions',
      retry: quick,
    });

    const error = await rejects(client.querySessions(), isSessionNetworkError);

    equal(error.answerStarted, false);
    equal(error.sent, true);
  });
});

describe('removals', () => {
  it('retry a connection dropped before any answer', async () => {
    const { client, requests } = await setUp(['drop', 'ok']);

    const report = await client.removeSessions({ subjectId: '10' });

    equal(report?.sessionsRemoved, 1);
    equal((await requests()).length, 2);
  });

  it('are never sent again once the server answered, even with 503', async () => {
    const { client, requests } = await setUp(['503.ra0', 'ok']);

    const error = await rejects(
      client.removeSessions({ sessionId: 's1' }),
      isSessionHttpError,
    );

    equal(error.status, 503);
    equal((await requests()).length, 1);
  });

  it('are not sent again when the answer was cut off', async () => {
    const { client, requests } = await setUp(['reset', 'ok']);

    const error = await rejects(
      client.removeOwnSessions({ target: 'others' }),
      isSessionNetworkError,
    );

    equal(error.answerStarted, true);
    equal((await requests()).length, 1);
  });

  it('are not retried after a timeout: the host may still be working', async () => {
    const { client, requests } = await setUp(['hang', 'ok'], {
      timeouts: { removal: 300 },
    });

    await rejects(
      client.removeSessions({ subjectId: '10' }),
      isSessionTimeoutError,
    );

    equal((await requests()).length, 1);
  });

  it('return null when the host answers 204 without a report', async () => {
    const { client } = await setUp(['204']);

    const report = await client.removeSessions({ subjectId: '10' });

    equal(report, null);
  });
});
