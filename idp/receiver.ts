import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import { createRemoteJWKSet } from 'jose';

import { isFormBodyError, readForm } from './form-body.ts';
import {
  isLogoutTokenRefusal,
  LogoutTokenError,
  validateLogoutToken,
} from './logout-token.ts';
import { receivedLogoutsPage } from './pages.ts';

/** One logout token that arrived, and what the receiver made of it. */
export interface ReceivedLogout {
  clientId: string;
  receivedAt: Date;

  /** Whether the token passed every check the specification asks for. */
  valid: boolean;

  /** Why the token was refused; null when it was valid. */
  error: string | null;

  /** The verified claims; null when the token was refused. */
  claims: Record<string, unknown> | null;
}

/**
 * How one client's receiver misbehaves, so tests can see what the IdP does
 * about a slow or broken relying party. Every logout is still validated and
 * recorded first; the behaviour changes only the answer.
 */
export interface ReceiverBehaviour {
  /** Answer with this status instead of 200 or 400. */
  status?: number;

  /** Wait this long before answering. */
  delayMs?: number;

  /** Close the connection without answering. */
  dropConnection?: boolean;
}

/** A running back-channel logout receiver for a set of demo clients. */
export interface Receiver {
  /** `http://127.0.0.1:PORT`, with no trailing slash. */
  readonly url: string;

  /** Where the IdP must POST logout tokens meant for `clientId`. */
  uriFor(clientId: string): string;

  /**
   * Accepts logout tokens from `issuer`, signed by a key in its JWKS. Until
   * an issuer is trusted, every token that names it is refused.
   */
  trust(issuer: string, jwksUri: string): void;

  /** Recorded logouts, oldest first, for one client or for all. */
  received(clientId?: string): ReceivedLogout[];

  setBehaviour(
    clientId: string,
    behaviour: ReceiverBehaviour | undefined,
  ): void;

  /**
   * Forgets every recorded logout and every behaviour. The memory of seen
   * `jti` values stays: a token seen once is still a replay.
   */
  clear(): void;

  close(): Promise<void>;
}

/** How many logouts (and `jti` values) are kept per client. */
const keptPerClient = 1000;

const bodyLimit = 64 * 1024;

