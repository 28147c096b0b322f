import {
  SessionClient,
  type CallOptions,
  type RemovalReport,
  type RemoveOwnSessionsInput,
  type RemoveSessionsInput,
} from '../../shared/index.ts';
import type { Account } from '../auth/account.ts';
import { ask, WorkerUnreachableError } from '../messages/ask.ts';
import { reviveError } from '../messages/errors.ts';
import type { Message } from '../messages/protocol.ts';
import { finishedOperation } from '../removals/log.ts';

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
      handOver({ mode: 'admin', input }),
    removeOwnSessions: (
      input: RemoveOwnSessionsInput,
      _options?: CallOptions,
    ) => handOver({ mode: 'self', input }),
  };
}

type Removal =
  | { mode: 'admin'; input: RemoveSessionsInput }
  | { mode: 'self'; input: RemoveOwnSessionsInput };

/**
 * Hands a removal to the worker. If the worker stops before it answers,
 * the removal is in its log and the next worker finishes it; the page then
 * waits for the outcome there. A removal the log never got is sent once
 * more, under the same id.
 */
async function handOver(removal: Removal): Promise<RemovalReport | null> {
  const message: Message<'remove'> = {
    type: 'remove',
    id: crypto.randomUUID(),
    ...removal,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await ask(message);
    } catch (error) {
      if (!(error instanceof WorkerUnreachableError)) {
        throw error;
      }
      const logged = await finishedOperation(message.id);
      if (logged?.error) {
        throw reviveError(logged.error);
      }
      if (logged) {
        return logged.report;
      }
      if (attempt === 2) {
        throw error;
      }
    }
  }
}
