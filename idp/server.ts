import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import type Provider from 'oidc-provider';

import { AccountStore } from './accounts.ts';
import { createAdapterClass } from './adapter.ts';
import { createSessionApi } from './api/routes.ts';
import { openDatabase, type Db } from './database.ts';
import { createInteractions } from './interactions.ts';
import { type IdpOptions } from './options.ts';
import { createProvider, relyingPartyIds } from './provider.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { seedSessions } from './seed.ts';
import { SessionStore } from './sessions/store.ts';

/** A running reference IdP. */
export interface Idp {
  /** The issuer, `http://127.0.0.1:PORT`, with no trailing slash. */
  readonly issuer: string;

  /** The session API's base URL, as discovery announces it. */
  readonly sessionEndpoint: string;

  readonly db: Db;
  readonly provider: Provider;
  readonly accounts: AccountStore;

  /** The back-channel receiver this IdP started, if it started one. */
  readonly receiver: Receiver | undefined;

  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Starts an IdP on 127.0.0.1. The HTTP server listens first, because the
 * issuer (and so every URL the provider hands out) depends on the port that
 * was actually bound; requests that arrive before the provider is ready get
 * a 503.
 */
export async function startIdp(options: IdpOptions): Promise<Idp> {
  let handle: Handler = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const sessionEndpoint = `${issuer}/sessions`;

  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const db = openDatabase(options.databasePath);
  const accounts = new AccountStore(db);
  accounts.ensureDemoAccounts();

  const receiver = options.backchannelLogoutUris
    ? undefined
    : await startReceiver({ port: 0, clientIds: relyingPartyIds });
  const backchannelLogoutUris =
    options.backchannelLogoutUris ??
    Object.fromEntries(
      relyingPartyIds.map((id) => [id, receiver?.uriFor(id) ?? '']),
    );

  const { provider, describeClient } = createProvider({
    issuer,
    sessionEndpoint,
    db,
    options,
    accounts,
    adapter: createAdapterClass(db),
    backchannelLogoutUris,
    secret,
  });
  receiver?.trust(issuer, `${issuer}/jwks`);

  if (options.seed > 0) {
    seedSessions(db, options.seed, { issuer, clientIds: relyingPartyIds });
  }

  const store = new SessionStore(db, {
    secret,
    issuer,
    describeClient,
  });
  const sessionApi = createSessionApi({
    provider,
    db,
    store,
    options,
    secret,
  });
  const interactions = createInteractions(provider, accounts);
  const oidc = provider.callback();

  handle = (req, res) => {
    const path = req.url ?? '/';
    if (
      path === '/sessions' ||
      path.startsWith('/sessions/') ||
      path.startsWith('/sessions?')
    ) {
      sessionApi(req, res);
    } else if (path.startsWith('/interaction/')) {
      interactions(req, res);
    } else if (path === '/favicon.ico') {
      // Browsers ask every page's origin for an icon; the IdP has none,
      // and a 404 would be logged as an error on every login page.
      res.writeHead(204, { 'cache-control': 'max-age=86400' }).end();
    } else {
      void oidc(req, res);
    }
  };

  return {
    issuer,
    sessionEndpoint,
    db,
    provider,
    accounts,
    receiver,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await receiver?.close();
      db.close();
    },
  };
}
