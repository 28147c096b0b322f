/// <reference types="chrome" />

import { onAccountChanged, readAccount } from '../auth/account.ts';
import { SignInError } from '../auth/errors.ts';
import { localisePage, t } from '../i18n.ts';
import { ask } from '../messages/ask.ts';
import { byId } from '../pages/elements.ts';
import { showRemovals } from '../pages/removals-view.ts';
import { onSettingsChanged } from '../settings/settings.ts';
import { renderAccount, type AccountElements } from './account-view.ts';
import { settingsForm } from './settings-form.ts';

localisePage();

const status = byId('status');
const say = (text: string) => {
  status.textContent = text;
};

const form = settingsForm(say);
onSettingsChanged(() => void form.refresh());

const account: AccountElements = {
  summary: byId('account'),
  scopesLine: byId('scopes-line'),
  scopes: byId('scopes'),
  noAdmin: byId('no-admin'),
  signIn: byId<HTMLButtonElement>('sign-in'),
  signOut: byId<HTMLButtonElement>('sign-out'),
};
onAccountChanged((current) => renderAccount(account, current));

account.signIn.addEventListener('click', () => {
  say(t('signingIn'));
  ask({ type: 'sign-in' }).then(
    () => {
      say('');
      account.signOut.focus();
    },
    (error: unknown) => say(signInFailure(error)),
  );
});

account.signOut.addEventListener('click', () => {
  ask({ type: 'sign-out' }).then(
    (result) => {
      say(t('signOutDone', result.revoked, result.notRevoked));
      account.signIn.focus();
    },
    (error: unknown) => say(signInFailure(error)),
  );
});

function signInFailure(error: unknown): string {
  if (error instanceof SignInError) {
    return t('signInFailed', `${t(error.problem)} (${error.detail})`);
  }
  return t('signInFailed', error instanceof Error ? error.message : '');
}

await form.refresh();
renderAccount(account, await readAccount());
await showRemovals(byId('removals-log'));
document.body.dataset['ready'] = 'true';
