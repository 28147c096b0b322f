import { randomFillSync } from 'node:crypto';

/**
 * The seeding's sources of randomness: a repeatable generator for
 * everything a test may want to draw again, and node:crypto for cookie
 * values, which are bearer secrets even in a demo.
 */

const idAlphabet =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const idCodes: number[] = new Array<number>(21).fill(0);

/**
 * A 21-character id in oidc-provider's alphabet. Each draw yields 30 bits,
 * five characters, and the characters are gathered as codes rather than
 * appended one by one, which keeps a million-session seeding quick.
 */
export function randomId(random: () => number): string {
  for (let start = 0; start < 21; start += 5) {
    let bits = Math.floor(random() * 0x4000_0000);
    for (let index = start; index < start + 5 && index < 21; index++) {
      idCodes[index] = idAlphabet.charCodeAt(bits & 63);
      bits >>>= 6;
    }
  }
  return String.fromCharCode(...idCodes);
}

/**
 * Session cookie values (oidc-provider's session `jti`): 21 characters of
 * base64url from node:crypto, drawn a few thousand at a time.
 */
export function cookieIds(): () => string {
  const pool = Buffer.alloc(16 * 4096);
  let offset = pool.length;
  return () => {
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const id = pool.toString('base64url', offset, offset + 16).slice(0, 21);
    offset += 16;
    return id;
  };
}

/**
 * A small, fast generator (a 32-bit mixing counter) so that a seeding is
 * the same on every run; it is not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
    mixed ^= mixed >>> 16;
    return (mixed >>> 0) / 0x1_0000_0000;
  };
}
