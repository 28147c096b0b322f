import { updateWhenLocaleChanges } from '@lit/localize';
import { LitElement, type PropertyValues, type TemplateResult } from 'lit';

import { limits, type TokenProvider } from '../shared/index.ts';
import type { SessionClientLike } from './client-like.ts';
import { Coordinator } from './coordinator.ts';
import { styles } from './styles/index.ts';

export type { AdminTab } from './coordinator.ts';
export type SessionManagerMode = 'admin' | 'self';

/**
 * A drop-in screen for finding and ending sign-in sessions: in `admin`
 * mode for operators (search, details, bulk removal with a preview of its
 * consequences, export, the removal history), in `self` mode for a signed-in
 * user's own devices. It talks to the session API only through the shared
 * client and store: pages appear from the cache at once and are then
 * brought up to date; a removal anywhere in the origin refreshes every
 * open view.
 *
 * Its strings go through Lit's localize library, which keeps one language
 * per page: the element's `lang` (or the nearest ancestor's, or the
 * document's) picks the translation for every `<session-manager>` of the
 * page, while each one formats dates and numbers in its own `lang`.
 *
 * @summary Lists and ends server-side sign-in sessions, for operators or
 * for users.
 *
 * @fires session-manager-remove-request - Before any removal; cancelable.
 * Detail: `RemoveRequestDetail` (`requests`, `sessions`, and a writable
 * `reason`). Call `preventDefault()` to stop it.
 * @fires session-manager-removed - After a removal or a retry. Detail:
 * `RemovedDetail`, with each call's report or typed error.
 * @fires session-manager-load - A page arrived. Detail: `LoadDetail`
 * (`view`, `source` of `cache` or `network`, `ageMs`, `count`).
 * @fires session-manager-error - Something failed. Detail: `ErrorDetail`
 * (`error`, the client's typed error, and `operation`).
 * @fires session-manager-signed-out - The API refused the token (401), or
 * the user signed out everywhere. Detail: `SignedOutDetail` (`reason`).
 * Sign the user in again and set a new token.
 * @fires session-manager-export - An export is ready; cancelable. Detail:
 * `ExportDetail` (`format`, `filename`, `text`, `count`). Cancel it to
 * keep the file from being downloaded.
 *
 * @slot heading - Replaces the heading ("Sessions" or "Your sessions").
 *
 * @csspart header - The heading and freshness line.
 * @csspart toolbar - The search and filter forms.
 * @csspart search-input - The search boxes.
 * @csspart results - The results table or device list.
 * @csspart pager - Previous, Next and the page summary.
 * @csspart button - Every ordinary button.
 * @csspart danger-button - Every sign-out button.
 * @csspart dialog - The removal and detail dialogs.
 * @csspart banner - The offline banner.
 * @csspart state - The loading, empty, error and signed-out messages.
 *
 * @cssprop [--session-manager-background=#ffffff] - Background (dark:
 * #16191d).
 * @cssprop [--session-manager-color=#1b1f24] - Text (dark: #e6e9ec).
 * @cssprop [--session-manager-muted-color=#57606a] - Secondary text.
 * @cssprop [--session-manager-border-color=#d0d7de] - Lines and borders.
 * @cssprop [--session-manager-surface=#f6f8fa] - Buttons and panels.
 * @cssprop [--session-manager-accent=#0b5cad] - Focus, selection, links.
 * @cssprop [--session-manager-on-accent=#ffffff] - Text on the accent.
 * @cssprop [--session-manager-danger=#b3261e] - Sign-out actions.
 * @cssprop [--session-manager-on-danger=#ffffff] - Text on danger.
 * @cssprop [--session-manager-highlight=#fff4c2] - Sessions that appeared.
 * @cssprop [--session-manager-radius=6px] - Corner radius.
 * @cssprop [--session-manager-spacing=0.75rem] - Base spacing (compact:
 * 0.5rem).
 * @cssprop [--session-manager-font=system-ui] - Font family.
 * @cssprop [--session-manager-font-size=0.9375rem] - Base font size.
 */
