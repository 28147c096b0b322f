import { decodeJwt, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

/**
 * The checks OpenID Connect Back-Channel Logout 1.0 (section 2.6) asks a
 * relying party to make of a logout token, plus the optional `jti` replay
 * check.
 */

export const backchannelLogoutEvent =
  'http://schemas.openid.net/event/backchannel-logout';

// Logout tokens are short-lived: older ones are refused even when they
// carry no `exp`, which also bounds how long a `jti` must be remembered.
const maxTokenAgeSeconds = 600;
const clockToleranceSeconds = 60;

/** Thrown for a token that is refused, with the reason as its message. */
export class LogoutTokenError extends Error {
  override readonly name = 'LogoutTokenError';
}

/** Whether `error` means the token was refused (not that the code broke). */
export function isLogoutTokenRefusal(error: unknown): error is Error {
  return error instanceof LogoutTokenError || error instanceof errors.JOSEError;
}

export interface LogoutTokenContext {
  /** The client the token was sent to: its `aud` must name this. */
  clientId: string;

  /** The keys of a trusted issuer, or undefined for any other issuer. */
  keysFor(issuer: string): JWTVerifyGetKey | undefined;

  /** Remembers a `jti`; false when it was already seen from `issuer`. */
  firstSight(issuer: string, jti: string): boolean;
}

/** The token's verified claims; throws a refusal naming the failed check. */
export async function validateLogoutToken(
  token: string,
  context: LogoutTokenContext,
): Promise<Record<string, unknown>> {
  const { iss } = decodeJwt(token);
  const keys = typeof iss === 'string' ? context.keysFor(iss) : undefined;
  if (!iss || !keys) {
    throw new LogoutTokenError(
      `the issuer ${JSON.stringify(iss)} is not trusted`,
    );
  }

  const { payload } = await jwtVerify(token, keys, {
    issuer: iss,
    audience: context.clientId,
    typ: 'logout+jwt',
    algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
    maxTokenAge: maxTokenAgeSeconds,
    clockTolerance: clockToleranceSeconds,
  });

  if (typeof payload.jti !== 'string' || payload.jti === '') {
    throw new LogoutTokenError('the jti claim is missing');
  }
  const events: unknown = payload['events'];
  if (!isObject(events) || !isObject(events[backchannelLogoutEvent])) {
    throw new LogoutTokenError(
      `the events claim must hold ${backchannelLogoutEvent} as an object`,
    );
  }
  if (typeof payload.sub !== 'string' && typeof payload['sid'] !== 'string') {
    throw new LogoutTokenError('the token must hold a sub or a sid claim');
  }
  if ('nonce' in payload) {
    throw new LogoutTokenError('a logout token must not hold a nonce claim');
  }

  // Last, so that only a token that passed every other check uses up its
  // jti: a forged copy cannot block the real one.
  if (!context.firstSight(iss, payload.jti)) {
    throw new LogoutTokenError(`the jti ${payload.jti} was already received`);
  }

  return { ...payload };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
