/// <reference types="chrome" />

/**
 * Who is signed in, as the pages may see it. The tokens themselves are
 * stored apart (`tokens.ts`) and never leave the service worker.
 */
export interface Account {
  readonly issuer: string;
  readonly clientId: string;

  /** The session API's base URL, from the issuer's discovery document. */
  readonly endpoint: string;

  readonly subject: string;
  readonly name: string | null;

  /** The scopes the token endpoint granted. */
  readonly scopes: readonly string[];

  /** The cache identity: `viewerIdentity(issuer, subject)`. */
  readonly viewer: string;
}

const accountKey = 'account';

// Session storage lives in memory and is gone when the browser closes:
// nothing about who signed in survives on disk.
const area = () => chrome.storage.session;

export async function readAccount(): Promise<Account | null> {
  const stored = await area().get(accountKey);
  return (stored[accountKey] as Account | undefined) ?? null;
}

export function writeAccount(account: Account): Promise<void> {
  return area().set({ [accountKey]: account });
}

export function clearAccount(): Promise<void> {
  return area().remove(accountKey);
}

/** Calls back with the new account (or null) whenever it changes. */
export function onAccountChanged(
  listener: (account: Account | null) => void,
): void {
  chrome.storage.onChanged.addListener((changes, name) => {
    const change = changes[accountKey];
    if (name === 'session' && change) {
      listener((change.newValue as Account | undefined) ?? null);
    }
  });
}
