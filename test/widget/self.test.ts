import { SessionClient } from '../../shared/index.ts';
import type { SessionManager } from '../../widget/index.ts';
import { deepEqual, equal, match, ok } from '../support/wtr-assert.ts';
import type { WidgetSignedIn } from '../support/wtr-widget.ts';
import {
  button,
  cleanup,
  dialogOpened,
  expectAccessible,
  find,
  findAll,
  freshPage,
  idpSession,
  mount,
  nextEvent,
  signIn,
  testIdp,
  textOf,
  tokenActive,
  type,
  until,
} from './support.ts';

// Self-service against the reference IdP: a user's own sessions, the one
// in use first and protected, and the three ways to sign out.

afterEach(cleanup);

const iphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) ' +
  'AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 ' +
  'Safari/604.1';

/**
 * Signs `username` in afresh, after an operator ended every session the
 * user had, so the list holds exactly the sessions this test makes.
 */
async function onlySessionsOf(
  username: string,
  devices: readonly (string | undefined)[],
): Promise<WidgetSignedIn[]> {
  const operator = await signIn({ username: 'admin', api: 'admin' });
  const { sessionEndpoint } = await testIdp();
  const client = new SessionClient({
    endpoint: sessionEndpoint,
    accessToken: operator.accessToken,
  });
  const subjects: Record<string, string> = { dave: '2', carol: '21' };
  await client.removeSessions({
    subjectId: subjects[username] ?? username,
    revokeConsents: false,
  });

  const signedIn: WidgetSignedIn[] = [];
  for (const userAgent of devices) {
    signedIn.push(
      await signIn({
        username,
        api: 'self',
        clients: ['demo-notes'],
        ...(userAgent ? { userAgent } : {}),
      }),
    );
  }
  return signedIn;
}

async function selfElement(
  user: WidgetSignedIn,
  properties: Parameters<typeof mount>[1] = {},
): Promise<SessionManager> {
  const { sessionEndpoint } = await testIdp();
  const element = await mount(
    { mode: 'self', endpoint: sessionEndpoint, lang: 'en' },
    { accessToken: user.accessToken, ...properties },
  );
  await freshPage(element);
  return element;
}

function items(element: SessionManager): HTMLElement[] {
  return findAll(element, '.devices > li');
}

describe('self-service', () => {
  it('puts the session in use first, marked, without a sign-out button', async () => {
    const [current, other] = await onlySessionsOf('dave', [undefined, iphone]);
    if (!current || !other) throw new Error('two sign-ins were expected');

    const element = await selfElement(current);

    const [first, second] = items(element);
    equal(first?.dataset['session'], current.sessionId);
    match(textOf(first ?? element), /Chrome on Linux This device/);
    equal(first?.querySelector('button'), null, 'no button on this device');
    // The API knows when the IdP last renewed a session, not when its
    // user was last active, and the label says which it is.
    match(textOf(second ?? element), /Last renewed/);
    ok(!textOf(element).includes('Last active'), 'no claim of activity');
    equal(second?.dataset['session'], other.sessionId);
    ok(second?.querySelector('button'), 'the other device can be ended');
    match(textOf(element), /Your sessions/);
    await expectAccessible(element, 'own sessions');
  });

  it('signs out one other device, naming it before and after', async () => {
    const [current, other] = await onlySessionsOf('dave', [undefined, iphone]);
    if (!current || !other) throw new Error('two sign-ins were expected');
    const element = await selfElement(current);

    button(element, 'Sign out').click();
    const dialog = await dialogOpened(element);
    const title = textOf(find(element, '#removal-title'));
    const explained = textOf(dialog);
    const confirm = button(dialog, 'Sign out Safari on iOS');
    await expectAccessible(element, 'sign out one device');
    const removed = nextEvent(element, 'session-manager-removed');
    confirm.click();
    const { detail } = await removed;
    await until(element, () => items(element).length === 1, 'one session');

    equal(title, 'Sign out Safari on iOS?');
    match(explained, /That device will have to sign in again/);
    match(explained, /This device stays signed in/);
    deepEqual(detail.outcomes[0]?.request, {
      mode: 'self',
      input: { target: 'session', sessionId: other.sessionId },
    });
    equal(await idpSession(other.handle), false, 'that device');
    equal(await idpSession(current.handle), true, 'this device');
  });

  it('offers "Sign out other sessions" only when there are others', async () => {
    const [current] = await onlySessionsOf('carol', [undefined]);
    if (!current) throw new Error('a sign-in was expected');
    const element = await selfElement(current);
    const alone = textOf(element);

    const other = await signIn({
      username: 'carol',
      api: 'self',
      userAgent: iphone,
    });
    const page = freshPage(element);
    button(element, 'Refresh').click();
    await page;
    button(element, 'Sign out the other session').click();
    const dialog = await dialogOpened(element);
    const explained = textOf(dialog);
    button(dialog, 'Sign out 1 other session').click();
    await nextEvent(element, 'session-manager-removed');
    await until(element, () => items(element).length === 1, 'one session');

    ok(!/Sign out (the )?other session/.test(alone), 'no button when alone');
    match(alone, /Sign out everywhere, including this device/);
    match(explained, /Your 1 other session ends/);
    equal(await idpSession(other.handle), false);
    equal(await tokenActive(current.handle, 'demo-notes'), true);
  });

  it('signs out everywhere, this device too, and says so plainly', async () => {
    const [current] = await onlySessionsOf('dave', [undefined, iphone]);
    if (!current) throw new Error('a sign-in was expected');
    const element = await selfElement(current);

    button(element, 'Sign out everywhere, including this device').click();
    const dialog = await dialogOpened(element);
    const explained = textOf(dialog);
    const signedOut = nextEvent(element, 'session-manager-signed-out');
    button(dialog, 'Sign out everywhere').click();
    const { detail } = await signedOut;
    await element.updateComplete;
    await until(
      element,
      () => /signed out everywhere/.test(textOf(element)),
      'the signed-out state',
    );

    match(explained, /All 2 of your sessions end, including this device/);
    match(explained, /You will be signed out here too/);
    equal(detail.reason, 'everywhere');
    equal(await idpSession(current.handle), false);
    equal(await tokenActive(current.handle, 'account-page'), false);
    await expectAccessible(element, 'signed out everywhere');
  });

  it('filters the list by device, address or app, and shows where the host says', async () => {
    const [current] = await onlySessionsOf('dave', [undefined, iphone]);
    if (!current) throw new Error('a sign-in was expected');
    const element = await selfElement(current, {
      locations: { '127.0.0.1': 'Test lab, Berlin' },
    });

    type(find<HTMLInputElement>(element, 'input[type="search"]'), 'ios');
    await element.updateComplete;
    const filtered = items(element).map((item) => textOf(item));
    type(find<HTMLInputElement>(element, 'input[type="search"]'), 'no such');
    await element.updateComplete;

    equal(filtered.length, 1);
    match(filtered[0] ?? '', /Safari on iOS/);
    match(filtered[0] ?? '', /Location Test lab, Berlin/);
    match(textOf(element), /No session matches the filter/);
  });
});
