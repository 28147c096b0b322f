/// <reference types="chrome" />

import { emptySearch, type Search } from '../../widget/admin/sessions-view.ts';
import { searchFromUrl, urlWithSearch } from '../../widget/admin/url-state.ts';
import { lastLookupKey, lookupParam } from '../worker/lookup.ts';

/**
 * The element's search as it stands in the page address (`url-state`).
 * The element's own functions read and write it, so the names of its
 * parameters are defined in one place, the element's code; the widget's
 * public entry point does not export them, hence the import from inside
 * `widget/admin/`.
 */

/**
 * Turns a lookup the worker opened (`?lookup=text`) into the element's
 * search, before the element reads the address.
 */
export function takeLookup(): void {
  const url = new URL(location.href);
  const text = url.searchParams.get(lookupParam);
  if (text === null) {
    return;
  }
  url.searchParams.delete(lookupParam);
  history.replaceState(
    history.state,
    '',
    urlWithSearch(url.href, { ...emptySearch, text }),
  );
}

/** The popup's address in a tab, with the search the popup shows now. */
export function tabAddress(tabUrl: string): string {
  return urlWithSearch(tabUrl, searchFromUrl(location.href));
}

/**
 * Writes the last search into the page address, where the element reads
 * it, so the popup opens on the lookups it showed last time: the element
 * finds those pages in the extension's IndexedDB cache and shows them at
 * once while it fetches fresh ones. It is kept in session storage, so a
 * user's name or id does not outlive the browser session, and signing out
 * deletes it.
 */
export async function restoreLastLookup(): Promise<void> {
  if (!isEmpty(searchFromUrl(location.href))) {
    return;
  }

  const stored = await chrome.storage.session.get(lastLookupKey);
  const saved = stored[lastLookupKey];
  if (typeof saved !== 'string' || saved === '') {
    return;
  }
  const search = searchFromUrl(new URL(saved, location.href).href);
  history.replaceState(history.state, '', urlWithSearch(location.href, search));
}

/** Keeps the element's current search, as it stands in the address. */
export async function rememberLookup(): Promise<void> {
  const search = searchFromUrl(location.href);
  const bare = new URL(location.pathname, location.href).href;
  const kept = new URL(urlWithSearch(bare, search)).search;
  await chrome.storage.session.set({ [lastLookupKey]: kept });
}

function isEmpty(search: Search): boolean {
  return (
    search.text === emptySearch.text &&
    search.field === emptySearch.field &&
    search.match === emptySearch.match &&
    search.client === emptySearch.client
  );
}
