import type { IncomingMessage, ServerResponse } from 'node:http';

import type Provider from 'oidc-provider';

import {
  ownSessionListSchema,
  problemTypes,
  removalQueryParamsSchema,
  removeOwnSessionsRequestSchema,
  removeSessionsRequestSchema,
  scopes,
  sessionQueryParamsSchema,
  type OwnSessionListJson,
  type RemovalActorJson,
  type RemoveOwnSessionsRequest,
} from '../../shared/contract/index.ts';
import type { Db } from '../database.ts';
import type { IdpOptions } from '../options.ts';
import { RemovalHistory } from '../removal-history.ts';
import {
  SessionRemoval,
  type RemovalFlags,
  type RemovalSelection,
} from '../removal.ts';
import {
  InvalidResultsTokenError,
  type SessionStore,
} from '../sessions/store.ts';
import { authenticate, type Caller } from './auth.ts';
import { applyCors } from './cors.ts';
import { readJsonBody, readQuery, sendJson, sendProblem } from './http.ts';
import { ApiProblem, invalidField, parseOrThrow } from './problem.ts';

export interface SessionApiDeps {
  provider: Provider;
  db: Db;
  store: SessionStore;
  options: IdpOptions;
  /** Signs the removal history's paging tokens. */
  secret: string;
  log?: (line: string) => void;
}

type Route = (
  req: IncomingMessage,
  url: URL,
) => Promise<{ status: number; body: unknown }>;

/**
 * What self-service removals cascade to. A user signing a device out ends
 * that session, tells its clients and revokes its tokens; their consents
 * stay, since they belong to the user and the client, not to one device.
 */
const ownRemovalFlags: RemovalFlags = {
  clientIds: null,
  removeServerSideSession: true,
  sendBackchannelLogoutNotification: true,
  revokeTokens: true,
  revokeConsents: false,
};

/**
 * The session API under `/sessions`: admin query and removal, the removal
 * history, and the caller's own sessions. Every input is checked against
 * the shared contract before anything is read or changed.
 */
export function createSessionApi(deps: SessionApiDeps) {
  const { provider, db, store } = deps;
  const log = deps.log ?? ((line: string) => console.log(line));
  const history = new RemovalHistory(db, deps.secret, log);
  const removal = new SessionRemoval(db, provider, history);
  const allowedOrigins = new Set(deps.options.origins);

  const actorFor = (caller: Caller): RemovalActorJson => ({
    subjectId: caller.subjectId,
    displayName: caller.subjectId ? displayNameOf(db, caller.subjectId) : null,
    clientId: caller.clientId,
  });

  const routes: Record<string, Partial<Record<string, Route>>> = {
    '/sessions': {
      GET: async (req, url) => {
        await authenticate(provider, req, scopes.admin);
        const params = parseOrThrow(sessionQueryParamsSchema, readQuery(url));
        return { status: 200, body: queryOrThrow(() => store.query(params)) };
      },
    },

    '/sessions/remove': {
      POST: async (req) => {
        const caller = await authenticate(provider, req, scopes.admin);
        const request = parseOrThrow(
          removeSessionsRequestSchema,
          await readJsonBody(req),
        );
        const { subjectId, sessionId, reason, ...flags } = request;
        const report = await removal.remove({
          selection: {
            ...(subjectId !== undefined ? { subjectId } : {}),
            ...(sessionId !== undefined ? { sessionIds: [sessionId] } : {}),
          },
          flags,
          actor: actorFor(caller),
          mode: 'admin',
          reason: reason ?? null,
        });
        return { status: 200, body: report };
      },
    },

    '/sessions/self': {
      GET: async (req) => {
        const caller = await authenticateSelf(provider, req);
        const body: OwnSessionListJson = {
          results: store.listOwn(
            caller.subjectId,
            caller.sessionId ?? undefined,
          ),
        };
        return { status: 200, body: parseOrThrow(ownSessionListSchema, body) };
      },
    },

    '/sessions/self/remove': {
      POST: async (req) => {
        const caller = await authenticateSelf(provider, req);
        const request = parseOrThrow(
          removeOwnSessionsRequestSchema,
          await readJsonBody(req),
        );
        const report = await removal.remove({
          selection: ownTargets(store, caller, request),
          flags: ownRemovalFlags,
          actor: actorFor(caller),
          mode: 'self',
          reason: null,
        });
        return { status: 200, body: report };
      },
    },

    '/sessions/removals': {
      GET: async (req, url) => {
        await authenticate(provider, req, scopes.admin);
        const params = parseOrThrow(removalQueryParamsSchema, readQuery(url));
        return { status: 200, body: queryOrThrow(() => history.query(params)) };
      },
    },
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    void handle(req, res);
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    applyCors(req, res, allowedOrigins);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }

    try {
      const url = new URL(req.url ?? '/', 'http://idp.invalid');
      const methods = routes[url.pathname];
      const route = methods?.[req.method ?? 'GET'];
      if (!methods) {
        throw notFound(`no route ${url.pathname}`);
      }
      if (!route) {
        throw new ApiProblem({
          status: 405,
          type: problemTypes.invalidRequest,
          title: 'Method not allowed',
          detail: `${url.pathname} answers ${Object.keys(methods).join(', ')}`,
          headers: { allow: Object.keys(methods).join(', ') },
        });
      }

      const { status, body } = await route(req, url);
      sendJson(res, status, body);
    } catch (error) {
      if (error instanceof ApiProblem) {
        sendProblem(res, error);
        return;
      }

      log(`session api error on ${req.method} ${req.url}: ${String(error)}`);
      sendProblem(
        res,
        new ApiProblem({
          status: 500,
          type: problemTypes.serverError,
          title: 'The IdP failed to answer',
          detail: 'an unexpected error happened; the IdP log has details',
        }),
      );
    }
  }
}

