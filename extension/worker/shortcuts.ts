/// <reference types="chrome" />

import { t } from '../i18n.ts';
import { openLookup, type LookupPlace } from './lookup.ts';

/** The context-menu item's id, as `contextMenus.onClicked` reports it. */
export const findSessionsMenuId = 'find-sessions';

const omniboxPlaces: Record<
  `${chrome.omnibox.OnInputEnteredDisposition}`,
  LookupPlace
> = {
  currentTab: { in: 'current-tab' },
  newForegroundTab: { in: 'new-tab' },
  newBackgroundTab: { in: 'background-tab' },
};

/**
 * The ways in for support work besides the toolbar button: a context-menu
 * item on selected text, and the omnibox keyword (`sessions bob`). The
 * keyboard shortcut is the manifest's `_execute_action` command, which
 * opens the popup without any code here.
 */
export function listenForShortcuts(): void {
  chrome.runtime.onInstalled.addListener(() => {
    chrome.contextMenus.create({
      id: findSessionsMenuId,
      // Chrome puts the selection where `%s` stands.
      title: t('menuFindSessions', '%s'),
      contexts: ['selection'],
    });
  });

  chrome.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === findSessionsMenuId && info.selectionText) {
      void openLookup(info.selectionText, { in: 'new-tab', beside: tab });
    }
  });

  chrome.omnibox.setDefaultSuggestion({
    description: t('omniboxSuggestion', '%s'),
  });
  // Enter replaces the current tab, Alt+Enter opens a new one, as for any
  // address typed there.
  chrome.omnibox.onInputEntered.addListener((text, disposition) => {
    void openLookup(text, omniboxPlaces[disposition]);
  });
}
