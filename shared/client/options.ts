import type { RetryPolicy } from './retry.ts';

/**
 * Supplies the access token for one request. It is called before every
 * attempt, retries included, so a host whose tokens refresh keeps working
 * without telling the client. Returning null or an empty string sends no
 * `Authorization` header (for cookie-based setups). The time it takes is
 * not part of the request's timeout; the signal tells it when to give up.
 */
export type TokenProvider = (context: {
  /** Aborts when the call it is for is cancelled. */
  readonly signal: AbortSignal;
}) => string | null | undefined | PromiseLike<string | null | undefined>;

/** How the client authenticates: one token, a provider, or neither. */
export type TokenOptions =
  | {
      /** A fixed bearer token, for a short-lived client. */
      readonly accessToken: string;
      readonly tokenProvider?: never;
    }
  | {
      readonly tokenProvider: TokenProvider;
      readonly accessToken?: never;
    }
  | {
      readonly accessToken?: never;
      readonly tokenProvider?: never;
    };

/** Timeouts in milliseconds, each covering one attempt from start to end. */
export interface Timeouts {
  /** Every read: queries, the own-session list, the history, discovery. */
  readonly query?: number;

  /**
   * Removals. They take longer: the host notifies every client over
   * back-channel logout before it answers.
   */
  readonly removal?: number;
}

/** Retry policies; `false` turns retries off for that kind of request. */
export interface RetryOptions {
  readonly reads?: Partial<RetryPolicy> | false;
  readonly removals?: Partial<RetryPolicy> | false;
}

/** Everything but the endpoint; shared by the constructor and discovery. */
export type ConnectionOptions = TokenOptions & {
  /**
   * Whether cookies go with each request. `include` is for a host behind a
   * backend-for-frontend that authenticates with its own cookie; the
   * default, `same-origin`, sends them only to the page's own origin.
   */
  readonly credentials?: RequestCredentials;

  /**
   * Extra headers on every request, such as the `X-CSRF: 1` Duende's BFF
   * requires. An `Authorization` header here is replaced by the token.
   */
  readonly headers?: Readonly<Record<string, string>>;

  readonly timeouts?: Timeouts;
  readonly retry?: RetryOptions;

  /** A `fetch` to use instead of the global one (a service worker's own). */
  readonly fetch?: typeof globalThis.fetch;
};

export type SessionClientOptions = ConnectionOptions & {
  /**
   * The session API's base URL: the `session_management_endpoint` of the
   * host's discovery document. `SessionClient.discover` finds it.
   */
  readonly endpoint: string | URL;
};

/** Options every call takes. */
export interface CallOptions {
  /** Cancels the call; it then rejects with the signal's reason. */
  readonly signal?: AbortSignal;

  /**
   * Calls in the same lane replace one another: starting one aborts the
   * one still running, which rejects with an `AbortError`.
   */
  readonly lane?: string;

  /** Overrides the client's timeout for this call, in milliseconds. */
  readonly timeout?: number;
}

export const defaultTimeouts: Required<Timeouts> = {
  query: 10_000,
  removal: 60_000,
};
