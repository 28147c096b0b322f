import { scopes } from '../shared/contract/index.ts';
import type { ReceivedLogout } from './receiver.ts';
import { html, renderPage, trusted, type RenderedPage } from './views.ts';

/**
 * The pages a person sees at the IdP: sign in, consent, sign out and
 * errors. Each has one h1, labelled controls and no scripts.
 */

const scopeDescriptions: Record<string, string> = {
  openid: 'Know who you are',
  profile: 'See your name',
  email: 'See your email address',
  offline_access: 'Stay signed in while you are away',
  [scopes.self]: 'See and end your own sign-in sessions',
  [scopes.admin]: 'See and end the sign-in sessions of every user',
};

export function loginPage(input: {
  uid: string;
  clientName: string;
  username?: string;
  failed?: boolean;
}): RenderedPage {
  const { uid, clientName, failed = false } = input;
  const error = html`<p class="error" id="login-error" role="alert">
    That username and password do not match an account. Check both and try
    again.
  </p>`;
  const invalid = trusted(
    ' aria-describedby="login-error" aria-invalid="true"',
  );
  const focus = trusted(' autofocus');

  return renderPage(
    'Sign in',
    html`<h1>Sign in</h1>
      <p>to continue to ${clientName}</p>
      ${failed && error}
      <form method="post" action="/interaction/${uid}/login">
        <label for="username">Username</label>
        <input
          id="username"
          name="username"
          type="text"
          required
          autocomplete="username"
          autocapitalize="none"
          spellcheck="false"
          value="${input.username ?? ''}"
          ${failed && invalid}${!failed && focus}
        />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          required
          autocomplete="current-password"
          ${failed && invalid}${failed && focus}
        />
        <button type="submit">Sign in</button>
        <a class="button secondary" href="/interaction/${uid}/abort">Cancel</a>
      </form>`,
  );
}

export function consentPage(input: {
  uid: string;
  clientName: string;
  accountName: string;
  scopes: readonly string[];
  claims: readonly string[];
  withheld: readonly string[];
}): RenderedPage {
  const { uid, clientName } = input;
  const describe = (scope: string): string => scopeDescriptions[scope] ?? scope;
  const items = [
    ...input.scopes.map(describe),
    ...input.claims.map((claim) => `Read your ${claim} claim`),
  ];
  const withheld = input.withheld.map((scope) => describe(scope).toLowerCase());
  const notice = html`<p>
    ${clientName} also asked to ${withheld.join(', ')}. Only operators can allow
    that, so it will not be granted.
  </p>`;

  return renderPage(
    `Allow ${clientName}?`,
    html`<h1>Allow ${clientName} to use your account?</h1>
      <p>You are signed in as ${input.accountName}. ${clientName} asks to:</p>
      <ul>
        ${items.map((item) => html`<li>${item}</li>`)}
      </ul>
      ${withheld.length > 0 && notice}
      <form method="post" action="/interaction/${uid}/confirm">
        <button type="submit">Allow</button>
        <a class="button secondary" href="/interaction/${uid}/abort">Deny</a>
      </form>`,
  );
}

/**
 * The confirmation oidc-provider asks for before it ends a session. `form`
 * is the library's own hidden form, which carries its CSRF token.
 */
export function logoutPage(input: {
  form: string;
  host: string;
  clientName: string | undefined;
}): RenderedPage {
  const { clientName } = input;

  return renderPage(
    'Sign out?',
    html`<h1>Sign out?</h1>
      <p>
        Do you want to sign out of ${input.host}? Signing out of all
        applications ends your session here, and the applications you used are
        told.
      </p>
      ${trusted(input.form)}
      <button
        type="submit"
        form="op.logoutForm"
        name="logout"
        value="yes"
        autofocus
      >
        Sign out of all applications
      </button>
      <button type="submit" form="op.logoutForm" class="secondary">
        ${clientName ? html`Sign out of ${clientName} only` : 'Stay signed in'}
      </button>`,
  );
}

export function loggedOutPage(clientName: string | undefined): RenderedPage {
  const done = clientName
    ? html`You signed out of ${clientName}.`
    : 'You signed out.';

  return renderPage(
    'Signed out',
    html`<h1>You are signed out</h1>
      <p>${done} You can close this page.</p>`,
  );
}

/** The page for an error the IdP reports to the person, not to a client. */
export function problemPage(input: {
  error: string;
  description: string | undefined;
}): RenderedPage {
  return renderPage(
    'Something went wrong',
    html`<h1>Something went wrong</h1>
      <p role="alert">
        ${input.description ?? 'The request could not be completed.'}
      </p>
      <p>Error code: <code>${input.error}</code></p>
      <p>Go back to the application you came from and try again.</p>`,
  );
}

/** What a demo relying party's back-channel receiver has been sent. */
export function receivedLogoutsPage(
  clientId: string,
  logouts: readonly ReceivedLogout[],
): RenderedPage {
  const title = `Back-channel logouts for ${clientId}`;
  const rows = logouts.map(
    (logout) =>
      html`<tr>
        <td>${logout.receivedAt.toISOString()}</td>
        <td>${logout.valid ? 'valid' : 'refused'}</td>
        <td>${logout.claims?.['sub']}</td>
        <td>${logout.claims?.['sid']}</td>
        <td>${logout.error}</td>
      </tr>`,
  );

  return renderPage(
    title,
    html`<h1>${title}</h1>
      <p>${logouts.length} received, newest last.</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Result</th>
            <th scope="col">Subject</th>
            <th scope="col">Session</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>`,
  );
}
