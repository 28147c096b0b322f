import { demoClientSecrets, serviceClientId } from '../idp/clients.ts';
import { scopes } from '../shared/contract/index.ts';

/**
 * The session API as a remote admin tool reaches it: an access token from
 * the client credentials grant, then plain HTTP requests whose answers are
 * read in full, as a page must be before anything can show it.
 */

/** An admin access token for the `session-service` client. */
export async function adminToken(issuer: string): Promise<string> {
  const discovery = (await fetchJson(
    `${issuer}/.well-known/openid-configuration`,
  )) as { token_endpoint: string };
  const secret = demoClientSecrets[serviceClientId] ?? '';
  const basic = Buffer.from(`${serviceClientId}:${secret}`).toString('base64');
  const answer = (await fetchJson(discovery.token_endpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: scopes.admin,
    }).toString(),
  })) as { access_token: string };
  return answer.access_token;
}

/**
 * GETs `url` with a bearer token and parses the JSON it answers. The naive
 * queries block the process for seconds at a time, long enough for the
 * server to close an idle kept-alive socket just as the client reuses it;
 * a GET that meets that reset is sent once more on a new connection.
 */
export async function getWithToken(
  url: string,
  token: string,
): Promise<unknown> {
  const init = { headers: { authorization: `Bearer ${token}` } };
  try {
    return await fetchJson(url, init);
  } catch (error) {
    if (!isConnectionReset(error)) throw error;
    return fetchJson(url, init);
  }
}

function isConnectionReset(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  return (
    typeof cause === 'object' &&
    cause !== null &&
    'code' in cause &&
    cause.code === 'ECONNRESET'
  );
}

/** POSTs `body` as JSON with a bearer token and parses the answer. */
export function postWithToken(
  url: string,
  token: string,
  body: unknown,
): Promise<unknown> {
  return fetchJson(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
}

async function fetchJson(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}: ${text}`);
  }
  return JSON.parse(text) as unknown;
}
