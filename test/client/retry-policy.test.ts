import {
  parseRetryAfter,
  retryDelay,
  type RetryPolicy,
} from '../../shared/client/retry.ts';
import {
  SessionHttpError,
  SessionNetworkError,
} from '../../shared/client/index.ts';
import { equal } from '../support/wtr-assert.ts';

// The retry rules on their own, where each case can be stated exactly.
// The suites against the faulty server show the same rules end to end.

const now = Date.parse('2026-12-03T09:00:00Z');
const request = { method: 'GET', url: 'https://idp.test/sessions' };
const policy: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  maxWaitMs: 5_000,
};
const noJitter = () => 1;

function status(code: number, retryAfterMs: number | null = null) {
  return new SessionHttpError(request, {
    status: code,
    problem: null,
    headers: new Headers(),
    retryAfterMs,
    receivedAt: now,
  });
}

describe('parseRetryAfter', () => {
  it('reads delay seconds', () => {
    equal(parseRetryAfter('120', now), 120_000);
    equal(parseRetryAfter(' 0 ', now), 0);
  });

  it('reads an HTTP date, and a past one as now', () => {
    equal(parseRetryAfter('Thu, 03 Dec 2026 09:00:30 GMT', now), 30_000);
    equal(parseRetryAfter('Thu, 03 Dec 2026 08:00:00 GMT', now), 0);
  });

  it('ignores what is neither', () => {
    equal(parseRetryAfter('1.5', now), null);
    equal(parseRetryAfter('soon', now), null);
    equal(parseRetryAfter('2026-12-03T09:00:30Z', now), null);
    equal(parseRetryAfter(null, now), null);
  });
});

describe('retryDelay', () => {
  it('backs off exponentially, capped', () => {
    const failure = new SessionNetworkError(request, false, 'refused');
    const long = { ...policy, attempts: 10 };

    equal(retryDelay('read', long, failure, 1, 0, noJitter), 100);
    equal(retryDelay('read', long, failure, 2, 0, noJitter), 200);
    equal(retryDelay('read', long, failure, 5, 0, noJitter), 1_000);
  });

  it('keeps at least half the backoff whatever the jitter', () => {
    const failure = new SessionNetworkError(request, false, 'refused');

    equal(
      retryDelay('read', policy, failure, 1, 0, () => 0),
      50,
    );
  });

  it('takes the server’s Retry-After over the backoff', () => {
    equal(retryDelay('read', policy, status(503, 2_500), 1, 0), 2_500);
  });

  it('stops after the last attempt and beyond the total wait', () => {
    equal(retryDelay('read', policy, status(500), 3, 0), null);
    equal(retryDelay('read', policy, status(503, 4_000), 1, 1_500), null);
  });

  it('retries reads on 429 and 5xx but not on 501 or 4xx', () => {
    equal(retryDelay('read', policy, status(429), 1, 0, noJitter), 100);
    equal(retryDelay('read', policy, status(504), 1, 0, noJitter), 100);
    equal(retryDelay('read', policy, status(501), 1, 0), null);
    equal(retryDelay('read', policy, status(409), 1, 0), null);
  });

  it('retries removals only before any answer', () => {
    const before = new SessionNetworkError(request, false, 'refused');
    const during = new SessionNetworkError(request, true, 'reset');

    equal(retryDelay('removal', policy, before, 1, 0, noJitter), 100);
    equal(retryDelay('removal', policy, during, 1, 0), null);
    equal(retryDelay('removal', policy, status(503, 0), 1, 0), null);
  });

  it('never retries what is not a transport failure', () => {
    equal(retryDelay('read', policy, new TypeError('bug'), 1, 0), null);
  });
});
