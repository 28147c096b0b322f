import type { IncomingMessage } from 'node:http';

import type Provider from 'oidc-provider';

import { problemTypes } from '../../shared/contract/index.ts';
import { ApiProblem } from './problem.ts';

/** Who is calling, as their access token says. */
export interface Caller {
  /** The signed-in user, or null for a service's client-credentials token. */
  subjectId: string | null;

  /** The IdP session the token was issued in, when there is one. */
  sessionId: string | null;

  clientId: string;
  scopes: ReadonlySet<string>;
}

const realm = 'realm="sessions"';

/**
 * Checks the bearer token on `req` and that it carries `scope`. Tokens are
 * this IdP's opaque access tokens, looked up in its own store, so a revoked
 * or expired token stops working at once, as it does at the userinfo and
 * introspection endpoints.
 */
export async function authenticate(
  provider: Provider,
  req: IncomingMessage,
  scope: string,
): Promise<Caller> {
  const value = bearerToken(req);
  const caller = await lookUp(provider, value);

  if (!caller.scopes.has(scope)) {
    throw new ApiProblem({
      status: 403,
      type: problemTypes.insufficientScope,
      title: 'The access token lacks a scope this route needs',
      detail: `this route needs the scope ${scope}`,
      headers: {
        'www-authenticate':
          `Bearer ${realm}, error="insufficient_scope", ` + `scope="${scope}"`,
      },
    });
  }

  return caller;
}

function bearerToken(req: IncomingMessage): string {
  const header = req.headers.authorization;
  if (header === undefined) {
    throw unauthorized(undefined, 'an Authorization header is required');
  }

  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  if (!match?.[1]) {
    throw unauthorized(
      'invalid_request',
      'the Authorization header must be "Bearer <token>"',
    );
  }
  return match[1];
}

async function lookUp(provider: Provider, value: string): Promise<Caller> {
  const userToken = await provider.AccessToken.find(value);
  if (userToken) {
    const grant = await provider.Grant.find(userToken.grantId);
    if (!grant) {
      throw unauthorized('invalid_token', 'the access token was revoked');
    }

    return {
      subjectId: userToken.accountId,
      sessionId: userToken.sessionUid ?? null,
      clientId: userToken.clientId ?? '',
      scopes: userToken.scopes,
    };
  }

  const serviceToken = await provider.ClientCredentials.find(value);
  if (serviceToken) {
    return {
      subjectId: null,
      sessionId: null,
      clientId: serviceToken.clientId ?? '',
      scopes: serviceToken.scopes,
    };
  }

  throw unauthorized(
    'invalid_token',
    'the access token is unknown, expired or revoked',
  );
}

function unauthorized(
  error: 'invalid_request' | 'invalid_token' | undefined,
  detail: string,
): ApiProblem {
  const challenge = error
    ? `Bearer ${realm}, error="${error}", error_description="${detail}"`
    : `Bearer ${realm}`;

  return new ApiProblem({
    status: 401,
    type: problemTypes.invalidToken,
    title: 'A valid access token is required',
    detail,
    headers: { 'www-authenticate': challenge },
  });
}