/** Self-service needs a user: a service's token has no sessions of its own. */
async function authenticateSelf(
  provider: Provider,
  req: IncomingMessage,
): Promise<Caller & { subjectId: string }> {
  const caller = await authenticate(provider, req, scopes.self);
  if (caller.subjectId === null) {
    throw new ApiProblem({
      status: 403,
      type: problemTypes.insufficientScope,
      title: 'Self-service needs a signed-in user',
      detail: 'a client-credentials token has no sessions of its own',
    });
  }
  return { ...caller, subjectId: caller.subjectId };
}

/**
 * The caller's own sessions that a self-service removal targets, always by
 * exact subject and never cut short by a page size. Another subject's
 * session id is answered exactly like one that does not exist, so ids
 * cannot be probed. "Everywhere" is the whole subject, which also revokes
 * the subject's tokens that no session holds.
 */
function ownTargets(
  store: SessionStore,
  caller: Caller & { subjectId: string },
  request: RemoveOwnSessionsRequest,
): RemovalSelection {
  const subjectId = caller.subjectId;
  if (request.target === 'all') {
    return { subjectId };
  }

  if (request.target === 'others') {
    const current = caller.sessionId;
    const others = store
      .ownSessionIds(subjectId)
      .filter((id) => id !== current);
    return { subjectId, sessionIds: others };
  }
  if (!store.ownsSession(subjectId, request.sessionId)) {
    throw notFound('you have no session with that id');
  }
  return { subjectId, sessionIds: [request.sessionId] };
}

function queryOrThrow<T>(query: () => T): T {
  try {
    return query();
  } catch (error) {
    if (error instanceof InvalidResultsTokenError) {
      // The message names the field already; the problem names it again.
      const message = error.message.replace(/^resultsToken /, '');
      throw invalidField('resultsToken', message);
    }
    throw error;
  }
}

function notFound(detail: string): ApiProblem {
  return new ApiProblem({
    status: 404,
    type: problemTypes.notFound,
    title: 'Not found',
    detail,
  });
}

function displayNameOf(db: Db, subjectId: string): string | null {
  const row = db
    .prepare<[string], { name: string | null; email: string | null }>(
      'SELECT name, email FROM accounts WHERE subject_id = ?',
    )
    .get(subjectId);
  return row?.name ?? row?.email ?? null;
}
