import type { MatchMode } from '../contract/index.ts';

/**
 * The shapes the client hands to its callers. They follow the contract's
 * JSON, with times as `Date`s, absent optional parts as null, and the
 * paging token opaque.
 */

declare const resultsTokenBrand: unique symbol;

/**
 * The server's paging cursor. It is opaque: its format differs between
 * hosts, so the only thing to do with one is to pass it back unchanged. The
 * brand stops a plain string, or a page number, from being passed by
 * mistake.
 */
export type ResultsToken = string & { readonly [resultsTokenBrand]: true };

/** A relying party the session has signed in to, as the host describes it. */
export interface SignedInClient {
  readonly clientId: string;
  readonly displayName: string | null;

  /** Whether a removal can notify this client over back-channel logout. */
  readonly backchannelLogout: boolean;
}

/** How and from where a session began; each part null when unknown. */
export interface SessionDetails {
  readonly identityProvider: string | null;
  readonly authenticationMethods: readonly string[] | null;
  readonly authTime: Date | null;
  readonly userAgent: string | null;
  readonly ipAddress: string | null;

  /** Other non-secret properties the host chose to show. */
  readonly properties: Readonly<Record<string, string>>;
}

/** One server-side session. */
export interface UserSession {
  readonly subjectId: string;
  readonly sessionId: string;
  readonly displayName: string | null;
  readonly created: Date;

  /** When the session was last renewed: not the same as last active. */
  readonly renewed: Date;

  /** Null for a session that never expires. */
  readonly expires: Date | null;

  readonly issuer: string | null;
  readonly clientIds: readonly string[];

  /** The clients described, or null when the host gave only their ids. */
  readonly clients: readonly SignedInClient[] | null;

  readonly details: SessionDetails;
}

/** A session in the caller's own list. */
export interface OwnSession extends UserSession {
  /** True for the session the caller's token was issued in. */
  readonly current: boolean;
}

/**
 * One page of a paged query. The three counts are null when the host
 * cannot count; `resultsToken` is null on an empty page.
 */
export interface QueryResult<Item> {
  readonly resultsToken: ResultsToken | null;
  readonly hasPrevResults: boolean;
  readonly hasNextResults: boolean;
  readonly totalCount: number | null;
  readonly totalPages: number | null;
  readonly currentPage: number | null;
  readonly results: readonly Item[];
}

/** What happened to one back-channel logout notification. */
export interface BackchannelDelivery {
  readonly clientId: string;
  readonly sessionId: string;
  readonly status: 'delivered' | 'failed';

  /** The receiver's status code, or null when no answer came. */
  readonly httpStatus: number | null;

  /** Why the delivery failed, in words; null when it was delivered. */
  readonly error: string | null;

  readonly durationMs: number;
}

/** One session a removal ended. */
export interface RemovedSession {
  /** Null for a session whose sign-in never finished. */
  readonly subjectId: string | null;
  readonly sessionId: string;
}

/** What a removal did. */
export interface RemovalReport {
  readonly removalId: string;
  readonly sessionsMatched: number;
  readonly sessionsRemoved: number;
  readonly tokensRevoked: number;
  readonly consentsRevoked: number;
  readonly backchannel: readonly BackchannelDelivery[];

  /**
   * The sessions ended, at most `limits.removedSessions`; null when the
   * host did not list them (one older than the list, or a history entry
   * recorded before it).
   */
  readonly removed: readonly RemovedSession[] | null;

  /** True when more sessions ended than `removed` lists. */
  readonly removedTruncated: boolean;
}

/** Who asked for a removal. */
export interface RemovalActor {
  /** Null when a service removed sessions with its own credentials. */
  readonly subjectId: string | null;
  readonly displayName: string | null;
  readonly clientId: string;
}

/** One entry of the removal history. */
export interface RemovalRecord {
  readonly removalId: string;
  readonly at: Date;
  readonly mode: 'admin' | 'self';
  readonly actor: RemovalActor;
  /** What was asked for; a self-service removal lists its sessions. */
  readonly request: {
    readonly subjectId: string | null;
    readonly sessionIds: readonly string[] | null;
    readonly clientIds: readonly string[] | null;
    readonly removeServerSideSession: boolean;
    readonly sendBackchannelLogoutNotification: boolean;
    readonly revokeTokens: boolean;
    readonly revokeConsents: boolean;
  };
  readonly reason: string | null;
  readonly report: RemovalReport;
}

/**
 * An admin query. Empty strings count as "no filter", so a search box can
 * be passed as it is. `match` defaults to `contains`, a substring match;
 * use `exact` whenever the result decides what someone may see or remove.
 */
export interface SessionQuery {
  readonly subjectId?: string;
  readonly sessionId?: string;
  readonly displayName?: string;

  /**
   * Only sessions signed in to this client, compared whole whatever
   * `match` says. Hosts built on Duende's `SessionQuery` have no client
   * filter and answer a `SessionHttpError` with status 400 whose `errors`
   * name `clientId`; filter the pages by `clientIds` then instead.
   */
  readonly clientId?: string;

  readonly match?: MatchMode;

  /** The token of the page to move on from; null or absent for page one. */
  readonly resultsToken?: ResultsToken | null;

  /** With a token: the page before it instead of the page after. */
  readonly requestPriorResults?: boolean;

  /** Page size, 1 to 100; the server's default is 25. */
  readonly countRequested?: number;
}

/** A query of the removal history. */
export interface RemovalQuery {
  readonly subjectId?: string;
  readonly resultsToken?: ResultsToken | null;
  readonly requestPriorResults?: boolean;
  readonly countRequested?: number;
}

/**
 * An admin removal. Name a subject, a session, or both. The four flags
 * default to true, as Duende's do; `clientIds` limits notification and
 * revocation to those clients (absent or null: every client).
 */
export interface RemoveSessionsInput {
  readonly subjectId?: string;
  readonly sessionId?: string;
  readonly clientIds?: readonly string[] | null;
  readonly removeServerSideSession?: boolean;
  readonly sendBackchannelLogoutNotification?: boolean;
  readonly revokeTokens?: boolean;
  readonly revokeConsents?: boolean;

  /** Free text for the removal history. */
  readonly reason?: string;
}

/**
 * A self-service removal: one of the caller's sessions, every other one,
 * or all of them including the one in use.
 */
export type RemoveOwnSessionsInput =
  | { readonly target: 'session'; readonly sessionId: string }
  | { readonly target: 'others' }
  | { readonly target: 'all' };
