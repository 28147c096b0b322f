import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import { limits } from '../../shared/contract/index.ts';

/**
 * Paging tokens for keyset-paged lists (sessions, removal history). A token
 * names the first and last key of the page it came with, so the same token
 * asks for the page after or the page before. It is signed, so a client
 * cannot aim it at keys of its choosing, and bound to the query it came
 * from, so it cannot be replayed against other filters.
 *
 * Format: `base64url(JSON payload) "." base64url(HMAC-SHA256)`. The MAC key
 * is derived from the host's secret with a label of its own, so nothing
 * else signed with that secret can pass for a paging token.
 */

/** Where a page began and ended, and which page it was (from 1). */
export interface PageBounds {
  first: number;
  last: number;
  page: number;
}

export type InvalidResultsTokenReason =
  'malformed' | 'signature' | 'scope' | 'expired';

/**
 * A results token this server will not honour. The API answers it with a
 * 400 naming the `resultsToken` field; the client should start again from
 * the first page.
 */
export class InvalidResultsTokenError extends Error {
  override readonly name = 'InvalidResultsTokenError';
  readonly field = 'resultsToken';
  readonly reason: InvalidResultsTokenReason;

  constructor(reason: InvalidResultsTokenReason, token: string, why: string) {
    super(`resultsToken ${preview(token)} ${why}`);
    this.reason = reason;
  }
}

/** Works across realms and module copies, unlike `instanceof`. */
export function isInvalidResultsTokenError(
  value: unknown,
): value is InvalidResultsTokenError {
  return (
    value instanceof Error &&
    value.name === 'InvalidResultsTokenError' &&
    'reason' in value
  );
}

export interface ResultsTokensOptions {
  /** How long a token stays usable; an hour unless told otherwise. */
  maxAgeMs?: number;

  /** The clock, in ms since the epoch; tests replace it. */
  now?: () => number;
}

const defaultMaxAgeMs = 60 * 60 * 1000;

/** How far in the future an issue time may lie before it is refused. */
const clockSkewMs = 60 * 1000;

const tokenPattern = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{43})$/;

interface TokenPayload {
  /** Format version, so a change of layout is refused, not misread. */
  v: 1;
  f: number;
  l: number;
  p: number;
  s: string;
  /** Issue time, seconds since the epoch. */
  t: number;
}

export class ResultsTokens {
  readonly #key: Buffer;
  readonly #maxAgeMs: number;
  readonly #now: () => number;

  constructor(secret: string, options: ResultsTokensOptions = {}) {
    if (secret.length === 0) {
      throw new TypeError('secret must not be empty, got ""');
    }

    this.#key = createHmac('sha256', secret)
      .update('session-manager results token')
      .digest();
    this.#maxAgeMs = options.maxAgeMs ?? defaultMaxAgeMs;
    this.#now = options.now ?? Date.now;
  }

  /** A token for the page `bounds`, valid only for queries of `scope`. */
  issue(bounds: PageBounds, scope: string): string {
    const payload: TokenPayload = {
      v: 1,
      f: bounds.first,
      l: bounds.last,
      p: bounds.page,
      s: scope,
      t: Math.floor(this.#now() / 1000),
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.#sign(body)}`;
  }

  /**
   * The bounds a token carries, after checking its signature, its scope
   * and its age. Throws `InvalidResultsTokenError` saying which failed.
   */
  read(token: string, scope: string): PageBounds {
    const parts =
      token.length <= limits.resultsTokenLength
        ? tokenPattern.exec(token)
        : null;
    const body = parts?.[1];
    const mac = parts?.[2];
    if (body === undefined || mac === undefined) {
      throw new InvalidResultsTokenError(
        'malformed',
        token,
        'is malformed: it is not a token this server hands out',
      );
    }

    const expected = Buffer.from(this.#sign(body), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new InvalidResultsTokenError(
        'signature',
        token,
        'has a bad signature: it was altered, or signed before the ' +
          "server's secret changed",
      );
    }

    const payload = decodePayload(body);
    if (payload === undefined) {
      throw new InvalidResultsTokenError(
        'malformed',
        token,
        'is malformed: its contents are not in the expected layout',
      );
    }

    if (payload.s !== scope) {
      throw new InvalidResultsTokenError(
        'scope',
        token,
        'belongs to another query: it was issued for different filters; ' +
          'start again from the first page',
      );
    }

    const ageMs = this.#now() - payload.t * 1000;
    if (ageMs > this.#maxAgeMs || ageMs < -clockSkewMs) {
      throw new InvalidResultsTokenError(
        'expired',
        token,
        `has expired: it was issued ${describeAge(ageMs)} and is valid ` +
          `for ${duration(this.#maxAgeMs)}; start again from the first page`,
      );
    }

    return { first: payload.f, last: payload.l, page: payload.p };
  }

  #sign(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }
}

/**
 * A short fingerprint of a normalised filter. Callers pass the list name
 * first (`sessions`, `removals`) and then each filter value in a fixed
 * order, with `null` for an absent one.
 */
export function scopeOf(parts: readonly (string | null)[]): string {
  return createHash('sha256')
    .update(JSON.stringify(parts))
    .digest('base64url')
    .slice(0, 22);
}

function decodePayload(body: string): TokenPayload | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }

  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const candidate = parsed as Record<string, unknown>;
  const wholeNumbers = [candidate.f, candidate.l, candidate.p, candidate.t];
  if (
    candidate.v !== 1 ||
    typeof candidate.s !== 'string' ||
    !wholeNumbers.every(Number.isSafeInteger) ||
    (candidate.p as number) < 1
  ) {
    return undefined;
  }

  return candidate as unknown as TokenPayload;
}

function describeAge(ms: number): string {
  return ms < 0 ? `${duration(-ms)} in the future` : `${duration(ms)} ago`;
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes >= 120
    ? `${Math.round(minutes / 60)} hours`
    : `${minutes} minutes`;
}

/** The start of a token, for messages: enough to tell tokens apart. */
function preview(token: string): string {
  const shown = token.length > 24 ? `${token.slice(0, 24)}…` : token;
  return JSON.stringify(shown);
}
