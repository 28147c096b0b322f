/// <reference types="chrome" />

/** The popup page, opened in a tab for longer work or a lookup. */
export const popupPath = 'extension/popup/popup.html';

/**
 * The query parameter a lookup hands the popup page its text in. The page
 * turns it into the element's own search parameters; the worker cannot
 * write those itself, because their one definition lives in the element's
 * code, which needs a DOM the service worker does not have.
 */
export const lookupParam = 'lookup';

/**
 * Where the popup keeps its last search in `chrome.storage.session`;
 * signing out deletes it with the rest of what the user looked at.
 */
export const lastLookupKey = 'lastLookup';

// The longest text taken from a selection or the omnibox: far more than
// any user id or name, short enough to stay a sensible search.
const maxLookupLength = 200;

/** The popup page's address in a tab, searching for `text` if given. */
export function lookupUrl(text?: string): string {
  const url = new URL(chrome.runtime.getURL(popupPath));
  url.searchParams.set('view', 'tab');
  const lookup = text?.trim().slice(0, maxLookupLength);
  if (lookup) {
    url.searchParams.set(lookupParam, lookup);
  }
  return url.href;
}

/**
 * Where a lookup opens: in a new tab (right after `beside`, the tab it
 * came from, when known), in the background, or in place of the current
 * tab, as the omnibox's dispositions ask.
 */
export type LookupPlace =
  | { readonly in: 'new-tab'; readonly beside?: chrome.tabs.Tab | undefined }
  | { readonly in: 'background-tab' }
  | { readonly in: 'current-tab' };

export async function openLookup(
  text: string,
  place: LookupPlace = { in: 'new-tab' },
): Promise<chrome.tabs.Tab | undefined> {
  const url = lookupUrl(text);
  switch (place.in) {
    case 'current-tab':
      return chrome.tabs.update({ url });
    case 'background-tab':
      return chrome.tabs.create({ url, active: false });
    case 'new-tab': {
      const beside = place.beside;
      return chrome.tabs.create(
        beside?.id === undefined
          ? { url }
          : {
              url,
              windowId: beside.windowId,
              index: beside.index + 1,
              openerTabId: beside.id,
            },
      );
    }
  }
}
