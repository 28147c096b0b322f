/// <reference types="chrome" />

import { t } from '../i18n.ts';
import { openLookup } from './lookup.ts';

const menuId = 'find-sessions';

/**
 * The ways in for support work besides the toolbar button: a context-menu
 * item on selected text, and the omnibox keyword (`sessions bob`). The
 * keyboard shortcut is the manifest's `_execute_action` command, which
 * opens the popup without any code here.
 */
export function listenForShortcuts(): void {
  chrome.runtime.onInstalled.addListener(() => {
    chrome.contextMenus.create({
      id: menuId,
      // Chrome puts the selection where `%s` stands.
      title: t('menuFindSessions', '%s'),
      contexts: ['selection'],
    });
  });

  chrome.contextMenus.onClicked.addListener((info) => {
    if (info.menuItemId === menuId && info.selectionText) {
      void openLookup(info.selectionText);
    }
  });

  chrome.omnibox.setDefaultSuggestion({
    description: t('omniboxSuggestion', '%s'),
  });
  chrome.omnibox.onInputEntered.addListener((text) => {
    void openLookup(text);
  });
}
