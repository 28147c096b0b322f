import {
  SessionClient,
  type CallOptions,
  type RemovalReport,
  type RemoveOwnSessionsInput,
  type RemoveSessionsInput,
} from '../../shared/index.ts';
import type { Account } from '../auth/account.ts';
import { ask } from '../messages/ask.ts';

/** The public methods of `SessionClient`, which the element calls. */
export type SessionClientMethods = Pick<
  SessionClient,
  | 'endpoint'
  | 'querySessions'
  | 'listOwnSessions'
  | 'queryRemovals'
  | 'removeSessions'
  | 'removeOwnSessions'
>;

/**
 * The client an extension page hands to `<session-manager>`. Reads go
 * straight to the session API from the page, with tokens the service
 * worker supplies (and refreshes). Removals are handed to the service
 * worker, which keeps them going after the popup closes; once handed
 * over, a removal is not cancelled by the page's signal, because closing
 * the popup must not undo a confirmed removal.
 */
export function pageClient(account: Account): SessionClientMethods {
  const client = new SessionClient({
    endpoint: account.endpoint,
    tokenProvider: () => ask({ type: 'access-token' }),
  });

  return {
    endpoint: client.endpoint,
    querySessions: (query, options) => client.querySessions(query, options),
    listOwnSessions: (options) => client.listOwnSessions(options),
    queryRemovals: (query, options) => client.queryRemovals(query, options),
    removeSessions: (input: RemoveSessionsInput, _options?: CallOptions) =>
      handOver({ type: 'remove', mode: 'admin', input }),
    removeOwnSessions: (
      input: RemoveOwnSessionsInput,
      _options?: CallOptions,
    ) => handOver({ type: 'remove', mode: 'self', input }),
  };
}

function handOver(
  message: Parameters<typeof ask<'remove'>>[0],
): Promise<RemovalReport | null> {
  return ask(message);
}
