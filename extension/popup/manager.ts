import '../../widget/define.ts';

import type { SessionManager } from '../../widget/index.ts';
import type { Account } from '../auth/account.ts';
import { uiLanguage } from '../i18n.ts';
import { pageClient } from '../pages/page-client.ts';

/** Where the element is shown: the narrow popup or a full tab. */
export type View = 'popup' | 'tab';

/**
 * Puts `<session-manager>` in admin mode into `slot`, configured with the
 * extension's client and the signed-in viewer, so it opens on the pages
 * cached in the extension's IndexedDB while it fetches fresh ones. Its
 * search lives in the page address (`url-state`), which is how a lookup
 * from the context menu or the omnibox reaches it.
 */
export function mountManager(
  slot: HTMLElement,
  account: Account,
  view: View,
): SessionManager {
  const element = document.createElement('session-manager');
  element.mode = 'admin';
  element.compact = view === 'popup';
  element.urlState = true;
  element.client = pageClient(account);
  element.viewer = account.viewer;
  // Removals that would touch the support person's own sessions ask twice.
  element.operatorSubject = account.subject;
  element.setAttribute('lang', uiLanguage());
  slot.replaceChildren(element);
  return element;
}
