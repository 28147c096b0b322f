import ky, { type KyInstance } from 'ky';

import { readAnswer } from './answers.ts';
import {
  checkTimeout,
  endpointUrl,
  settle,
  type Settings,
} from './configure.ts';
import { discover } from './discovery.ts';
import { SessionNetworkError } from './errors.ts';
import { Lanes } from './lanes.ts';
import { loadRemovalWire, type RemovalWire } from './load-removal-wire.ts';
import type {
  OwnSession,
  QueryResult,
  RemovalQuery,
  RemovalRecord,
  RemovalReport,
  RemoveOwnSessionsInput,
  RemoveSessionsInput,
  SessionQuery,
  UserSession,
} from './model.ts';
import type {
  CallOptions,
  ConnectionOptions,
  SessionClientOptions,
} from './options.ts';
import {
  ownSessionListParser,
  sessionPageParser,
  type ResponseParser,
} from './parsers.ts';
import {
  removalQueryParams,
  sessionQueryParams,
  toSearchParams,
} from './requests.ts';
import { withRetries, type RequestKind } from './retry.ts';
import {
  attempt,
  summarise,
  type Answer,
  type RequestSpec,
} from './transport.ts';

/**
 * The typed client of the session API. Every answer is checked against the
 * contract before it is returned; every failure is one of the client's
 * typed errors; reads are retried when that is safe; every call can be
 * cancelled. The client prints nothing and keeps no state between calls
 * beyond the lanes of calls still running.
 */
export class SessionClient {
  /**
   * Finds the session API through the issuer's OpenID discovery document
   * (`session_management_endpoint`) and returns a client for it.
   */
  static discover(
    issuer: string | URL,
    options: ConnectionOptions & { readonly signal?: AbortSignal } = {},
  ): Promise<SessionClient> {
    const { signal: _signal, ...connection } = options;
    return discover(issuer, options, (endpoint) => {
      return new SessionClient({ ...connection, endpoint });
    });
  }

  /** The API's base URL, without a trailing slash. */
  readonly endpoint: string;

  readonly #settings: Settings;
  readonly #api: KyInstance;
  readonly #lanes = new Lanes();

  constructor(options: SessionClientOptions) {
    this.endpoint = endpointUrl(options.endpoint);
    this.#settings = settle(options);
    this.#api = createApi(this.#settings);
  }

  /** One page of every session the query matches. Needs `sessions.admin`. */
  async querySessions(
    query: SessionQuery = {},
    options: CallOptions = {},
  ): Promise<QueryResult<UserSession>> {
    const params = sessionQueryParams(query);
    return this.#read('', toSearchParams(params), sessionPageParser, options);
  }

  /**
   * Ends the sessions the request names and reports what happened; null
   * when the host answers 204 without a report, as Duende's own does.
   */
  async removeSessions(
    request: RemoveSessionsInput,
    options: CallOptions = {},
  ): Promise<RemovalReport | null> {
    return this.#remove(
      '/remove',
      (wire) => wire.removeSessionsBody(request),
      options,
    );
  }

  /** The caller's own sessions, the current one first. */
  async listOwnSessions(
    options: CallOptions = {},
  ): Promise<readonly OwnSession[]> {
    return this.#read('/self', undefined, ownSessionListParser, options);
  }

  /** Ends one, the other, or all of the caller's own sessions. */
  async removeOwnSessions(
    request: RemoveOwnSessionsInput,
    options: CallOptions = {},
  ): Promise<RemovalReport | null> {
    return this.#remove(
      '/self/remove',
      (wire) => wire.removeOwnSessionsBody(request),
      options,
    );
  }

  /** One page of the removal history, newest first. */
  async queryRemovals(
    query: RemovalQuery = {},
    options: CallOptions = {},
  ): Promise<QueryResult<RemovalRecord>> {
    const params = removalQueryParams(query);
    const path = '/removals';
    const wire = await wireFor({ method: 'GET', url: this.endpoint + path });
    return this.#read(
      path,
      toSearchParams(params),
      wire.removalPageParser,
      options,
    );
  }

  #read<Output>(
    path: string,
    search: URLSearchParams | undefined,
    parser: ResponseParser<Output>,
    options: CallOptions,
  ): Promise<Output> {
    const spec: RequestSpec = {
      method: 'GET',
      url: this.endpoint + path,
      ...(search ? { search } : {}),
    };
    return this.#call('read', spec, options, (answer) =>
      readAnswer(summarise(spec), answer, parser),
    );
  }

  async #remove(
    path: string,
    body: (wire: RemovalWire) => unknown,
    options: CallOptions,
  ): Promise<RemovalReport | null> {
    const url = this.endpoint + path;
    const wire = await wireFor({ method: 'POST', url });
    const spec: RequestSpec = { method: 'POST', url, json: body(wire) };
    return this.#call('removal', spec, options, (answer) =>
      answer.status === 204
        ? null
        : readAnswer(summarise(spec), answer, wire.removalReportParser),
    );
  }

  async #call<Output>(
    kind: RequestKind,
    spec: RequestSpec,
    options: CallOptions,
    read: (answer: Answer) => Output,
  ): Promise<Output> {
    const settings = this.#settings;
    const timeoutMs = checkTimeout(
      'timeout',
      options.timeout,
      kind === 'read' ? settings.queryTimeout : settings.removalTimeout,
    );
    const policy = kind === 'read' ? settings.readRetry : settings.removalRetry;
    const lane =
      options.lane === undefined ? null : this.#lanes.enter(options.lane);
    const signal = combine(options.signal, lane?.signal);

    try {
      return await withRetries(kind, policy, signal, async () => {
        const headers = await this.#headers(signal);
        const context = { api: this.#api, headers, signal, timeoutMs, now };
        return read(await attempt(spec, context));
      });
    } finally {
      lane?.leave();
    }
  }

  async #headers(signal: AbortSignal): Promise<Record<string, string>> {
    const token = await this.#settings.token?.({ signal });
    signal.throwIfAborted();
    return token ? { authorization: `Bearer ${token}` } : {};
  }
}

const now = () => Date.now();

/**
 * The removal wire, or the client's network error, marked as not sent,
 * when a bundle that fetches it could not: it may be sent again.
 */
async function wireFor(request: RequestSpec): Promise<RemovalWire> {
  try {
    return await loadRemovalWire();
  } catch (error) {
    throw new SessionNetworkError(summarise(request), false, error, false);
  }
}

function combine(...signals: (AbortSignal | undefined)[]): AbortSignal {
  const present = signals.filter((signal) => signal !== undefined);
  return present.length === 0
    ? new AbortController().signal
    : AbortSignal.any(present);
}

function createApi(settings: Settings): KyInstance {
  return ky.create({
    credentials: settings.credentials,
    headers: {
      ...settings.headers,
      accept: 'application/json, application/problem+json',
    },
    // Lists must never come from the HTTP cache: a removal would seem to
    // have failed, and revalidation would show nothing new.
    cache: 'no-store',
    // Retries and the deadline are the client's own: ky's would not
    // distinguish a removal that was answered from one that never arrived.
    retry: 0,
    timeout: false,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
}
