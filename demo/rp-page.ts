import { html } from '../idp/views.ts';
import type { RefreshOutcome } from './relying-party.ts';

/**
 * A demo relying party's page. What it knows of the person comes from the
 * server (no token reaches the browser); the list of back-channel logouts
 * is filled in and kept live by `pages/rp-live.ts`.
 */
export function relyingPartyPage(input: {
  clientId: string;
  clientName: string;
  issuer: string;
  signedIn: {
    subject: string;
    name: string | null;
    sid: string | null;
    at: Date;
    refreshToken: string | null;
  } | null;
  lastRefresh: RefreshOutcome | null;
  /** Why the last sign-in failed, shown above everything else. */
  problem: string | null;
}): string {
  const { signedIn, lastRefresh } = input;
  const who = signedIn
    ? html`<p id="signed-in">
          Signed in as
          <strong>${signedIn.name ?? signedIn.subject}</strong> (subject
          <code>${signedIn.subject}</code>) at
          <time datetime="${signedIn.at.toISOString()}"
            >${signedIn.at.toISOString()}</time
          >. This client's session id is <code>${signedIn.sid ?? '?'}</code>.
        </p>
        <p>
          <button type="button" id="refresh">Use the refresh token</button>
          <output id="refresh-result" aria-live="polite"
            >${lastRefresh ? refreshText(lastRefresh) : ''}</output
          >
        </p>`
    : html`<p id="signed-out">Not signed in to ${input.clientName}.</p>`;

  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${input.clientName} · demo relying party</title>
        <link rel="stylesheet" href="/assets/demo.css" />
        <script type="module" src="/assets/rp-live.ts"></script>
      </head>
      <body data-client-id="${input.clientId}">
        <header class="bar">
          <a href="/">Session manager demo</a>
          <span>${input.clientName} (<code>${input.clientId}</code>)</span>
        </header>
        <main>
          <h1>${input.clientName}</h1>
          <p class="lead">
            A relying party of <code>${input.issuer}</code>. It signs in as a
            confidential client: the code is exchanged on the demo server with
            the client secret, and its tokens stay there.
          </p>
          ${
            input.problem
              ? html`<p class="problem" role="alert">${input.problem}</p>`
              : ''
          }
          <section class="card">
            ${who}
            <p><a class="button" href="login">Sign in</a></p>
          </section>
          <section class="card">
            <h2>Back-channel logouts received</h2>
            <p>
              Every logout token the IdP sent to this client, newest first, and
              whether it passed validation (signature, issuer, audience, events
              claim, no nonce, unseen <code>jti</code>).
            </p>
            <p id="logouts-status" role="status">Loading…</p>
            <table id="logouts" hidden>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Token</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Session id</th>
                </tr>
              </thead>
              <tbody></tbody>
            </table>
          </section>
        </main>
      </body>
    </html>`.toString();
}

export function refreshText(outcome: RefreshOutcome): string {
  return outcome.ok
    ? 'The refresh token worked: the IdP issued new tokens.'
    : `The refresh token was refused (${outcome.error ?? 'unknown error'}).`;
}
