import { issuerOfPage, PkceSignIn, type PageSession } from './sign-in.ts';

/**
 * What the admin portal and the account page share: sign in with PKCE,
 * then put `<session-manager>` on the page with a token provider that
 * hands it the current access token on every call. The element gets no
 * token to keep, and the page none to store.
 */

export interface PortalOptions {
  clientId: string;
  scope: string;
  mode: 'admin' | 'self';
}

/** How long the page waits for the element's script before saying so. */
const elementWaitMs = 5_000;

export async function runPortal(options: PortalOptions): Promise<void> {
  const issuer = issuerOfPage();
  const signIn = new PkceSignIn({
    issuer,
    clientId: options.clientId,
    scope: options.scope,
    redirectUri: new URL(location.pathname, location.origin).href,
  });

  byId('sign-in').addEventListener('click', () => {
    void signIn.start().catch(showProblem);
  });

  let session: PageSession | null;
  try {
    session = await signIn.complete();
  } catch (error) {
    showProblem(error);
    session = null;
  }
  if (!session) {
    show('signed-out');
    return;
  }

  const signedIn = session;
  byId('who').textContent = signedIn.name ?? signedIn.subject;
  byId('sign-out').addEventListener('click', () => {
    void signedIn.signOut();
  });
  show('signed-in');
  await mountElement(signedIn, issuer, options.mode);
}

async function mountElement(
  session: PageSession,
  issuer: string,
  mode: 'admin' | 'self',
): Promise<void> {
  const defined = await Promise.race([
    customElements.whenDefined('session-manager').then(() => true),
    new Promise<false>((resolve) => setTimeout(resolve, elementWaitMs, false)),
  ]);
  if (!defined) {
    showProblem(
      new Error(
        'The <session-manager> element did not load: run ' +
          '`npm run build:widget` (npm start does it when needed).',
      ),
    );
    return;
  }

  const element = document.createElement('session-manager');
  element.setAttribute('mode', mode);
  element.setAttribute('endpoint', session.sessionEndpoint);
  element.setAttribute('issuer', issuer);
  element.setAttribute('lang', navigator.language);
  element.setAttribute('poll', '15');

  // With the issuer, the subject keys the element's cache, so one person's
  // pages are never shown to another, and in admin mode it asks twice
  // before a removal that would touch the operator's own sessions.
  element.setAttribute('operator-subject', session.subject);
  Object.assign(element, { tokenProvider: () => session.accessToken() });

  // The element says when the IdP no longer takes the token (or the person
  // signed out everywhere); the page then offers a fresh sign-in.
  element.addEventListener('session-manager-signed-out', () => {
    element.remove();
    show('signed-out');
  });
  byId('manager-slot').replaceChildren(element);
}

function show(state: 'signed-in' | 'signed-out'): void {
  byId('signed-in').hidden = state !== 'signed-in';
  byId('signed-out').hidden = state !== 'signed-out';
  document.body.dataset['state'] = state;
}

function showProblem(error: unknown): void {
  const problem = byId('problem');
  problem.textContent = error instanceof Error ? error.message : String(error);
  problem.hidden = false;
}

function byId(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`The page has no element with id "${id}".`);
  }
  return element;
}
