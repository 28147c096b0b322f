import { scopes } from '../../shared/index.ts';
import type { Account } from '../auth/account.ts';
import { t } from '../i18n.ts';

export interface AccountElements {
  readonly summary: HTMLElement;
  readonly scopesLine: HTMLElement;
  readonly scopes: HTMLElement;
  readonly noAdmin: HTMLElement;
  readonly signIn: HTMLButtonElement;
  readonly signOut: HTMLButtonElement;
}

/** Shows who is signed in, with which scopes, and the matching button. */
export function renderAccount(
  elements: AccountElements,
  account: Account | null,
): void {
  elements.signIn.hidden = account !== null;
  elements.signOut.hidden = account === null;
  elements.scopesLine.hidden = account === null;
  elements.noAdmin.hidden =
    account === null || account.scopes.includes(scopes.admin);

  if (account === null) {
    elements.summary.textContent = t('signedOut');
    elements.scopes.textContent = '';
    return;
  }

  elements.summary.textContent = t(
    'signedInAs',
    account.name ?? account.subject,
    account.subject,
    account.issuer,
  );
  elements.scopes.textContent = account.scopes.join(' ');
}
