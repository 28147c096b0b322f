/** A parsed `WWW-Authenticate: Bearer ...` challenge (RFC 6750). */
export interface BearerChallenge {
  /** `invalid_token`, `invalid_request`, `insufficient_scope`, or null. */
  readonly error: string | null;
  readonly description: string | null;

  /** The scope the route needs, when the server said. */
  readonly scope: string | null;
}

const parameter = /([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;

/**
 * Reads the Bearer challenge of an answer. Other schemes and a missing
 * header give null; a cross-origin answer shows the header only when the
 * server exposes it through CORS.
 */
export function parseBearerChallenge(headers: Headers): BearerChallenge | null {
  const header = headers.get('www-authenticate');
  if (header === null || !/^\s*Bearer\b/i.test(header)) {
    return null;
  }

  const params = new Map<string, string>();
  for (const match of header.matchAll(parameter)) {
    const name = match[1]?.toLowerCase() ?? '';
    const value = match[2]?.replace(/\\(.)/g, '$1') ?? match[3] ?? '';
    params.set(name, value);
  }

  return {
    error: params.get('error') ?? null,
    description: params.get('error_description') ?? null,
    scope: params.get('scope') ?? null,
  };
}
