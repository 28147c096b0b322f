import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

import { demoClientSecrets, relyingPartyIds } from '../idp/clients.ts';
import { findFile, sendFile } from './files.ts';
import {
  createRelyingParty,
  sendJson,
  type RelyingParty,
} from './relying-party.ts';

/**
 * The demo's own web server: the admin portal, the account page and the
 * demo relying parties, on one origin, in front of an IdP on another. It
 * serves the built element from `dist/widget/` and oauth4webapi from
 * node_modules, exactly as a deployment would serve its own copies.
 */

export interface DemoOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;

  /** Gets one line per notable event, such as a relying party sign-in. */
  log?: (line: string) => void;
}

/** The IdP the pages sign in with. */
export interface DemoIdp {
  issuer: string;

  /**
   * Where the IdP's back-channel receiver lists logouts; the demo relying
   * parties read theirs from `${receiverUrl}/<clientId>`.
   */
  receiverUrl: string;
}

/**
 * A running demo server. It listens before it knows its IdP, because the
 * IdP must be told the demo's origin (for CORS and redirect URIs) when it
 * starts; until `useIdp` is called every request gets a 503.
 */
export interface Demo {
  /** `http://127.0.0.1:PORT`, with no trailing slash. */
  readonly origin: string;
  useIdp(idp: DemoIdp): void;
  close(): Promise<void>;
}

const names: Record<string, string> = {
  'demo-notes': 'Notes',
  'demo-photos': 'Photos',
};

const fromHere = (path: string): string =>
  fileURLToPath(new URL(path, import.meta.url));

const pagesDir = fromHere('pages');
const widgetDir = fromHere('../dist/widget');
const oauthModule = fromHere('../node_modules/oauth4webapi/build/index.js');

const pageFiles: Record<string, string> = {
  '/': 'index.html',
  '/admin/': 'admin.html',
  '/account/': 'account.html',
};

export async function startDemo(options: DemoOptions): Promise<Demo> {
  let idp: DemoIdp | undefined;
  let relyingParties = new Map<string, RelyingParty>();
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      console.error(`demo: ${req.method} ${req.url} failed:`, error);
      if (!res.headersSent) {
        sendJson(res, 500, { error: String(error) });
      } else {
        res.end();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const log = options.log ?? (() => undefined);

  async function route(req: IncomingMessage, res: ServerResponse) {
    const { pathname } = new URL(req.url ?? '/', 'http://demo');
    if (!idp) {
      res.writeHead(503, { 'retry-after': '1' }).end();
      return;
    }

    const rp = /^\/rp\/([^/]+)\/(.*)$/.exec(pathname);
    const party = rp?.[1] ? relyingParties.get(rp[1]) : undefined;
    if (party) {
      await party(req, res, rp?.[2] ?? '');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }

    if (pathname === '/favicon.ico') {
      // Every page's origin is asked for an icon; the demo has none, and a
      // 404 would be logged as an error on every page.
      res.writeHead(204, { 'cache-control': 'max-age=86400' }).end();
      return;
    }

    const file = await resolveFile(pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    await sendFile(res, file, { issuer: idp.issuer });
  }

  return {
    origin,
    useIdp(chosen) {
      idp = chosen;
      relyingParties = new Map(
        relyingPartyIds.map((clientId) => [
          clientId,
          createRelyingParty({
            clientId,
            clientName: names[clientId] ?? clientId,
            clientSecret: demoClientSecrets[clientId] ?? '',
            origin,
            issuer: chosen.issuer,
            logoutsUrl: `${chosen.receiverUrl}/${encodeURIComponent(clientId)}`,
            log,
          }),
        ]),
      );
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function resolveFile(pathname: string): Promise<string | undefined> {
  const page = pageFiles[pathname];
  if (page) return findFile(pagesDir, page);

  if (pathname === '/vendor/oauth4webapi.js') {
    return Promise.resolve(oauthModule);
  }
  if (pathname.startsWith('/assets/')) {
    return findFile(pagesDir, pathname.slice('/assets/'.length));
  }
  if (pathname.startsWith('/widget/')) {
    return findFile(widgetDir, pathname.slice('/widget/'.length));
  }
  return Promise.resolve(undefined);
}
