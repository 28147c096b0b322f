import type { FieldError } from '../contract/index.ts';
import { brand, errorNames, type SessionErrorKind } from './brand.ts';

/** The request an error happened on, without headers or body. */
export interface RequestSummary {
  readonly method: string;
  readonly url: string;
}

/** The base of every error the session client throws. */
export class SessionApiError extends Error {
  declare readonly [brand]: readonly SessionErrorKind[];

  /** The most specific kind, for a `switch`. */
  readonly kind: SessionErrorKind;

  /** The request that failed, or null when none was sent. */
  readonly request: RequestSummary | null;

  constructor(
    message: string,
    kinds: readonly SessionErrorKind[],
    request: RequestSummary | null,
    options?: ErrorOptions,
  ) {
    super(message, options);

    const all: SessionErrorKind[] = ['session-api', ...kinds];
    Object.defineProperty(this, brand, { value: Object.freeze(all) });
    this.kind = all[all.length - 1] ?? 'session-api';
    this.name = errorNames[this.kind];
    this.request = request;
  }
}

/**
 * A request the client refused to send because the contract would refuse
 * it: a removal that names nobody, a filter longer than the limit, a page
 * size out of range. `errors` has the shape of a 400 problem's, so a form
 * shows both the same way.
 */
export class InvalidInputError extends SessionApiError {
  readonly errors: readonly FieldError[];

  constructor(what: string, errors: readonly FieldError[]) {
    const first = errors[0];
    super(
      `${what} is not valid: ` +
        (first ? `${first.field} ${first.message}` : 'unknown problem') +
        (errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''),
      ['invalid-input'],
      null,
    );
    this.errors = errors;
  }
}

/** No complete answer arrived within the call's timeout. */
export class SessionTimeoutError extends SessionApiError {
  readonly timeoutMs: number;

  constructor(request: RequestSummary, timeoutMs: number, cause: unknown) {
    super(
      `${request.method} ${request.url} gave no complete answer ` +
        `within ${timeoutMs} ms`,
      ['timeout'],
      request,
      { cause },
    );
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The connection failed: refused, dropped, blocked by CORS, or offline.
 * `answerStarted` is true when the status line had arrived and the body was
 * cut off: for a removal, that means it may well have happened. `sent` is
 * false when the request never left because the client could not load the
 * code that sends it (a bundle that fetches its removal code as a file of
 * its own, and lost the connection to wherever that file lives): nothing
 * happened, and the server may be perfectly reachable.
 */
export class SessionNetworkError extends SessionApiError {
  readonly answerStarted: boolean;
  readonly sent: boolean;

  constructor(
    request: RequestSummary,
    answerStarted: boolean,
    cause: unknown,
    sent = true,
  ) {
    const when = !sent
      ? 'was not sent: its code could not be loaded'
      : answerStarted
        ? 'failed while its answer was arriving'
        : 'failed before any answer arrived';
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `${request.method} ${request.url} ${when}: ${reason}`,
      ['network'],
      request,
      { cause },
    );
    this.answerStarted = answerStarted;
    this.sent = sent;
  }
}

/** One way a response body broke the contract. */
export interface ResponseIssue {
  /** Dotted path such as `results.0.created`; empty for the whole body. */
  readonly path: string;
  readonly message: string;

  /** What was found there, as text: `"yesterday"`, `undefined`. */
  readonly received: string;
}

/**
 * A 2xx answer the contract does not allow: not JSON, a missing field, a
 * wrong type, a date that is not a date. The message names the first field
 * and what was wrong with it; `issues` lists them all.
 */
export class InvalidResponseError extends SessionApiError {
  readonly status: number;
  readonly issues: readonly ResponseIssue[];

  /** The first issue's path, for the common case of one. */
  readonly path: string;

  constructor(
    request: RequestSummary,
    status: number,
    issues: readonly ResponseIssue[],
    options?: ErrorOptions,
  ) {
    const first = issues[0] ?? {
      path: '',
      message: 'is not valid',
      received: 'unknown',
    };
    const where = first.path === '' ? 'the body' : first.path;
    const more = issues.length > 1 ? ` and ${issues.length - 1} more` : '';
    super(
      `${request.method} ${request.url} answered ${status} with a body ` +
        `that breaks the contract: ${where} ${first.message} ` +
        `(got ${first.received})${more}`,
      ['invalid-response'],
      request,
      options,
    );
    this.status = status;
    this.issues = issues;
    this.path = first.path;
  }
}
