/// <reference types="chrome" />

import { scopes } from '../../shared/index.ts';
import {
  onAccountChanged,
  readAccount,
  type Account,
} from '../auth/account.ts';
import { localisePage, t } from '../i18n.ts';
import { byId } from '../pages/elements.ts';
import { showRemovals } from '../pages/removals-view.ts';
import { lookupUrl } from '../worker/lookup.ts';
import { mountManager, type View } from './manager.ts';

localisePage();

const params = new URLSearchParams(location.search);
const view: View = params.get('view') === 'tab' ? 'tab' : 'popup';
const lookup = params.get('lookup');
const main = byId('main');
main.classList.toggle('popup', view === 'popup');
main.classList.toggle('tab', view === 'tab');

const openTab = byId<HTMLButtonElement>('open-tab');
openTab.hidden = view === 'tab';
openTab.addEventListener('click', () => {
  void chrome.tabs.create({ url: lookupUrl(lookup ?? undefined) });
  window.close();
});
byId('open-settings').addEventListener('click', () => {
  void chrome.runtime.openOptionsPage();
});

function show(account: Account | null): void {
  const slot = byId('manager-slot');
  byId('signed-out').hidden = account !== null;
  const admin = account?.scopes.includes(scopes.admin) ?? false;
  byId('no-admin').hidden = account === null || admin;
  const lookupLine = byId('lookup');
  lookupLine.hidden = lookup === null;
  lookupLine.textContent = lookup === null ? '' : t('lookingUp', lookup);

  if (account === null || !admin) {
    slot.replaceChildren();
    return;
  }
  const element = mountManager(slot, account, view);
  if (lookup !== null) {
    Object.assign(element, { search: lookup });
  }
}

onAccountChanged(show);
show(await readAccount());
await showRemovals(byId('removals'));
document.body.dataset['ready'] = 'true';
