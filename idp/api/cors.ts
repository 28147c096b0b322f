import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for the session API: an origin on the allow-list gets the headers a
 * browser needs to call it with a bearer token; any other origin gets none,
 * so its page cannot read an answer. Cookies are never accepted here, so
 * credentials are not allowed either.
 */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  allowedOrigins: ReadonlySet<string>,
): void {
  res.setHeader('vary', 'Origin');
  const origin = req.headers.origin;
  if (origin === undefined || !allowedOrigins.has(origin)) {
    return;
  }

  res.setHeader('access-control-allow-origin', origin);
  res.setHeader(
    'access-control-expose-headers',
    'WWW-Authenticate, Retry-After',
  );
  if (req.method === 'OPTIONS') {
    res.setHeader('access-control-allow-methods', 'GET, POST');
    res.setHeader(
      'access-control-allow-headers',
      'Authorization, Content-Type, X-CSRF',
    );
    res.setHeader('access-control-max-age', '600');
  }
}
