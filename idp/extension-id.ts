import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The id Chromium gives an extension whose manifest carries `key`: the
 * first 128 bits of the SHA-256 of the public key (DER, as the manifest
 * holds it in base64), written as 32 letters from `a` to `p`, one for
 * each hexadecimal digit.
 */
export function extensionIdOf(publicKey: string): string {
  const digest = createHash('sha256')
    .update(Buffer.from(publicKey, 'base64'))
    .digest('hex')
    .slice(0, 32);
  return [...digest]
    .map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16)))
    .join('');
}

/**
 * The id of the extension built from this repository's `manifest.json`,
 * whose development key fixes it, so an unpacked build signs in to an IdP
 * started with the defaults. The store assigns its own id to a published
 * build (the store zip carries no key); pass that one to the IdP instead.
 */
export const developmentExtensionId = extensionIdOf(
  (
    JSON.parse(
      readFileSync(new URL('../manifest.json', import.meta.url), 'utf8'),
    ) as { key: string }
  ).key,
);
