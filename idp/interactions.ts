import type { IncomingMessage, ServerResponse } from 'node:http';

import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';

import type { AccountStore } from './accounts.ts';
import { consentRequest, grantConsent } from './consent.ts';
import { isFormBodyError, readForm } from './form-body.ts';
import { consentPage, loginPage } from './pages.ts';
import { errorPage, type RenderedPage } from './views.ts';

/**
 * The sign-in and consent pages oidc-provider sends people to, under
 * `/interaction/:uid`:
 *
 * - `GET /interaction/:uid` shows the login form or the consent page,
 *   whichever the pending prompt asks for;
 * - `POST /interaction/:uid/login` checks a username and password;
 * - `POST /interaction/:uid/confirm` grants what the client asked for;
 * - `GET /interaction/:uid/abort` tells the client the person said no.
 *
 * Cross-site requests: oidc-provider finds the interaction through its own
 * signed, SameSite=Lax, httpOnly cookie, so a form posted from another site
 * carries no interaction and fails. On top of that, each handler checks
 * that the uid in the path is the interaction's, and POSTs whose Origin is
 * not the IdP's own are refused.
 */
export function createInteractions(
  provider: Provider,
  accounts: AccountStore,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(provider, accounts, req, res).catch((error: unknown) => {
      fail(res, error);
    });
  };
}

const formLimit = 8 * 1024;

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** One request to a pending interaction, with what every step reads. */
interface Step {
  provider: Provider;
  accounts: AccountStore;
  interaction: Interaction;
  req: IncomingMessage;
  res: ServerResponse;
}

async function route(
  provider: Provider,
  accounts: AccountStore,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', provider.issuer).pathname;
  const match =
    /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|confirm|abort))?$/.exec(path);
  const [, uid, action = 'show'] = match ?? [];
  const method = action === 'login' || action === 'confirm' ? 'POST' : 'GET';
  if (!uid) {
    send(res, 404, errorPage('Page not found', 'There is no such page.'));
    return;
  }
  if (req.method !== method) {
    res.writeHead(405, { allow: method }).end();
    return;
  }
  if (method === 'POST' && !sameOrigin(req, provider.issuer)) {
    send(res, 403, errorPage('Request refused', crossSiteMessage));
    return;
  }

  const interaction = await provider.interactionDetails(req, res);
  if (interaction.uid !== uid) {
    throw new errors.SessionNotFound('interaction uid does not match');
  }

  const step: Step = { provider, accounts, interaction, req, res };
  switch (action) {
    case 'login':
      return login(step);
    case 'confirm':
      return confirm(step);
    case 'abort':
      return abort(step);
    default:
      return show(step);
  }
}

async function show(step: Step): Promise<void> {
  const { provider, accounts, interaction, res } = step;
  const clientName = await clientNameOf(provider, interaction);

  if (interaction.prompt.name === 'login') {
    send(res, 200, loginPage({ uid: interaction.uid, clientName }));
  } else if (interaction.prompt.name === 'consent') {
    send(res, 200, consentView(accounts, interaction, clientName));
  } else {
    send(res, 400, errorPage('Cannot continue', unknownPromptMessage));
  }
}

async function login(step: Step): Promise<void> {
  const { provider, accounts, interaction, req, res } = step;
  const form = await readForm(req, formLimit);
  const username = form.get('username')?.trim() ?? '';
  const password = form.get('password') ?? '';
  if (interaction.prompt.name !== 'login') {
    send(res, 409, errorPage('Already signed in', staleFormMessage));
    return;
  }

  const account = await accounts.verifyPassword(username, password);
  if (!account) {
    const clientName = await clientNameOf(provider, interaction);
    const page = loginPage({
      uid: interaction.uid,
      clientName,
      username,
      failed: true,
    });
    send(res, 401, page);
    return;
  }

  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.subjectId, amr: ['pwd'], remember: true } },
    { mergeWithLastSubmission: false },
  );
}

async function confirm(step: Step): Promise<void> {
  const { provider, accounts, interaction, req, res } = step;
  await readForm(req, formLimit);
  if (interaction.prompt.name !== 'consent' || !interaction.session) {
    send(res, 409, errorPage('Nothing to confirm', staleFormMessage));
    return;
  }

  const consent = await grantConsent(provider, accounts, interaction);
  await provider.interactionFinished(
    req,
    res,
    { consent },
    { mergeWithLastSubmission: true },
  );
}

function abort(step: Step): Promise<void> {
  return step.provider.interactionFinished(
    step.req,
    step.res,
    {
      error: 'access_denied',
      error_description: 'the person declined the request',
    },
    { mergeWithLastSubmission: false },
  );
}

function consentView(
  accounts: AccountStore,
  interaction: Interaction,
  clientName: string,
): RenderedPage {
  const accountId = interaction.session?.accountId ?? '';
  const account = accounts.find(accountId);
  const request = consentRequest(accounts, interaction);

  return consentPage({
    uid: interaction.uid,
    clientName,
    accountName: account?.name ?? account?.username ?? accountId,
    scopes: request.scopes,
    claims: request.claims,
    withheld: request.withheld,
  });
}

async function clientNameOf(
  provider: Provider,
  interaction: Interaction,
): Promise<string> {
  const clientId = String(interaction.params['client_id']);
  const client = await provider.Client.find(clientId);
  return client?.clientName ?? clientId;
}

function sameOrigin(req: IncomingMessage, issuer: string): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === new URL(issuer).origin;
}

const crossSiteMessage =
  'This form was sent from another site. Go back to the application you ' +
  'came from and sign in again.';

const staleFormMessage =
  'This step is already done. Go back to the application you came from ' +
  'and start again.';

const unknownPromptMessage =
  'This sign-in step is not supported. Go back to the application you ' +
  'came from and start again.';

const expiredMessage =
  'This sign-in request has expired, or was opened in another browser. ' +
  'Go back to the application you came from and start again.';

function fail(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }

  if (error instanceof errors.SessionNotFound) {
    send(res, 400, errorPage('Sign-in expired', expiredMessage));
  } else if (isFormBodyError(error)) {
    send(res, error.status, errorPage('Request refused', error.message));
  } else {
    console.error('interaction failed', error);
    send(
      res,
      500,
      errorPage('Something went wrong', 'Please try again in a moment.'),
    );
  }
}

function send(res: ServerResponse, status: number, page: RenderedPage): void {
  res.writeHead(status, page.headers).end(page.body);
}
