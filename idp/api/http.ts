import type { IncomingMessage, ServerResponse } from 'node:http';

import { problemTypes } from '../../shared/contract/index.ts';
import { ApiProblem, invalidField } from './problem.ts';

/**
 * The small pieces of HTTP the session API needs, written against
 * node:http directly: the API has five routes and no framework would make
 * them shorter or safer.
 */

/** Largest JSON body a removal may send; real ones are well under 1 KB. */
const maxBodyBytes = 16 * 1024;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

export function sendProblem(res: ServerResponse, problem: ApiProblem): void {
  const text = JSON.stringify(problem);
  res.writeHead(problem.status, {
    ...problem.headers,
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/**
 * The query string as a plain object. A parameter given twice is refused:
 * guessing which of two subject ids an operator meant is how the wrong
 * sessions get removed.
 */
export function readQuery(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (Object.hasOwn(query, name)) {
      throw invalidField(name, 'must be given at most once');
    }
    query[name] = value;
  }
  return query;
}

/** Reads and parses a JSON request body, refusing anything else. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiProblem({
      status: 415,
      type: problemTypes.invalidRequest,
      title: 'The body must be JSON',
      detail: `content-type must be application/json, not "${type}"`,
    });
  }

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) {
      throw new ApiProblem({
        status: 413,
        type: problemTypes.invalidRequest,
        title: 'The body is too large',
        detail: `the body must be at most ${maxBodyBytes} bytes`,
      });
    }
    chunks.push(chunk);
  }

  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalidField('(body)', `is not valid JSON: ${reason}`);
  }

  // Every body of this API is one object; an array would otherwise be
  // reported as an object with fields named "0", "1" and so on.
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidField('(body)', 'must be a JSON object');
  }
  return body;
}
