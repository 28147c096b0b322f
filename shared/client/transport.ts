import { isHTTPError, isNetworkError, type KyInstance } from 'ky';
import * as v from 'valibot';

import { problemSchema, type ProblemJson } from '../contract/index.ts';
import {
  SessionNetworkError,
  SessionTimeoutError,
  type RequestSummary,
} from './errors.ts';
import { errorForAnswer } from './http-errors.ts';
import { parseRetryAfter } from './retry.ts';

/**
 * One attempt of one request: a single deadline that covers connecting,
 * the headers and the whole body, and every failure turned into the
 * client's typed errors. Retrying is the caller's business.
 */

export interface RequestSpec {
  readonly method: 'GET' | 'POST';

  /** Absolute URL without the query string. */
  readonly url: string;

  readonly search?: URLSearchParams;
  readonly json?: unknown;
}

/** A complete 2xx answer. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export interface AttemptContext {
  readonly api: KyInstance;
  readonly headers: Readonly<Record<string, string>>;

  /** The caller's signal: when it aborts, its reason is what is thrown. */
  readonly signal: AbortSignal;

  readonly timeoutMs: number;
  readonly now: () => number;
}

export function summarise(spec: RequestSpec): RequestSummary {
  const query = spec.search?.toString() ?? '';
  return {
    method: spec.method,
    url: query === '' ? spec.url : `${spec.url}?${query}`,
  };
}

export async function attempt(
  spec: RequestSpec,
  context: AttemptContext,
): Promise<Answer> {
  const request = summarise(spec);
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new DOMException('deadline passed', 'TimeoutError')),
    context.timeoutMs,
  );
  const signal = AbortSignal.any([context.signal, deadline.signal]);

  const fail = (error: unknown, answerStarted: boolean): unknown =>
    classify(error, answerStarted, request, context, deadline.signal);

  try {
    let response: Response;
    try {
      response = await context.api(spec.url, {
        method: spec.method,
        headers: context.headers,
        signal,
        ...(spec.search ? { searchParams: spec.search } : {}),
        ...(spec.json === undefined ? {} : { json: spec.json }),
      });
    } catch (error) {
      throw fail(error, false);
    }

    try {
      const text = await response.text();
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      throw fail(error, true);
    }
  } finally {
    clearTimeout(timer);
  }
}

function classify(
  error: unknown,
  answerStarted: boolean,
  request: RequestSummary,
  context: AttemptContext,
  deadline: AbortSignal,
): unknown {
  if (context.signal.aborted) {
    return context.signal.reason;
  }

  if (isHTTPError(error)) {
    return errorForAnswer(request, {
      status: error.response.status,
      headers: error.response.headers,
      problem: readProblem(error.data),
      retryAfterMs: parseRetryAfter(
        error.response.headers.get('retry-after'),
        context.now(),
      ),
      receivedAt: context.now(),
    });
  }

  if (deadline.aborted) {
    return new SessionTimeoutError(request, context.timeoutMs, error);
  }

  // A body cut off mid-way surfaces as the browser's own TypeError, which
  // ky does not wrap: once the status line is in, any TypeError is the
  // connection failing.
  if (isNetworkError(error)) {
    return new SessionNetworkError(request, false, error.cause ?? error);
  }
  if (answerStarted && error instanceof Error && error.name === 'TypeError') {
    return new SessionNetworkError(request, true, error);
  }
  return error;
}

function readProblem(data: unknown): ProblemJson | null {
  if (typeof data !== 'object' || data === null) {
    return null;
  }

  const result = v.safeParse(problemSchema, data);
  return result.success ? result.output : null;
}
