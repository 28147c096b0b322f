import ky from 'ky';

import { discoveryKey } from '../contract/index.ts';
import { readAnswer } from './answers.ts';
import { absoluteUrl, settle } from './configure.ts';
import { InvalidResponseError } from './errors.ts';
import type { ConnectionOptions } from './options.ts';
import { discoveryParser } from './parsers.ts';
import { withRetries } from './retry.ts';
import { attempt, summarise, type RequestSpec } from './transport.ts';

/**
 * Reads `{issuer}/.well-known/openid-configuration` and returns the session
 * API's base URL from it. The document must name the issuer it was asked
 * for (OpenID Connect Discovery 1.0, section 4.3): a document that names
 * another issuer could send the caller's tokens somewhere else.
 */
export async function discover<Client>(
  issuer: string | URL,
  options: ConnectionOptions & { readonly signal?: AbortSignal },
  create: (endpoint: string) => Client,
): Promise<Client> {
  const wanted = normaliseIssuer(issuer);
  const settings = settle(options);
  const spec: RequestSpec = {
    method: 'GET',
    url: `${wanted}/.well-known/openid-configuration`,
  };
  const request = summarise(spec);
  const signal = options.signal ?? new AbortController().signal;

  // Discovery is public: it goes without the token, the cookies and the
  // extra headers, which are for the session API only.
  const api = ky.create({
    credentials: 'omit',
    headers: { accept: 'application/json' },
    retry: 0,
    timeout: false,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });

  return withRetries('read', settings.readRetry, signal, async () => {
    const answer = await attempt(spec, {
      api,
      headers: {},
      signal,
      timeoutMs: settings.queryTimeout,
      now: () => Date.now(),
    });

    const document = readAnswer(request, answer, discoveryParser);
    if (normaliseIssuer(document.issuer) !== wanted) {
      throw new InvalidResponseError(request, answer.status, [
        {
          path: 'issuer',
          message: `must be the issuer asked for, ${wanted}`,
          received: JSON.stringify(document.issuer),
        },
      ]);
    }
    const endpoint = document[discoveryKey];
    try {
      return create(endpoint);
    } catch (error) {
      // The endpoint is the server's word, not the caller's: a bad one is
      // a response that breaks the contract, not a programming mistake.
      throw new InvalidResponseError(
        request,
        answer.status,
        [
          {
            path: discoveryKey,
            message: 'must be an http or https URL with no query or fragment',
            received: JSON.stringify(endpoint),
          },
        ],
        { cause: error },
      );
    }
  });
}

function normaliseIssuer(issuer: string | URL): string {
  return absoluteUrl('issuer', issuer).href.replace(/\/+$/, '');
}