/** Starts a receiver on 127.0.0.1 for the given client ids. */
export async function startReceiver(options: {
  port: number;
  clientIds: string[];
}): Promise<Receiver> {
  const state = new ReceiverState(options.clientIds);
  const server = createServer((req, res) => {
    handle(state, req, res).catch((error: unknown) => {
      console.error('receiver: request failed', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  await listen(server, options.port);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    uriFor: (clientId) => `${url}/${encodeURIComponent(clientId)}`,
    trust: (issuer, jwksUri) => {
      state.issuers.set(issuer, createRemoteJWKSet(new URL(jwksUri)));
    },
    received: (clientId) => state.list(clientId),
    setBehaviour: (clientId, behaviour) => {
      if (behaviour) state.behaviours.set(clientId, behaviour);
      else state.behaviours.delete(clientId);
    },
    clear: () => state.clear(),
    close: async () => {
      state.closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

class ReceiverState {
  readonly issuers = new Map<string, KeySet>();
  readonly behaviours = new Map<string, ReceiverBehaviour>();
  readonly closing = new AbortController();
  readonly #logouts = new Map<string, ReceivedLogout[]>();
  readonly #seenJtis = new Map<string, Set<string>>();

  constructor(clientIds: readonly string[]) {
    for (const clientId of clientIds) {
      this.#logouts.set(clientId, []);
      this.#seenJtis.set(clientId, new Set());
    }
  }

  knows(clientId: string): boolean {
    return this.#logouts.has(clientId);
  }

  record(logout: ReceivedLogout): void {
    const list = this.#logouts.get(logout.clientId) ?? [];
    list.push(logout);
    if (list.length > keptPerClient) list.shift();
  }

  /** Remembers a `jti`; false when it was already seen for this client. */
  firstSight(clientId: string, issuer: string, jti: string): boolean {
    const seen = this.#seenJtis.get(clientId) ?? new Set<string>();
    const key = `${issuer} ${jti}`;
    if (seen.has(key)) return false;

    seen.add(key);
    if (seen.size > keptPerClient) {
      const oldest = seen.values().next().value;
      if (oldest !== undefined) seen.delete(oldest);
    }
    return true;
  }

  list(clientId?: string): ReceivedLogout[] {
    if (clientId !== undefined) return [...(this.#logouts.get(clientId) ?? [])];
    return [...this.#logouts.values()]
      .flat()
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  }

  clear(): void {
    for (const list of this.#logouts.values()) list.length = 0;
    this.behaviours.clear();
  }
}

async function handle(
  state: ReceiverState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://receiver');
  const clientId = clientIdOf(url);
  if (clientId === undefined || !state.knows(clientId)) {
    sendJson(res, 404, { error: 'not_found' });
    return;
  }

  if (req.method === 'GET') {
    showLogouts(state, clientId, req, url, res);
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'GET, POST' }).end();
    return;
  }

  const logout = await receive(state, clientId, req);
  state.record(logout);

  await misbehave(state, clientId, res, logout);
}

async function receive(
  state: ReceiverState,
  clientId: string,
  req: IncomingMessage,
): Promise<ReceivedLogout> {
  const receivedAt = new Date();
  try {
    const form = await readForm(req, bodyLimit);
    const tokens = form.getAll('logout_token');
    if (tokens.length !== 1 || !tokens[0]) {
      throw new LogoutTokenError('the body must hold one logout_token');
    }

    const claims = await validateLogoutToken(tokens[0], {
      clientId,
      keysFor: (issuer) => state.issuers.get(issuer),
      firstSight: (issuer, jti) => state.firstSight(clientId, issuer, jti),
    });
    return { clientId, receivedAt, valid: true, error: null, claims };
  } catch (error) {
    if (!(isLogoutTokenRefusal(error) || isFormBodyError(error))) {
      throw error;
    }
    return {
      clientId,
      receivedAt,
      valid: false,
      error: error.message,
      claims: null,
    };
  }
}

async function misbehave(
  state: ReceiverState,
  clientId: string,
  res: ServerResponse,
  logout: ReceivedLogout,
): Promise<void> {
  const behaviour = state.behaviours.get(clientId) ?? {};
  if (behaviour.delayMs) {
    await pause(behaviour.delayMs, res, state.closing.signal);
  }

  if (behaviour.dropConnection) {
    res.socket?.destroy();
    return;
  }

  const status = behaviour.status ?? (logout.valid ? 200 : 400);
  if (logout.valid) {
    res.writeHead(status, { 'cache-control': 'no-store' }).end();
  } else {
    sendJson(res, status, {
      error: 'invalid_request',
      error_description: logout.error,
    });
  }
}

/** Waits, unless the IdP gives up on the request or the receiver closes. */
function pause(
  ms: number,
  res: ServerResponse,
  closing: AbortSignal,
): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      res.off('close', done);
      closing.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
    closing.addEventListener('abort', done);
  });
}

function showLogouts(
  state: ReceiverState,
  clientId: string,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
): void {
  const logouts = state.list(clientId);
  const wantsHtml =
    url.searchParams.get('format') === 'html' ||
    (url.searchParams.get('format') === null &&
      (req.headers.accept ?? '').split(',')[0]?.includes('text/html'));
  if (!wantsHtml) {
    sendJson(res, 200, logouts);
    return;
  }

  const page = receivedLogoutsPage(clientId, logouts);
  res.writeHead(200, page.headers).end(page.body);
}

function clientIdOf(url: URL): string | undefined {
  try {
    return decodeURIComponent(url.pathname.slice(1));
  } catch {
    return undefined;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    })
    .end(JSON.stringify(body));
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
