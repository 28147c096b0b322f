import {
  randomBytes,
  scrypt,
  scryptSync,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

/**
 * Password hashes as the `accounts` table stores them:
 * `scrypt$N$r$p$salt$hash`, salt and hash in base64url. `!` (or anything
 * else that does not parse) is an account that cannot sign in.
 */

/** The stored hash of an account that has no password at all. */
export const noPassword = '!';

// scrypt's cost parameters travel inside each stored hash, so they can be
// raised later without making older hashes unreadable.
const cost: Required<Pick<ScryptOptions, 'N' | 'r' | 'p'>> = {
  N: 16_384,
  r: 8,
  p: 1,
};
const keyLength = 32;

/** Hashes a password with a fresh random salt. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize('NFC'), salt, keyLength, cost);
  return [
    'scrypt',
    cost.N,
    cost.r,
    cost.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');
}

// Compared against when there is no stored hash (an unknown username), so
// that a wrong username takes as long to refuse as a wrong password.
let decoyHash: string | undefined;

/**
 * Whether `password` matches `stored`. Every answer costs one scrypt run,
 * whether the hash is real, missing or unreadable, and the comparison takes
 * the same time wherever the bytes differ.
 */
export async function passwordMatches(
  stored: string | undefined,
  password: string,
): Promise<boolean> {
  const parsed = parseHash(stored ?? (decoyHash ??= hashPassword('decoy')));
  if (!parsed) {
    // `!` and anything unreadable: the account cannot sign in. Still spend
    // the time a real comparison would, so the answer does not tell.
    await derive(password, randomBytes(16), keyLength, cost);
    return false;
  }

  const actual = await derive(
    password,
    parsed.salt,
    parsed.hash.length,
    parsed.options,
  );
  return stored !== undefined && timingSafeEqual(actual, parsed.hash);
}

function parseHash(
  stored: string,
): { options: ScryptOptions; salt: Buffer; hash: Buffer } | undefined {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash || rest.length > 0) {
    return undefined;
  }

  const options = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Object.values(options).every(Number.isSafeInteger)) return undefined;

  const decoded = Buffer.from(hash, 'base64url');
  if (decoded.length === 0) return undefined;

  return { options, salt: Buffer.from(salt, 'base64url'), hash: decoded };
}

function derive(
  password: string,
  salt: Buffer,
  length: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}
