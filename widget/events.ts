import type {
  RemovalReport,
  RemoveOwnSessionsInput,
  RemoveSessionsInput,
  UserSession,
} from '../shared/index.ts';

/**
 * The events `<session-manager>` fires. Each is a `CustomEvent` that
 * bubbles and crosses shadow roots; each fires for something the user did
 * or for an answer that arrived, never because the host set a property.
 */

/** One removal call the element is about to make, or has made. */
export type RemovalRequest =
  | { readonly mode: 'admin'; readonly input: RemoveSessionsInput }
  | { readonly mode: 'self'; readonly input: RemoveOwnSessionsInput };

/** Detail of `session-manager-remove-request`. */
export interface RemoveRequestDetail {
  readonly mode: 'admin' | 'self';

  /** The calls that will be made, one per session or per user. */
  readonly requests: readonly RemovalRequest[];

  /** The sessions the person chose, as they were shown. */
  readonly sessions: readonly UserSession[];

  /**
   * The reason the operator typed, or null. A listener may replace it; the
   * new reason goes with every admin request. Self-service removals carry
   * no reason.
   */
  reason: string | null;
}

/** What happened to one removal call. */
export interface RemovalOutcome {
  readonly request: RemovalRequest;

  /** The host's report; null when it answered 204 or the call failed. */
  readonly report: RemovalReport | null;

  /** The typed error of a failed call; null when it succeeded. */
  readonly error: unknown;
}

/** Detail of `session-manager-removed`. */
export interface RemovedDetail {
  readonly mode: 'admin' | 'self';
  readonly outcomes: readonly RemovalOutcome[];
}

/** Which list a page belongs to. */
export type PageView = 'sessions' | 'own-sessions' | 'removals';

/** Detail of `session-manager-load`. */
export interface LoadDetail {
  readonly view: PageView;

  /** `cache` for a stored page shown at once, `network` for a fresh one. */
  readonly source: 'cache' | 'network';

  /** How old the page is, in milliseconds; 0 for a fresh one. */
  readonly ageMs: number;

  /** How many items the page holds. */
  readonly count: number;
}

/** What the element was doing when something failed. */
export type FailedOperation = 'connect' | 'load' | 'remove' | 'export';

/** Detail of `session-manager-error`. */
export interface ErrorDetail {
  /**
   * The error, usually one of the client's typed errors: check it with the
   * guards, such as `isUnauthorizedError`, not with `instanceof`.
   */
  readonly error: unknown;
  readonly operation: FailedOperation;
}

/** Detail of `session-manager-signed-out`. */
export interface SignedOutDetail {
  /**
   * `expired`: the API refused the token (401). `everywhere`: the person
   * signed out of every session, this one included.
   */
  readonly reason: 'expired' | 'everywhere';
}

/** Detail of `session-manager-export`. */
export interface ExportDetail {
  readonly format: 'csv' | 'json';

  /** The file name the download would get. */
  readonly filename: string;

  /** The whole file. */
  readonly text: string;

  /** How many sessions it holds. */
  readonly count: number;
}

export interface SessionManagerEventMap {
  'session-manager-remove-request': CustomEvent<RemoveRequestDetail>;
  'session-manager-removed': CustomEvent<RemovedDetail>;
  'session-manager-load': CustomEvent<LoadDetail>;
  'session-manager-error': CustomEvent<ErrorDetail>;
  'session-manager-signed-out': CustomEvent<SignedOutDetail>;
  'session-manager-export': CustomEvent<ExportDetail>;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'session-manager-remove-request': CustomEvent<RemoveRequestDetail>;
    'session-manager-removed': CustomEvent<RemovedDetail>;
    'session-manager-load': CustomEvent<LoadDetail>;
    'session-manager-error': CustomEvent<ErrorDetail>;
    'session-manager-signed-out': CustomEvent<SignedOutDetail>;
    'session-manager-export': CustomEvent<ExportDetail>;
  }
}

/**
 * Fires one of the element's events from `target` and says whether it
 * went ahead: false when a listener cancelled a cancelable one.
 */
export function emit<Name extends keyof SessionManagerEventMap>(
  target: EventTarget,
  name: Name,
  detail: SessionManagerEventMap[Name]['detail'],
  cancelable = false,
): boolean {
  return target.dispatchEvent(
    new CustomEvent(name, {
      detail,
      bubbles: true,
      composed: true,
      cancelable,
    }),
  );
}
