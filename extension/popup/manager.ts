import type { Account } from '../auth/account.ts';
import { uiLanguage } from '../i18n.ts';
import { pageClient } from '../pages/page-client.ts';

/** Where the element is shown: the narrow popup or a full tab. */
export type View = 'popup' | 'tab';

/**
 * Puts `<session-manager>` in admin mode into `slot`, configured with the
 * extension's client and the signed-in viewer, so it opens on the pages
 * cached in the extension's IndexedDB while it fetches fresh ones.
 */
export function mountManager(
  slot: HTMLElement,
  account: Account,
  view: View,
): HTMLElement {
  const element = document.createElement('session-manager');
  element.setAttribute('mode', 'admin');
  element.setAttribute('endpoint', account.endpoint);
  element.setAttribute('lang', uiLanguage());
  if (view === 'popup') {
    element.setAttribute('compact', '');
  }
  Object.assign(element, {
    client: pageClient(account),
    viewer: account.viewer,
  });
  slot.replaceChildren(element);
  return element;
}