export class SessionManager extends LitElement {
  static override styles = styles;

  // Declared here rather than with decorators: the decorator helpers cost
  // a few hundred bytes of the element's size budget.
  static override properties = {
    endpoint: {},
    issuer: {},
    accessToken: { attribute: false },
    tokenProvider: { attribute: false },
    client: { attribute: false },
    viewer: {},
    operatorSubject: { attribute: 'operator-subject' },
    operatorSession: { attribute: 'operator-session' },
    mode: {},
    pageSize: { attribute: 'page-size', type: Number },
    compact: { type: Boolean, reflect: true },
    noCache: { attribute: 'no-cache', type: Boolean },
    poll: { type: Number },
    urlState: { attribute: 'url-state', type: Boolean },
    requireReason: { attribute: 'require-reason', type: Boolean },
    timeZone: { attribute: 'time-zone' },
    locations: { attribute: false },
    language: { attribute: 'lang' },
  };

  /**
   * The session API's base URL (the discovery document's
   * `session_management_endpoint`). Give this or `issuer`, or a `client`.
   */
  endpoint: string | null = null;

  /**
   * The IdP's issuer. Without `endpoint`, the API is found through its
   * discovery document. With `operator-subject`, it also keys the cache.
   */
  issuer: string | null = null;

  /** A bearer token for the API. It is never written to storage. */
  accessToken: string | null = null;

  /**
   * Called before every request for a current token; use it when tokens
   * refresh. Wins over `accessToken`.
   */
  tokenProvider: TokenProvider | null = null;

  /**
   * A ready client, instead of `endpoint` and a token: any object with the
   * public methods of `SessionClient`, such as a browser extension's.
   */
  client: SessionClientLike | null = null;

  /**
   * Who is looking, as a stable identity (`viewerIdentity(issuer, sub)`),
   * never a token. Cached pages are kept per viewer; without one (and
   * without `issuer` and `operator-subject`) nothing is cached.
   */
  viewer: string | null = null;

  /**
   * The subject of the person signed in to the page. In admin mode,
   * removals that touch it ask for a second confirmation.
   */
  operatorSubject: string | null = null;

  /**
   * The IdP session the operator is signed in with. Removing it signs the
   * operator out, which the dialog says and asks to confirm twice.
   */
  operatorSession: string | null = null;

  /** `admin` for every session (needs `sessions.admin`), `self` (default). */
  mode: SessionManagerMode = 'self';

  /**
   * Sessions per page, 1 to 100.
   * @default 25
   */
  pageSize: number = limits.defaultCount;

  /** A denser layout for narrow places, such as an extension's popup. */
  compact = false;

  /** Turns the page cache off: every page comes from the network. */
  noCache = false;

  /**
   * Refreshes the list every this many seconds (at least 5) while the page
   * is visible, and marks what appeared or vanished. 0 (default) is off.
   */
  poll = 0;

  /** Keeps the admin search in the page address, for links to a view. */
  urlState = false;

  /** Admin removals must give a reason, kept in the removal history. */
  requireReason = false;

  /** An IANA time zone for exact times, such as `UTC`; default: local. */
  timeZone: string | null = null;

  /**
   * Where each IP address is, as the host knows it (`{"203.0.113.7":
   * "Berlin, Germany"}`), shown beside the user's own sessions.
   */
  locations: Readonly<Record<string, string>> = {};

  /**
   * The element's language, a BCP 47 tag; without one, the nearest
   * ancestor's or the document's. Dates and numbers follow it; the strings
   * follow the best translation (English and German built in).
   */
  protected language: string | null = null;

  readonly #app = new Coordinator(this);

  constructor() {
    super();
    // Renders again when the strings' language has loaded.
    updateWhenLocaleChanges(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#app.update(changed);
  }

  protected override render(): TemplateResult {
    return this.#app.render();
  }
}
