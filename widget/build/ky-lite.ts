/**
 * The part of ky that the shared client uses, for the element's bundle
 * only. The client calls ky with retries and timeouts off (it does both
 * itself), so what it needs is small: merged headers, a query string, a
 * JSON body, `HTTPError` with the parsed error body for a status that is
 * not 2xx, and `NetworkError` for a request that never got an answer.
 * Full ky costs about 9 KB gzipped, more than a third of the element's
 * size budget; this costs well under one. The browser tests of the built
 * bundle run it against the reference IdP.
 */

interface LiteOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly searchParams?: URLSearchParams;
  readonly json?: unknown;
  readonly credentials?: RequestCredentials;
  readonly cache?: RequestCache;
  readonly fetch?: typeof globalThis.fetch;
}

export class HTTPError extends Error {
  override readonly name = 'HTTPError';
  readonly response: Response;

  /** The error body: parsed JSON, text, or undefined when there is none. */
  readonly data: unknown;

  constructor(response: Response, data: unknown) {
    super(`Request failed with status code ${response.status}`);
    this.response = response;
    this.data = data;
  }
}

export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

export const isHTTPError = (error: unknown): error is HTTPError =>
  error instanceof HTTPError;

export const isNetworkError = (error: unknown): error is NetworkError =>
  error instanceof NetworkError;

async function errorData(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    if (!text) {
      return undefined;
    }
    const type = response.headers.get('content-type') ?? '';
    return /[/+]json\b/.test(type) ? JSON.parse(text) : text;
  } catch {
    return undefined;
  }
}

function create(defaults: LiteOptions) {
  return async (url: string, options: LiteOptions = {}) => {
    const merged = { ...defaults, ...options };
    const headers = new Headers(defaults.headers);
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      headers.set(name, value);
    }
    const target = new URL(url);
    options.searchParams?.forEach((value, name) => {
      target.searchParams.append(name, value);
    });
    let body: string | undefined;
    if (merged.json !== undefined) {
      body = JSON.stringify(merged.json);
      headers.set('content-type', 'application/json');
    }

    let response: Response;
    try {
      // Absent members are undefined, which `fetch` reads as not given.
      response = await (merged.fetch ?? globalThis.fetch)(target, {
        method: merged.method ?? 'GET',
        headers,
        body,
        signal: merged.signal,
        credentials: merged.credentials,
        cache: merged.cache,
      } as RequestInit);
    } catch (error) {
      // An abort is passed on as it is; anything else fetch throws means
      // no answer came.
      if (merged.signal?.aborted) {
        throw merged.signal.reason;
      }
      throw new NetworkError(`${merged.method ?? 'GET'} ${target.href}`, {
        cause: error,
      });
    }

    if (!response.ok) {
      throw new HTTPError(response, await errorData(response));
    }
    return response;
  };
}

export default { create };
