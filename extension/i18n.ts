/// <reference types="chrome" />

import type english from './public/_locales/en/messages.json';

/** Every string the extension shows, by its key in `_locales/en`. */
export type MessageKey = keyof typeof english;

/**
 * A string in the browser's language, through `chrome.i18n` and the
 * `_locales` folder, with `$1`-style substitutions. A key missing from a
 * locale falls back to English, which Chrome does by itself.
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]) {
  return chrome.i18n.getMessage(
    key,
    substitutions.map((value) => String(value)),
  );
}

/** The browser's language, for `lang` attributes and `Intl`. */
export function uiLanguage(): string {
  return chrome.i18n.getUILanguage();
}

/**
 * Fills a page's static text: `data-i18n` sets the text of an element,
 * `data-i18n-label` its `aria-label`, `data-i18n-placeholder` its
 * placeholder. Pages keep their markup free of words this way.
 */
export function localisePage(root: ParentNode = document): void {
  document.documentElement.lang = uiLanguage();
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = t(element.dataset['i18n'] as MessageKey);
  }
  for (const element of root.querySelectorAll<HTMLElement>(
    '[data-i18n-label]',
  )) {
    const key = element.dataset['i18nLabel'] as MessageKey;
    element.setAttribute('aria-label', t(key));
  }
  for (const element of root.querySelectorAll<HTMLInputElement>(
    '[data-i18n-placeholder]',
  )) {
    element.placeholder = t(element.dataset['i18nPlaceholder'] as MessageKey);
  }
  const title = document.querySelector<HTMLElement>('title[data-i18n]');
  if (title) {
    document.title = title.textContent ?? '';
  }
}
