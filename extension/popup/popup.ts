/// <reference types="chrome" />

import { scopes } from '../../shared/index.ts';
import {
  onAccountChanged,
  readAccount,
  type Account,
} from '../auth/account.ts';
import { localisePage } from '../i18n.ts';
import { byId } from '../pages/elements.ts';
import { showRemovals } from '../pages/removals-view.ts';
import { lookupUrl } from '../worker/lookup.ts';
import { mountManager, type View } from './manager.ts';
import {
  rememberLookup,
  restoreLastLookup,
  tabAddress,
  takeLookup,
} from './search-address.ts';

localisePage();

const view: View =
  new URLSearchParams(location.search).get('view') === 'tab' ? 'tab' : 'popup';
const main = byId('main');
main.classList.toggle('popup', view === 'popup');
main.classList.toggle('tab', view === 'tab');

const openTab = byId<HTMLButtonElement>('open-tab');
openTab.hidden = view === 'tab';
openTab.addEventListener('click', () => {
  // The whole search goes along: field, match and client as well as text.
  void chrome.tabs
    .create({ url: tabAddress(lookupUrl()) })
    .then(() => window.close());
});
byId('open-settings').addEventListener('click', () => {
  void chrome.runtime.openOptionsPage();
});

let shownFor: string | null = null;

function show(account: Account | null): void {
  const admin = account?.scopes.includes(scopes.admin) ?? false;
  byId('signed-out').hidden = account !== null;
  byId('no-admin').hidden = account === null || admin;

  const slot = byId('manager-slot');
  if (account === null || !admin) {
    shownFor = null;
    slot.replaceChildren();
    return;
  }
  // A refreshed token changes nothing the element needs to know.
  if (shownFor === account.viewer) {
    return;
  }
  shownFor = account.viewer;
  const element = mountManager(slot, account, view);
  element.addEventListener('session-manager-load', () => {
    void rememberLookup();
  });
  element.addEventListener('session-manager-signed-out', () => {
    byId('signed-out').hidden = false;
  });
}

takeLookup();
await restoreLastLookup();
onAccountChanged(show);
show(await readAccount());
await showRemovals(byId('removals-log'));
document.body.dataset['ready'] = 'true';
