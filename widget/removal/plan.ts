import type { RemoveSessionsInput, UserSession } from '../../shared/index.ts';

/**
 * What an admin removal will do, worked out before anything is sent: the
 * calls it makes and the consequences the dialog previews. Plain data, so
 * the rules can be read (and tested) apart from the markup.
 */

/** The chosen sessions only, or every session of their users. */
export type RemovalScope = 'sessions' | 'subjects';

export interface RemovalFlags {
  readonly removeServerSideSession: boolean;
  readonly sendBackchannelLogoutNotification: boolean;
  readonly revokeTokens: boolean;
  readonly revokeConsents: boolean;
}

/** The four flags default to on, as Duende's do. */
export const defaultFlags: RemovalFlags = {
  removeServerSideSession: true,
  sendBackchannelLogoutNotification: true,
  revokeTokens: true,
  revokeConsents: true,
};

export interface RemovalChoice {
  readonly scope: RemovalScope;
  readonly flags: RemovalFlags;

  /** The clients the flags apply to; null for every client. */
  readonly clients: readonly string[] | null;
  readonly reason: string;
}

/** A client as far as the sessions describe it. */
export interface ClientInfo {
  readonly clientId: string;
  readonly name: string;

  /** Null when the host did not say whether it can be notified. */
  readonly backchannelLogout: boolean | null;
}

/** One call of an admin removal. */
export interface PlannedCall {
  readonly key: string;
  readonly input: RemoveSessionsInput;
  readonly sessions: readonly UserSession[];
}

export function knownClients(
  sessions: readonly UserSession[],
): readonly ClientInfo[] {
  const found = new Map<string, ClientInfo>();
  for (const session of sessions) {
    const described = new Map(
      (session.clients ?? []).map((client) => [client.clientId, client]),
    );
    for (const clientId of session.clientIds) {
      const client = described.get(clientId);
      const known = found.get(clientId);
      if (!known || (known.backchannelLogout === null && client)) {
        found.set(clientId, {
          clientId,
          name: client?.displayName ?? clientId,
          backchannelLogout: client ? client.backchannelLogout : null,
        });
      }
    }
  }
  return [...found.values()];
}

export function subjectsOf(sessions: readonly UserSession[]): string[] {
  return [...new Set(sessions.map((session) => session.subjectId))];
}

/**
 * The calls to make: one per session, or one per user. A session call
 * names its subject too, so it can only ever end that user's session.
 */
export function plannedCalls(
  sessions: readonly UserSession[],
  choice: RemovalChoice,
): PlannedCall[] {
  const common: RemoveSessionsInput = {
    ...choice.flags,
    ...(choice.clients ? { clientIds: choice.clients } : {}),
    ...(choice.reason.trim() ? { reason: choice.reason.trim() } : {}),
  };

  if (choice.scope === 'sessions') {
    return sessions.map((session) => ({
      key: `session:${session.sessionId}`,
      input: {
        ...common,
        subjectId: session.subjectId,
        sessionId: session.sessionId,
      },
      sessions: [session],
    }));
  }
  return subjectsOf(sessions).map((subjectId) => ({
    key: `subject:${subjectId}`,
    input: { ...common, subjectId },
    sessions: sessions.filter((session) => session.subjectId === subjectId),
  }));
}

export interface Consequences {
  /** The IdP session ends: every client's next visit asks to sign in. */
  readonly endsIdpSession: boolean;

  /** A client subset was chosen, which does not narrow the IdP session. */
  readonly subsetIgnoredByIdpSession: boolean;

  readonly notified: readonly ClientInfo[];
  readonly notNotifiable: readonly ClientInfo[];
  readonly notifyUnknown: readonly ClientInfo[];

  /** Clients whose tokens are revoked; empty when tokens stay. */
  readonly tokensOf: readonly ClientInfo[];

  /** Tokens that outlive a session (offline refresh tokens) go too. */
  readonly lingeringTokens: boolean;

  /**
   * `revoked`: the users' consents to those clients go. `kept`: asked for,
   * but a removal by session cannot revoke a consent. `off`: not asked.
   */
  readonly consents: 'revoked' | 'kept' | 'off';
  readonly consentsOf: readonly ClientInfo[];

  /** The operator's own current session is among the targets. */
  readonly ownSession: boolean;

  /** A session of the operator's own account is among the targets. */
  readonly ownSubject: boolean;

  /** Why it cannot be confirmed yet; null when it can. */
  readonly problem: 'no-flag' | 'no-client' | 'no-effect' | null;
}

export function consequences(
  sessions: readonly UserSession[],
  choice: RemovalChoice,
  operator: { subjectId: string | null; sessionId: string | null },
): Consequences {
  const { flags, scope } = choice;
  const all = knownClients(sessions);
  const inScope = choice.clients
    ? all.filter((client) => choice.clients?.includes(client.clientId))
    : all;
  const notify = flags.sendBackchannelLogoutNotification ? inScope : [];
  const bySubject = scope === 'subjects';
  const ownSubject = sessions.some((s) => s.subjectId === operator.subjectId);
  const ownSession =
    sessions.some((s) => s.sessionId === operator.sessionId) ||
    (bySubject && ownSubject && operator.sessionId !== null);

  const consents = !flags.revokeConsents
    ? 'off'
    : bySubject
      ? 'revoked'
      : 'kept';
  const anyFlag = Object.values(flags).some(Boolean);
  const onlyConsents =
    flags.revokeConsents &&
    !flags.removeServerSideSession &&
    !flags.revokeTokens &&
    !flags.sendBackchannelLogoutNotification;

  return {
    endsIdpSession: flags.removeServerSideSession,
    subsetIgnoredByIdpSession:
      flags.removeServerSideSession && choice.clients !== null,
    notified: notify.filter((client) => client.backchannelLogout === true),
    notNotifiable: notify.filter(
      (client) => client.backchannelLogout === false,
    ),
    notifyUnknown: notify.filter((client) => client.backchannelLogout === null),
    tokensOf: flags.revokeTokens ? inScope : [],
    lingeringTokens: flags.revokeTokens && bySubject,
    consents,
    consentsOf: consents === 'revoked' ? inScope : [],
    ownSession,
    ownSubject,
    problem: !anyFlag
      ? 'no-flag'
      : choice.clients?.length === 0
        ? 'no-client'
        : onlyConsents && !bySubject
          ? 'no-effect'
          : null,
  };
}
