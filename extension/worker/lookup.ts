/// <reference types="chrome" />

/** The popup page, opened in a tab for longer work or a lookup. */
export const popupPath = 'extension/popup/popup.html';

/**
 * The query parameter `<session-manager url-state>` reads its admin search
 * text from; the element owns the name, the extension only writes it.
 */
export const searchParam = 'sm-q';

// The longest text taken from a selection or the omnibox: far more than
// any user id or name, short enough to stay a sensible search.
const maxLookupLength = 200;

/** The popup page's address in a tab, searching for `text` if given. */
export function lookupUrl(text?: string): string {
  const url = new URL(chrome.runtime.getURL(popupPath));
  url.searchParams.set('view', 'tab');
  const lookup = text?.trim().slice(0, maxLookupLength);
  if (lookup) {
    url.searchParams.set(searchParam, lookup);
  }
  return url.href;
}

/** Opens the lookup in a new tab next to the one the user is on. */
export async function openLookup(text: string): Promise<chrome.tabs.Tab> {
  return chrome.tabs.create({ url: lookupUrl(text) });
}
