import { SessionClient, type RemovalReport } from '../../shared/index.ts';
import { faultyEndpoint, uniqueRun } from '../support/wtr-browser.ts';
import { deepEqual, equal, match, ok } from '../support/wtr-assert.ts';
import type { SessionManager } from '../../widget/index.ts';
import {
  adminElement,
  button,
  check,
  cleanup,
  closeDialog,
  dialogOpened,
  expectAccessible,
  failRemovalOf,
  find,
  findAll,
  grants,
  idpSession,
  logoutsSince,
  marker,
  mount,
  nextEvent,
  receiverStatus,
  rowIds,
  search,
  seed,
  signIn,
  testIdp,
  textOf,
  tokenActive,
  until,
} from './support.ts';

// Admin removals through the dialog, each checked twice: in the report the
// element shows, and at the IdP itself (the session, the back-channel
// receiver, token introspection, consents).

afterEach(cleanup);

async function operatorClient(accessToken: string): Promise<SessionClient> {
  const { sessionEndpoint } = await testIdp();
  return new SessionClient({ endpoint: sessionEndpoint, accessToken });
}

async function stillListed(
  client: SessionClient,
  sessionId: string,
): Promise<boolean> {
  const page = await client.querySessions({ sessionId, match: 'exact' });
  return page.results.length > 0;
}

/** Shows one session by id and opens its removal dialog. */
async function openRemoval(
  element: SessionManager,
  sessionId: string,
): Promise<HTMLDialogElement> {
  await search(element, sessionId, { field: 'sessionId', match: 'exact' });
  button(element, 'Sign out…').click();
  return dialogOpened(element);
}

function flag(dialog: HTMLDialogElement, name: string): HTMLInputElement {
  const input = dialog.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (!input) {
    throw new Error(`the dialog has no ${name} input`);
  }
  return input;
}

function radio(
  dialog: HTMLDialogElement,
  name: string,
  value: string,
): HTMLInputElement {
  const input = dialog.querySelector<HTMLInputElement>(
    `input[name="${name}"][value="${value}"]`,
  );
  if (!input) {
    throw new Error(`the dialog has no ${name} choice ${value}`);
  }
  return input;
}

function confirmButton(dialog: HTMLDialogElement): HTMLButtonElement {
  const found = dialog.querySelector<HTMLButtonElement>('.buttons .danger');
  if (!found) {
    throw new Error('the dialog has no confirm button');
  }
  return found;
}

/** Confirms and waits for the report; returns the host's reports. */
async function confirm(
  element: SessionManager,
  dialog: HTMLDialogElement,
): Promise<(RemovalReport | null)[]> {
  const removed = nextEvent(element, 'session-manager-removed');
  confirmButton(dialog).click();
  const { detail } = await removed;
  await element.updateComplete;
  return detail.outcomes.map((outcome) => outcome.report);
}

function delivered(report: RemovalReport | null | undefined): string[] {
  return (report?.backchannel ?? [])
    .filter((delivery) => delivery.status === 'delivered')
    .map((delivery) => delivery.clientId)
    .sort();
}

