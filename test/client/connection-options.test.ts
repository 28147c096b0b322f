import { SessionClient } from '../../shared/client/index.ts';
import { deepEqual, equal, match, ok } from '../support/wtr-assert.ts';
import {
  faultyEndpoint,
  faultyLog,
  uniqueRun,
} from '../support/wtr-browser.ts';

describe('connection options', () => {
  it('call the token provider before every attempt, retries included', async () => {
    const run = uniqueRun('token');
    const endpoint = await faultyEndpoint(run, ['500', 'ok']);
    let calls = 0;
    const client = new SessionClient({
      endpoint,
      tokenProvider: async () => `token-${(calls += 1)}`,
      retry: { reads: { baseDelayMs: 1, maxDelayMs: 1 } },
    });

    await client.querySessions();

    const sent = (await faultyLog(run)).map((r) => r.authorization);
    deepEqual(sent, ['Bearer token-1', 'Bearer token-2']);
  });

  it('send no Authorization header when the provider has no token', async () => {
    const run = uniqueRun('token');
    const endpoint = await faultyEndpoint(run, ['ok']);
    const client = new SessionClient({ endpoint, tokenProvider: () => null });

    await client.listOwnSessions();

    equal((await faultyLog(run))[0]?.authorization, null);
  });

  it('send extra headers and cookies for a backend-for-frontend', async () => {
    const run = uniqueRun('bff');
    const endpoint = await faultyEndpoint(run, ['setcookie', 'ok']);
    const client = new SessionClient({
      endpoint,
      credentials: 'include',
      headers: { 'X-CSRF': '1' },
    });

    await client.querySessions();
    await client.removeSessions({ subjectId: '10' });

    const [, removal] = await faultyLog(run);
    equal(removal?.csrf, '1');
    equal(removal?.cookie, 'faulty=1');
    equal(removal?.contentType, 'application/json');
  });

  it('send no cookies to another origin by default', async () => {
    const run = uniqueRun('no-cookies');
    const endpoint = await faultyEndpoint(run, ['setcookie', 'ok']);
    const withCookies = new SessionClient({ endpoint, credentials: 'include' });
    await withCookies.querySessions();
    const client = new SessionClient({ endpoint });

    await client.querySessions();

    equal((await faultyLog(run))[1]?.cookie, null);
  });

  it('send the removal flags written out, with their defaults', async () => {
    const run = uniqueRun('body');
    const endpoint = await faultyEndpoint(run, ['ok']);
    const client = new SessionClient({ endpoint, accessToken: 't' });

    await client.removeSessions({ sessionId: 's1', revokeConsents: false });

    deepEqual(JSON.parse((await faultyLog(run))[0]?.body ?? ''), {
      sessionId: 's1',
      removeServerSideSession: true,
      sendBackchannelLogoutNotification: true,
      revokeTokens: true,
      revokeConsents: false,
    });
  });

  it('use an injected fetch', async () => {
    const endpoint = await faultyEndpoint(uniqueRun('fetch'), ['ok']);
    const seen: string[] = [];
    const client = new SessionClient({
      endpoint,
      fetch: (input, init) => {
        seen.push(input instanceof Request ? input.url : String(input));
        return fetch(input, init);
      },
    });

    await client.listOwnSessions();

    equal(seen.length, 1);
    match(seen[0] ?? '', /\/sessions\/self$/);
  });

  it('refuse a wrong option when the client is made, naming it', () => {
    const attempts: [() => unknown, RegExp][] = [
      [() => new SessionClient({ endpoint: 'sessions' }), /`endpoint`/],
      [
        () => new SessionClient({ endpoint: 'ftp://x/sessions' }),
        /http or https/,
      ],
      [
        () =>
          new SessionClient({
            endpoint: 'https://x/s',
            timeouts: { query: -1 },
          }),
        /`timeouts.query` must be a positive number of milliseconds, not -1/,
      ],
      [
        () =>
          new SessionClient({
            endpoint: 'https://x/s',
            retry: { reads: { attempts: 0 } },
          }),
        /`retry.reads.attempts`/,
      ],
    ];

    for (const [make, message] of attempts) {
      let thrown: unknown;
      try {
        make();
      } catch (error) {
        thrown = error;
      }
      ok(thrown instanceof TypeError || thrown instanceof RangeError);
      match((thrown as Error).message, message);
    }
  });
});
