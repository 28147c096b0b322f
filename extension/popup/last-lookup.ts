/// <reference types="chrome" />

/**
 * The popup's last search, so it opens on the lookups it showed last time:
 * the element finds those pages in the extension's IndexedDB cache and
 * shows them at once while it fetches fresh ones. Only the element's own
 * search parameters are kept, in session storage, so a user's name or id
 * does not outlive the browser session.
 */

const lastLookupKey = 'lastLookup';
const elementParam = /^sm-/;

/** Writes the last search into the page address, where the element reads it. */
export async function restoreLastLookup(): Promise<void> {
  const url = new URL(location.href);
  if ([...url.searchParams.keys()].some((name) => elementParam.test(name))) {
    return;
  }

  const stored = await chrome.storage.session.get(lastLookupKey);
  const saved = stored[lastLookupKey];
  if (typeof saved !== 'string' || saved === '') {
    return;
  }
  for (const [name, value] of new URLSearchParams(saved)) {
    url.searchParams.set(name, value);
  }
  history.replaceState(history.state, '', url.href);
}

/** Keeps the element's current search, as it stands in the address. */
export async function rememberLookup(): Promise<void> {
  const kept = new URLSearchParams();
  for (const [name, value] of new URL(location.href).searchParams) {
    if (elementParam.test(name)) {
      kept.set(name, value);
    }
  }
  await chrome.storage.session.set({ [lastLookupKey]: kept.toString() });
}
