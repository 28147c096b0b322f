import type { ReactiveControllerHost } from 'lit';

import type { SessionStore } from '../shared/index.ts';
import type { DetailHost } from './admin/detail.ts';
import type { ExportHost } from './admin/export.ts';
import type { SessionsView } from './admin/sessions-view.ts';
import type { FailedOperation, LoadDetail } from './events.ts';
import type { Formats } from './i18n/format.ts';
import type { RemovalHost } from './removal/dialog.ts';

/**
 * What the element offers the views it is made of. Views keep their own
 * state and ask the host for the store, the formats and the events, so
 * none of them needs to know the others.
 */
export interface ViewHost extends ReactiveControllerHost {
  /** Null while the element is not connected to a session API. */
  readonly store: SessionStore | null;
  readonly formats: Formats;
  /** The page size the lists ask for. */
  readonly countRequested: number;

  /** True when the browser says it is offline: actions wait. */
  readonly offline: boolean;

  /** The operator, as the host described them. */
  readonly operator: {
    readonly subjectId: string | null;
    readonly sessionId: string | null;
  };

  /** Fires `session-manager-load`. */
  loaded(detail: LoadDetail): void;

  /**
   * Reports a failure: fires `session-manager-error` and, for a refused
   * token or a host without server-side sessions, switches the whole
   * element to that state. Returns true when it did.
   */
  failed(error: unknown, operation: FailedOperation): boolean;
}

/** What the chunks loaded later need from the element's coordinator. */
export interface FeatureLink {
  readonly element: HTMLElement;
  readonly host: RemovalHost & ExportHost & DetailHost;
  readonly sessions: SessionsView;
  readonly store: SessionStore | null;

  /** Loads the page on show again, marking what changed. */
  reload(): void;

  /** The user signed out of every session, this one too. */
  signedOutEverywhere(): void;
}
