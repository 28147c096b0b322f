import {
  isAbortError,
  SessionClient,
  type SessionClientOptions,
} from '../../shared/client/index.ts';
import { equal, ok, rejects } from '../support/wtr-assert.ts';
import {
  faultyEndpoint,
  faultyLog,
  uniqueRun,
} from '../support/wtr-browser.ts';

async function setUp(
  steps: string[],
  options: Partial<SessionClientOptions> = {},
) {
  const run = uniqueRun('abort');
  const endpoint = await faultyEndpoint(run, steps);
  const client = new SessionClient({
    endpoint,
    accessToken: 't',
    ...options,
  } as SessionClientOptions);
  return { client, requests: () => faultyLog(run) };
}

describe('cancelling a call', () => {
  it('rejects at once with the signal reason while waiting for an answer', async () => {
    const { client } = await setUp(['hang']);
    const controller = new AbortController();

    const call = client.querySessions({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await rejects(call, isAbortError);

    equal(error.name, 'AbortError');
    ok(performance.now() - started < 1_000, 'the abort took effect at once');
  });

  it('sends nothing when the signal has already fired', async () => {
    const { client, requests } = await setUp(['ok']);

    await rejects(
      client.querySessions({}, { signal: AbortSignal.abort() }),
      isAbortError,
    );

    equal((await requests()).length, 0);
  });

  it('ends the wait between two attempts', async () => {
    const { client, requests } = await setUp(['503.ra5', 'ok']);
    const controller = new AbortController();

    const call = client.querySessions({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await rejects(call, isAbortError);

    equal((await requests()).length, 1);
  });

  it('passes a reason of the caller’s own through unchanged', async () => {
    const { client } = await setUp(['hang']);
    const reason = new Error('the dialog closed');
    const controller = new AbortController();

    const call = client.listOwnSessions({ signal: controller.signal });
    controller.abort(reason);

    let caught: unknown;
    await call.catch((error: unknown) => (caught = error));
    equal(caught, reason);
  });
});

describe('a lane', () => {
  it('cancels the older call when a newer one starts', async () => {
    const { client, requests } = await setUp(['hang', 'ok']);

    const older = client.querySessions(
      { displayName: 'B' },
      { lane: 'search' },
    );
    older.catch(() => undefined);
    while ((await requests()).length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const newer = client.querySessions(
      { displayName: 'Bo' },
      { lane: 'search' },
    );

    const error = await rejects(older, isAbortError);
    equal((await newer).results.length, 1);
    ok(/lane "search"/.test(error.message), error.message);
  });

  it('leaves calls in other lanes alone', async () => {
    const { client } = await setUp(['slow200']);

    const first = client.querySessions({}, { lane: 'left' });
    const second = client.querySessions({}, { lane: 'right' });

    equal((await first).results.length, 1);
    equal((await second).results.length, 1);
  });
});
