import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 that misbehaves on purpose, for the
 * faults the reference IdP will not produce on demand: broken bodies,
 * dropped connections, answers that never finish, 5xx and 429.
 *
 * Every request names its own script in the path, so tests never share
 * state and need no control calls:
 *
 *     /{run}/{steps}/sessions/...        the session API routes
 *     /{run}/{steps}/.well-known/openid-configuration
 *     /log/{run}                         what the run's requests carried
 *
 * `steps` is a comma-separated list; the n-th request of a run gets the
 * n-th step and every request after the last gets the last one. A step is
 * one of `ok`, `204`, a status such as `500` or `503.ra1` (`.raN`:
 * Retry-After N seconds; `.dateN`: as an HTTP date N seconds ahead;
 * `.text`: a plain-text body; `.disabled`: the server-side-sessions-disabled
 * problem), `malformed`, `wrongtype`, `missing`, `baddate`, `html`,
 * `empty`, `hang` (no answer at all), `hangbody` (headers, then nothing),
 * `reset` (half a body, then the connection is destroyed), `drop` (the
 * connection is destroyed before any answer), `slowN` (a valid answer after
 * N ms), `setcookie` (a valid answer that sets a cookie), and for
 * discovery `wrongissuer` (naming another issuer), `noendpoint` and
 * `badendpoint` (an endpoint with a query string).
 *
 * CORS headers reflect any origin and allow credentials, so the test page
 * can call it with cookies and custom headers.
 */

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly search: string;
  readonly authorization: string | null;
  readonly csrf: string | null;
  readonly cookie: string | null;
  readonly contentType: string | null;
  readonly body: string;
}

export interface FaultyServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  requests(run: string): readonly RecordedRequest[];
  close(): Promise<void>;
}

