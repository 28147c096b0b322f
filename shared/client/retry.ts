import { isSessionHttpError, isSessionNetworkError } from './guards.ts';

/**
 * When a failed attempt is worth another. Reads are safe to repeat, so they
 * retry on network failures, 429 and 5xx. Removals are idempotent by
 * contract, yet a removal the server has answered is never sent again: the
 * answer, even an error, is the outcome. Only a connection that failed
 * before any answer is retried.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included; 1 means no retry. */
  readonly attempts: number;

  /** Delay before the first retry; it doubles with each further retry. */
  readonly baseDelayMs: number;

  /** Longest delay between two attempts when the server names none. */
  readonly maxDelayMs: number;

  /**
   * Longest total time spent waiting between attempts. A `Retry-After`
   * that would go past it ends the retries at once, and the error carries
   * the server's time so the caller can say when to try again.
   */
  readonly maxWaitMs: number;
}

export const defaultReadRetry: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 300,
  maxDelayMs: 3_000,
  maxWaitMs: 10_000,
};

export const defaultRemovalRetry: RetryPolicy = {
  attempts: 2,
  baseDelayMs: 500,
  maxDelayMs: 2_000,
  maxWaitMs: 5_000,
};

export const noRetry: RetryPolicy = {
  attempts: 1,
  baseDelayMs: 0,
  maxDelayMs: 0,
  maxWaitMs: 0,
};

export type RequestKind = 'read' | 'removal';

/** Statuses a read retries: overload and transient server failures. */
function isTransientStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/**
 * The delay before the next attempt, or null to give up and throw `error`.
 * `attempt` is the number of the attempt that just failed, from 1;
 * `waitedMs` is what earlier retries already waited.
 */
export function retryDelay(
  kind: RequestKind,
  policy: RetryPolicy,
  error: unknown,
  attempt: number,
  waitedMs: number,
  random: () => number = Math.random,
): number | null {
  if (attempt >= policy.attempts) {
    return null;
  }

  const backoff = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** (attempt - 1),
  );
  // Half fixed, half random: spreads clients that failed together without
  // ever retrying at once.
  const jittered = backoff / 2 + (random() * backoff) / 2;

  let delay: number | null = null;
  if (isSessionNetworkError(error)) {
    delay = kind === 'read' || !error.answerStarted ? jittered : null;
  } else if (
    kind === 'read' &&
    isSessionHttpError(error) &&
    isTransientStatus(error.status)
  ) {
    delay = error.retryAfterMs ?? jittered;
  }

  if (delay === null || waitedMs + delay > policy.maxWaitMs) {
    return null;
  }
  return delay;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }

    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The one HTTP date format senders must use (RFC 9110, IMF-fixdate). */
const httpDate = new RegExp(
  '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} ' +
    '\\d{2}:\\d{2}:\\d{2} GMT$',
);

/**
 * Reads `Retry-After`: delay seconds, or an HTTP date. Null when absent or
 * unreadable; a date in the past means "now".
 */
export function parseRetryAfter(
  value: string | null,
  now: number,
): number | null {
  if (value === null) {
    return null;
  }

  const text = value.trim();
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }

  const at = httpDate.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Runs `run` until it succeeds, or until `retryDelay` says to give up, in
 * which case the last error is thrown. Aborting `signal` ends the waiting
 * at once.
 */
export async function withRetries<Output>(
  kind: RequestKind,
  policy: RetryPolicy,
  signal: AbortSignal,
  run: () => Promise<Output>,
): Promise<Output> {
  let waited = 0;
  for (let number = 1; ; number += 1) {
    signal.throwIfAborted();
    try {
      return await run();
    } catch (error) {
      const delay = retryDelay(kind, policy, error, number, waited);
      if (delay === null) {
        throw error;
      }
      waited += delay;
      await sleep(delay, signal);
    }
  }
}
