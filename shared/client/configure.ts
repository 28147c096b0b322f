import {
  defaultTimeouts,
  type ConnectionOptions,
  type TokenProvider,
} from './options.ts';
import {
  defaultReadRetry,
  defaultRemovalRetry,
  noRetry,
  type RetryPolicy,
} from './retry.ts';

/**
 * Checks and completes a client's options. A wrong option is a programming
 * mistake, so it throws a `TypeError` or `RangeError` naming the option
 * and the value at construction, not on the first request.
 */

export interface Settings {
  readonly token: TokenProvider | null;
  readonly credentials: RequestCredentials;
  readonly headers: Readonly<Record<string, string>>;
  readonly queryTimeout: number;
  readonly removalTimeout: number;
  readonly readRetry: RetryPolicy;
  readonly removalRetry: RetryPolicy;
  readonly fetch: typeof globalThis.fetch | undefined;
}

/** `value` as a URL, or a TypeError naming the option it was given as. */
export function absoluteUrl(option: string, value: string | URL): URL {
  try {
    return new URL(value);
  } catch {
    throw new TypeError(
      `\`${option}\` must be an absolute URL, not "${String(value)}"`,
    );
  }
}

export function endpointUrl(endpoint: string | URL): string {
  const url = absoluteUrl('endpoint', endpoint);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(
      `\`endpoint\` must be an http or https URL, not "${url.href}"`,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError(
      `\`endpoint\` must have no query or fragment, not "${url.href}"`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

export function checkTimeout(
  name: string,
  value: number | undefined,
  fallback: number,
): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `\`${name}\` must be a positive number of milliseconds, not ${value}`,
    );
  }
  return value;
}

function policy(
  name: string,
  value: Partial<RetryPolicy> | false | undefined,
  fallback: RetryPolicy,
): RetryPolicy {
  if (value === false) {
    return noRetry;
  }

  const merged = { ...fallback, ...value };
  if (!Number.isInteger(merged.attempts) || merged.attempts < 1) {
    throw new RangeError(
      `\`${name}.attempts\` must be a whole number from 1, ` +
        `not ${merged.attempts}`,
    );
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxWaitMs'] as const) {
    if (!Number.isFinite(merged[key]) || merged[key] < 0) {
      throw new RangeError(
        `\`${name}.${key}\` must be zero or more, not ${merged[key]}`,
      );
    }
  }
  return merged;
}

export function settle(options: ConnectionOptions): Settings {
  const { accessToken, tokenProvider } = options;
  if (accessToken !== undefined && tokenProvider !== undefined) {
    throw new TypeError(
      'give either `accessToken` or `tokenProvider`, not both',
    );
  }
  if (tokenProvider !== undefined && typeof tokenProvider !== 'function') {
    throw new TypeError(
      `\`tokenProvider\` must be a function, not ${typeof tokenProvider}`,
    );
  }

  const token: TokenProvider | null =
    tokenProvider ?? (accessToken === undefined ? null : () => accessToken);

  return {
    token,
    credentials: options.credentials ?? 'same-origin',
    headers: options.headers ?? {},
    queryTimeout: checkTimeout(
      'timeouts.query',
      options.timeouts?.query,
      defaultTimeouts.query,
    ),
    removalTimeout: checkTimeout(
      'timeouts.removal',
      options.timeouts?.removal,
      defaultTimeouts.removal,
    ),
    readRetry: policy('retry.reads', options.retry?.reads, defaultReadRetry),
    removalRetry: policy(
      'retry.removals',
      options.retry?.removals,
      defaultRemovalRetry,
    ),
    fetch: options.fetch,
  };
}
