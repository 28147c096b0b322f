/// <reference types="chrome" />

import { originPattern } from './issuer.ts';

/**
 * Asks for access to the IdP's origin and nothing else. It must be called
 * straight from a click handler, before any `await`: Chrome only shows
 * the prompt during a user gesture.
 */
export function requestIdpAccess(issuer: string | URL): Promise<boolean> {
  return chrome.permissions.request({ origins: [originPattern(issuer)] });
}

export function hasIdpAccess(issuer: string | URL): Promise<boolean> {
  return chrome.permissions.contains({ origins: [originPattern(issuer)] });
}

/**
 * Gives back access to an IdP that is no longer configured. Origins the
 * manifest grants cannot be removed; that refusal changes nothing.
 */
export async function releaseIdpAccess(issuer: string | URL): Promise<void> {
  try {
    await chrome.permissions.remove({ origins: [originPattern(issuer)] });
  } catch {
    // Nothing to give back: the origin was granted by the manifest.
  }
}