describe('admin removal', () => {
  it('ends a session with every flag on, as the report and the IdP say', async () => {
    const bob = await signIn({
      username: 'bob',
      api: 'self',
      clients: ['demo-notes', 'demo-photos'],
    });
    const since = Date.now();
    const { element, operator } = await adminElement();
    const dialog = await openRemoval(element, bob.sessionId);
    const targets = textOf(find(element, '.targets'));
    const preview = textOf(find(element, '.preview'));
    const flags = findAll<HTMLInputElement>(element, 'dialog fieldset input')
      .filter((input) => input.type === 'checkbox' && input.name !== 'client')
      .map((input) => input.checked);
    await expectAccessible(element, 'removal dialog');

    equal(textOf(confirmButton(dialog)), 'Sign out 1 session');
    const [report] = await confirm(element, dialog);
    const shown = textOf(dialog);
    await expectAccessible(element, 'removal report');

    match(
      targets,
      new RegExp(`Bob Example 10 Chrome on Linux .*${bob.sessionId}`),
    );
    deepEqual(flags, [true, true, true, true], 'all four flags start on');
    match(preview, /Told over back-channel logout: Notes and Photos\./);
    match(preview, /Cannot be told \(no back-channel logout\): Your account/);
    match(preview, /Consents stay/);
    match(preview, /JWTs cannot be revoked/);
    equal(report?.sessionsRemoved, 1);
    deepEqual(delivered(report), ['demo-notes', 'demo-photos']);
    match(shown, /Sessions ended: 1\./);
    match(shown, /Notes: told to sign out/);
    match(shown, /Photos: told to sign out/);
    const client = await operatorClient(operator.accessToken);
    equal(await stillListed(client, bob.sessionId), false, 'session listed');
    equal(await idpSession(bob.handle), false, 'IdP session');
    equal(await tokenActive(bob.handle, 'demo-notes'), false, 'notes token');
    const logouts = await logoutsSince(since);
    deepEqual(
      logouts
        .filter((l) => l.valid && l.subjectId === '10')
        .map((l) => l.clientId)
        .sort(),
      ['demo-notes', 'demo-photos'],
    );
  });

  it('limits notice and revocation to the ticked clients, not the IdP session', async () => {
    const bob = await signIn({
      username: 'bob',
      api: 'self',
      clients: ['demo-notes', 'demo-photos'],
    });
    const { element, operator } = await adminElement();
    const dialog = await openRemoval(element, bob.sessionId);

    check(radio(dialog, 'clients', 'some'));
    await element.updateComplete;
    for (const box of findAll<HTMLInputElement>(
      element,
      'input[name="client"]',
    )) {
      check(box, box.value === 'demo-notes');
    }
    await element.updateComplete;
    const preview = textOf(find(element, '.preview'));
    const [report] = await confirm(element, dialog);

    match(preview, /not limited to the chosen clients/);
    match(preview, /Told over back-channel logout: Notes\./);
    deepEqual(delivered(report), ['demo-notes']);
    equal(report?.sessionsRemoved, 1, 'the IdP session still ends');
    equal(await tokenActive(bob.handle, 'demo-notes'), false, 'notes token');
    equal(await tokenActive(bob.handle, 'demo-photos'), true, 'photos token');
    const client = await operatorClient(operator.accessToken);
    equal(await stillListed(client, bob.sessionId), false);
  });

  it('revokes tokens only, and the user stays signed in at the IdP', async () => {
    const alice = await signIn({
      username: 'alice',
      api: 'self',
      clients: ['demo-notes'],
    });
    const { element, operator } = await adminElement();
    const dialog = await openRemoval(element, alice.sessionId);

    check(flag(dialog, 'removeServerSideSession'), false);
    check(flag(dialog, 'sendBackchannelLogoutNotification'), false);
    check(flag(dialog, 'revokeConsents'), false);
    await element.updateComplete;
    const label = textOf(confirmButton(dialog));
    const preview = textOf(find(element, '.preview'));
    const [report] = await confirm(element, dialog);

    equal(label, 'Revoke the tokens of 1 session');
    match(preview, /The session stays at the identity provider/);
    match(preview, /No client is told/);
    equal(report?.sessionsRemoved, 0);
    ok((report?.tokensRevoked ?? 0) > 0, 'tokens were revoked');
    deepEqual(report?.backchannel, []);
    const client = await operatorClient(operator.accessToken);
    equal(await stillListed(client, alice.sessionId), true);
    equal(await idpSession(alice.handle), true);
    equal(await tokenActive(alice.handle, 'demo-notes'), false);
  });

  it('only tells the clients, when that is all it is asked to do', async () => {
    const alice = await signIn({
      username: 'alice',
      api: 'self',
      clients: ['demo-photos'],
    });
    const since = Date.now();
    const { element, operator } = await adminElement();
    const dialog = await openRemoval(element, alice.sessionId);

    check(flag(dialog, 'removeServerSideSession'), false);
    check(flag(dialog, 'revokeTokens'), false);
    check(flag(dialog, 'revokeConsents'), false);
    await element.updateComplete;
    const label = textOf(confirmButton(dialog));
    const [report] = await confirm(element, dialog);

    equal(label, 'Tell the clients of 1 session');
    deepEqual(delivered(report), ['demo-photos']);
    equal(report?.tokensRevoked, 0);
    const logouts = await logoutsSince(since);
    ok(
      logouts.some((l) => l.clientId === 'demo-photos' && l.subjectId === '1'),
    );
    const client = await operatorClient(operator.accessToken);
    equal(await stillListed(client, alice.sessionId), true);
    equal(await tokenActive(alice.handle, 'demo-photos'), true);
  });

  it("revokes a user's consents only when every session of the user goes", async () => {
    const carol = await signIn({
      username: 'carol',
      api: 'self',
      clients: ['demo-notes'],
    });
    const before = await grants('21');
    const { element } = await adminElement();
    const dialog = await openRemoval(element, carol.sessionId);
    const bySession = textOf(find(element, '.preview'));

    check(radio(dialog, 'scope', 'subjects'));
    await element.updateComplete;
    const bySubject = textOf(find(element, '.preview'));
    const label = textOf(confirmButton(dialog));
    const [report] = await confirm(element, dialog);

    ok(before.includes('demo-notes'), `carol consented: ${before.join()}`);
    match(bySession, /Consents stay/);
    match(bySubject, /The user's consents are revoked/);
    match(bySubject, /outlive a session/);
    equal(label, 'Sign out every session of 1 user');
    ok((report?.consentsRevoked ?? 0) > 0, 'consents were revoked');
    deepEqual(await grants('21'), []);
    equal(await idpSession(carol.handle), false);
  });

  it('stops when the host cancels the request, and changes nothing', async () => {
    const alice = await signIn({ username: 'alice', api: 'self' });
    const { element, operator } = await adminElement();
    const dialog = await openRemoval(element, alice.sessionId);
    let removedEvents = 0;
    element.addEventListener('session-manager-removed', () => removedEvents++);
    const asked = nextEvent(element, 'session-manager-remove-request');
    element.addEventListener('session-manager-remove-request', (event) =>
      event.preventDefault(),
    );

    confirmButton(dialog).click();
    const { detail } = await asked;
    await element.updateComplete;

    equal(detail.mode, 'admin');
    deepEqual(
      detail.requests.map((r) => r.mode === 'admin' && r.input.sessionId),
      [alice.sessionId],
    );
    match(textOf(dialog), /This page stopped the removal/);
    equal(removedEvents, 0);
    const client = await operatorClient(operator.accessToken);
    equal(await stillListed(client, alice.sessionId), true);
  });

  it('asks for a reason when the host requires one, and keeps what the host adds', async () => {
    const dave = await signIn({ username: 'dave', api: 'self' });
    const { element, operator } = await adminElement({
      'require-reason': true,
    });
    const dialog = await openRemoval(element, dave.sessionId);
    element.addEventListener('session-manager-remove-request', (event) => {
      event.detail.reason = `${event.detail.reason} [ticket 4411]`;
    });

    const blocked = confirmButton(dialog).disabled;
    const reason = find<HTMLTextAreaElement>(
      element,
      'textarea[name="reason"]',
    );
    reason.value = 'Lost laptop';
    reason.dispatchEvent(new InputEvent('input'));
    await element.updateComplete;
    await confirm(element, dialog);

    ok(blocked, 'confirm waits for a reason');
    ok(reason.required, 'the box says it is required');
    const client = await operatorClient(operator.accessToken);
    const history = await client.queryRemovals({ subjectId: '2' });
    equal(history.results[0]?.reason, 'Lost laptop [ticket 4411]');
  });

  it("asks twice before it ends the operator's own session", async () => {
    const operator = await signIn({ username: 'admin', api: 'admin' });
    const { sessionEndpoint } = await testIdp();
    const element = await mount(
      {
        mode: 'admin',
        endpoint: sessionEndpoint,
        lang: 'en',
        'operator-subject': 'admin',
        'operator-session': operator.sessionId,
      },
      { accessToken: operator.accessToken },
    );
    const dialog = await openRemoval(element, operator.sessionId);
    const warning = textOf(find(element, '.warning'));
    const first = confirmButton(dialog).disabled;

    check(flag(dialog, 'own'));
    await element.updateComplete;
    const second = confirmButton(dialog).disabled;
    const signedOut = nextEvent(element, 'session-manager-signed-out');
    await confirm(element, dialog);
    const { detail } = await signedOut;

    match(warning, /the session you are using now/);
    ok(first, 'confirm is off until the second confirmation');
    ok(!second, 'the second confirmation turns it on');
    equal(detail.reason, 'expired');
  });

  it("warns about the operator's own account, even for another session", async () => {
    const other = await signIn({ username: 'admin', api: 'admin' });
    const { element } = await adminElement({ 'operator-subject': 'admin' });
    const dialog = await openRemoval(element, other.sessionId);

    match(textOf(find(element, '.warning')), /sessions of your own account/);
    ok(confirmButton(dialog).disabled);
    await closeDialog(dialog);
  });

  it('removes in bulk, lists what failed, and retries only that', async () => {
    const name = marker('Bulk');
    const ids = await seed(
      Array.from({ length: 4 }, (_, i) => ({
        subjectId: `${name}-${i}`,
        displayName: `${name} ${i}`,
        clientIds: ['demo-notes'],
      })),
    );
    const broken = ids[2] ?? '';
    await failRemovalOf(broken, true);
    try {
      const { element } = await adminElement();
      await search(element, name);
      find<HTMLInputElement>(element, 'thead input[type="checkbox"]').click();
      await element.updateComplete;
      button(element, 'Sign out selected…').click();
      const dialog = await dialogOpened(element);
      const label = textOf(confirmButton(dialog));

      const first = nextEvent(element, 'session-manager-removed');
      confirmButton(dialog).click();
      const round = (await first).detail.outcomes;
      await element.updateComplete;
      const afterFirst = textOf(dialog);
      await expectAccessible(element, 'bulk report with a failure');
      await failRemovalOf(broken, false);
      const second = nextEvent(element, 'session-manager-removed');
      button(dialog, 'Retry the one that failed').click();
      const retried = (await second).detail.outcomes;
      await element.updateComplete;
      await until(element, () => rowIds(element).length === 0, 'empty list');

      equal(label, 'Sign out 4 sessions');
      equal(round.filter((o) => o.error === null).length, 3);
      const failed = round.filter((o) => o.error !== null);
      deepEqual(
        failed.map(
          (o) => o.request.mode === 'admin' && o.request.input.sessionId,
        ),
        [broken],
      );
      match(afterFirst, /3 done, 1 failed\./);
      match(afterFirst, /Failed: The identity provider failed \(HTTP 500\)\./);
      deepEqual(
        retried.map(
          (o) => o.request.mode === 'admin' && o.request.input.sessionId,
        ),
        [broken],
      );
      equal(retried[0]?.error, null);
      match(textOf(dialog), /Done\./);
    } finally {
      await failRemovalOf(broken, false);
    }
  });

  it('says when a client could not be told', async () => {
    const bob = await signIn({
      username: 'bob',
      api: 'self',
      clients: ['demo-photos'],
    });
    await receiverStatus('demo-photos', 500);
    try {
      const { element } = await adminElement();
      const dialog = await openRemoval(element, bob.sessionId);

      const [report] = await confirm(element, dialog);

      equal(report?.backchannel[0]?.status, 'failed');
      match(textOf(dialog), /Photos: not told, HTTP 500\./);
      ok(dialog.querySelector('.undelivered'), 'marked as not told');
    } finally {
      await receiverStatus('demo-photos', null);
    }
  });

  it("works with any client of the right shape, such as an extension's", async () => {
    const alice = await signIn({ username: 'alice', api: 'self' });
    const operator = await signIn({ username: 'admin', api: 'admin' });
    const real = await operatorClient(operator.accessToken);
    const handedOver: unknown[] = [];
    const client = {
      endpoint: real.endpoint,
      querySessions: real.querySessions.bind(real),
      listOwnSessions: real.listOwnSessions.bind(real),
      queryRemovals: real.queryRemovals.bind(real),
      removeOwnSessions: real.removeOwnSessions.bind(real),
      removeSessions: (
        input: Parameters<SessionClient['removeSessions']>[0],
      ) => {
        handedOver.push(input);
        return real.removeSessions(input);
      },
    };
    const element = await mount({ mode: 'admin', lang: 'en' }, { client });
    const dialog = await openRemoval(element, alice.sessionId);

    await confirm(element, dialog);

    equal(handedOver.length, 1);
    equal(await stillListed(real, alice.sessionId), false);
  });

  it('says the host gave no details when it answers 204', async () => {
    const run = uniqueRun('widget-204');
    const endpoint = await faultyEndpoint(run, ['ok', '204', 'ok']);
    const element = await mount(
      { mode: 'admin', endpoint, lang: 'en', 'no-cache': true },
      { accessToken: 'a-token' },
    );
    await until(element, () => rowIds(element).length === 1, 'one row');

    button(element, 'Sign out…').click();
    const dialog = await dialogOpened(element);
    const [report] = await confirm(element, dialog);

    equal(report, null);
    match(textOf(dialog), /Removed; the host gave no details\./);
    ok(!/Sessions ended: 0/.test(textOf(dialog)), 'no zeros made up');
  });

  it('gives focus back to the list once the dialog closes', async () => {
    const alice = await signIn({ username: 'alice', api: 'self' });
    const { element } = await adminElement();
    const dialog = await openRemoval(element, alice.sessionId);
    const focusedFirst = element.shadowRoot?.activeElement?.textContent;

    await confirm(element, dialog);
    await closeDialog(dialog);
    await element.updateComplete;

    match(focusedFirst ?? '', /Cancel/, 'the safe choice is focused first');
    const active = element.shadowRoot?.activeElement;
    equal(active?.id, 'heading', `focused ${active?.outerHTML.slice(0, 80)}`);
  });
});
