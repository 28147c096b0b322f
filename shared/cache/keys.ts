import type { QueryParams } from '../client/requests.ts';
import type { PageMode } from './schema.ts';

/** Everything that tells one cached page from another. */
export interface PageKey {
  readonly endpoint: string;

  /** A stable identity of the signed-in caller; see `viewerIdentity`. */
  readonly viewer: string;

  readonly mode: PageMode;

  /** The canonical query, from `sessionQueryParams` and friends. */
  readonly query: QueryParams;
}

export function scopeOf(endpoint: string, viewer: string): string {
  return JSON.stringify([endpoint, viewer]);
}

export function keyOf(key: PageKey): string {
  // The params are already canonical (sorted, defaults written out), so
  // two queries that mean the same page give the same text.
  return JSON.stringify([key.endpoint, key.viewer, key.mode, key.query]);
}

const looksLikeJwt = /^[\w-]{8,}\.[\w-]{8,}\.[\w-]*$/;

/**
 * Refuses a viewer identity that is missing or looks like a token. Tokens
 * change on every refresh, so pages keyed by one would never be found
 * again, and a token must never be written to storage.
 */
export function checkViewer(viewer: string): string {
  if (typeof viewer !== 'string' || viewer.trim() === '') {
    throw new TypeError(
      `\`viewer\` must be a non-empty string, not ${JSON.stringify(viewer)}`,
    );
  }
  if (viewer.length > 512 || looksLikeJwt.test(viewer)) {
    throw new TypeError(
      '`viewer` must be a stable identity of the signed-in user, such as ' +
        '`await viewerIdentity(issuer, subject)`, never an access token',
    );
  }
  return viewer;
}

/**
 * A stable, opaque identity for the signed-in user: the SHA-256 of issuer
 * and subject, in hex. The same user gets the same identity across tokens
 * and sessions; different issuers never collide; nothing readable about the
 * user is written to storage as the key.
 */
export async function viewerIdentity(
  issuer: string,
  subject: string,
): Promise<string> {
  const text = new TextEncoder().encode(`${issuer}\n${subject}`);
  const digest = await crypto.subtle.digest('SHA-256', text);
  return [...new Uint8Array(digest)]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');
}