export async function startFaultyServer(): Promise<FaultyServer> {
  const log = new Map<string, RecordedRequest[]>();
  const server = createServer((req, res) => {
    void handle(req, res, log).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests: (run) => log.get(run) ?? [],
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function cors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
  res.setHeader('access-control-allow-credentials', 'true');
  res.setHeader('access-control-allow-methods', 'GET, POST');
  res.setHeader(
    'access-control-allow-headers',
    'Authorization, Content-Type, X-CSRF',
  );
  res.setHeader(
    'access-control-expose-headers',
    'Retry-After, WWW-Authenticate',
  );
  // A fresh connection per request: Chromium silently repeats a request
  // whose reused connection closed early, which would blur the counts.
  res.shouldKeepAlive = false;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  log: Map<string, RecordedRequest[]>,
): Promise<void> {
  cors(req, res);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method === 'OPTIONS') {
    res.writeHead(204).end();
    return;
  }

  const [first = '', second = '', ...rest] = url.pathname
    .split('/')
    .filter(Boolean);
  if (first === 'log') {
    send(res, 200, 'application/json', JSON.stringify(log.get(second) ?? []));
    return;
  }

  const recorded = log.get(first) ?? [];
  log.set(first, recorded);
  recorded.push({
    method: req.method ?? 'GET',
    path: `/${rest.join('/')}`,
    search: url.search,
    authorization: req.headers.authorization ?? null,
    csrf: header(req, 'x-csrf'),
    cookie: req.headers.cookie ?? null,
    contentType: req.headers['content-type'] ?? null,
    body: await readBody(req),
  });

  const steps = second.split(',');
  const step = steps[Math.min(recorded.length, steps.length) - 1] ?? 'ok';
  const route = `${req.method} /${rest.join('/')}`;
  const issuer = `http://${req.headers.host}/${first}/${second}`;
  await perform(step, route, issuer, req, res);
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...headers,
    'content-type': type,
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

const json = 'application/json; charset=utf-8';

async function perform(
  step: string,
  route: string,
  issuer: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const good = () => JSON.stringify(validBody(route, issuer));
  const slow = /^slow(\d+)$/.exec(step);
  const status = /^(\d{3})((?:\.[a-z]+\d*)*)$/.exec(step);

  if (step === 'ok') {
    send(res, 200, json, good());
  } else if (step === 'setcookie') {
    send(res, 200, json, good(), {
      'set-cookie': 'faulty=1; Path=/; SameSite=Lax; HttpOnly',
    });
  } else if (slow) {
    await new Promise((resolve) => setTimeout(resolve, Number(slow[1])));
    send(res, 200, json, good());
  } else if (step === '204') {
    res.writeHead(204).end();
  } else if (status) {
    problem(res, Number(status[1]), (status[2] ?? '').split('.'));
  } else if (step === 'hang') {
    // Keep the request open and say nothing; closing the server ends it.
  } else if (step === 'hangbody') {
    res.writeHead(200, { 'content-type': json, 'content-length': '4096' });
    res.write('{"results": [');
  } else if (step === 'reset') {
    res.writeHead(200, { 'content-type': json, 'content-length': '4096' });
    res.write('{"results": [', () => {
      setTimeout(() => req.socket.destroy(), 50);
    });
  } else if (step === 'drop') {
    req.socket.destroy();
  } else {
    send(res, 200, ...brokenBody(step, route, issuer));
  }
}

function brokenBody(
  step: string,
  route: string,
  issuer: string,
): [string, string] {
  const body = structuredClone(validBody(route, issuer)) as Record<
    string,
    unknown
  >;
  const first = (body['results'] as Record<string, unknown>[] | undefined)?.[0];
  switch (step) {
    case 'malformed':
      return [json, '{"results": [{"subjectId": "1",'];
    case 'wrongtype':
      return [json, JSON.stringify({ ...body, totalCount: 'many' })];
    case 'missing': {
      const { results: _results, ...withoutResults } = body;
      return [json, JSON.stringify(withoutResults)];
    }
    case 'baddate':
      if (first) {
        first['created'] = 'yesterday';
      }
      return [json, JSON.stringify(body)];
    case 'html':
      return ['text/html', '<!doctype html><title>Sign in</title>'];
    case 'empty':
      return [json, ''];
    case 'noendpoint': {
      const { session_management_endpoint: _endpoint, ...withoutEndpoint } =
        body;
      return [json, JSON.stringify(withoutEndpoint)];
    }
    case 'badendpoint':
      return [
        json,
        JSON.stringify({
          ...body,
          session_management_endpoint: `${issuer}/sessions?tenant=1`,
        }),
      ];
    case 'wrongissuer':
      return [json, JSON.stringify({ ...body, issuer: 'https://evil.test' })];
    default:
      throw new Error(`unknown step "${step}"`);
  }
}

function problem(res: ServerResponse, status: number, flags: string[]): void {
  const headers: Record<string, string> = {};
  for (const flag of flags) {
    const retryIn = /^ra(\d+)$/.exec(flag);
    const dateIn = /^date(\d+)$/.exec(flag);
    if (retryIn) {
      headers['retry-after'] = retryIn[1] ?? '0';
    } else if (dateIn) {
      const at = Date.now() + Number(dateIn[1]) * 1000;
      headers['retry-after'] = new Date(at).toUTCString();
    }
  }
  if (status === 401) {
    headers['www-authenticate'] =
      'Bearer realm="sessions", error="invalid_token", ' +
      'error_description="the access token expired"';
  }
  if (status === 403) {
    headers['www-authenticate'] =
      'Bearer realm="sessions", error="insufficient_scope", ' +
      'scope="sessions.admin"';
  }
  if (flags.includes('text')) {
    send(res, status, 'text/plain', 'upstream failed', headers);
    return;
  }

  const type = flags.includes('disabled')
    ? 'urn:session-manager:server-side-sessions-disabled'
    : `urn:session-manager:status-${status}`;
  const body = {
    type,
    title: `Failing with ${status} on purpose`,
    status,
    detail: `the faulty server was told to answer ${status}`,
    ...(status === 400
      ? { errors: [{ field: 'subjectId', message: 'is not allowed here' }] }
      : {}),
  };
  send(res, status, 'application/problem+json', JSON.stringify(body), headers);
}

const aSession = {
  subjectId: '10',
  sessionId: 'faulty-session-1',
  displayName: 'Bob Example',
  created: '2026-12-01T09:12:44.000Z',
  renewed: '2026-12-03T07:58:02.000Z',
  expires: null,
  issuer: 'http://127.0.0.1',
  clientIds: ['demo-notes'],
};

const aReport = {
  removalId: 'faulty-removal-1',
  sessionsMatched: 1,
  sessionsRemoved: 1,
  tokensRevoked: 0,
  consentsRevoked: 0,
  backchannel: [],
};

function page(results: unknown[]) {
  return {
    resultsToken: 'opaque|token',
    hasPrevResults: false,
    hasNextResults: false,
    totalCount: results.length,
    totalPages: 1,
    currentPage: 1,
    results,
  };
}

/** What the real API would answer on `route` when all goes well. */
function validBody(route: string, issuer: string): unknown {
  switch (route) {
    case 'GET /.well-known/openid-configuration':
      return {
        issuer,
        session_management_endpoint: `${issuer}/sessions`,
      };
    case 'GET /sessions':
      return page([aSession]);
    case 'GET /sessions/self':
      return { results: [{ ...aSession, current: true }] };
    case 'GET /sessions/removals':
      return page([
        {
          removalId: aReport.removalId,
          at: '2026-12-03T09:01:12.000Z',
          mode: 'admin',
          actor: { subjectId: 'admin', displayName: null, clientId: 'x' },
          request: {
            subjectId: '10',
            sessionIds: null,
            clientIds: null,
            removeServerSideSession: true,
            sendBackchannelLogoutNotification: true,
            revokeTokens: true,
            revokeConsents: true,
          },
          reason: null,
          report: aReport,
        },
      ]);
    case 'POST /sessions/remove':
    case 'POST /sessions/self/remove':
      return aReport;
    default:
      return { unknownRoute: route };
  }
}
