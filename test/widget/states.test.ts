import { emulateMedia } from '@web/test-runner-commands';

import {
  isConflictError,
  isInvalidResponseError,
  isUnauthorizedError,
} from '../../widget/index.ts';
import {
  faultyEndpoint,
  faultyIssuer,
  uniqueRun,
} from '../support/wtr-browser.ts';
import { equal, match, ok } from '../support/wtr-assert.ts';
import {
  adminElement,
  button,
  cleanup,
  expectAccessible,
  find,
  findAll,
  freshPage,
  marker,
  mount,
  nextEvent,
  rowIds,
  search,
  seed,
  setOffline,
  signIn,
  testIdp,
  textOf,
  until,
} from './support.ts';

// Every state the element can be in, each checked with axe: loading,
// empty, failed with a retry, signed out, no server-side sessions, no
// permission, offline, nothing configured, and the dark colour scheme.

afterEach(async () => {
  cleanup();
  setOffline(false);
  await emulateMedia({ colorScheme: 'light' });
});

async function faulty(steps: string[], attributes = {}) {
  const endpoint = await faultyEndpoint(uniqueRun('widget-state'), steps);
  return mount(
    { mode: 'admin', endpoint, lang: 'en', 'no-cache': true, ...attributes },
    { accessToken: 'a-token' },
  );
}

describe('states', () => {
  it('says it is loading while the first page is on its way', async () => {
    const element = await faulty(['hang']);

    await until(
      element,
      () => /Loading sessions/.test(textOf(element)),
      'loading',
    );

    equal(find(element, '[aria-busy="true"]').getAttribute('part'), 'state');
    await expectAccessible(element, 'loading');
  });

  it('says when nothing matches, with a refresh', async () => {
    const { element } = await adminElement();

    await search(element, marker('Nobody'));
    const page = freshPage(element);
    button(find(element, '[part="state"]'), 'Refresh').click();
    await page;

    match(textOf(element), /No session matches this search\./);
    await expectAccessible(element, 'empty');
  });

  it('says what went wrong, and tries again on request', async () => {
    const errors: unknown[] = [];
    const element = await faulty(['malformed', 'ok']);
    element.addEventListener('session-manager-error', (event) =>
      errors.push(event.detail.error),
    );

    await until(
      element,
      () => /could not be loaded/.test(textOf(element)),
      'the error',
    );
    const said = textOf(element);
    await expectAccessible(element, 'error');
    const page = freshPage(element);
    button(element, 'Try again').click();
    await page;

    match(said, /answered in a form this page cannot read/);
    match(said, /Technical details/);
    ok(errors.some(isInvalidResponseError), 'the typed error was fired');
    equal(rowIds(element).length, 1);
  });

  it('asks the host to sign in again on 401, and goes on with a new token', async () => {
    const element = await faulty(['401', 'ok']);
    const signedOut = nextEvent(element, 'session-manager-signed-out');
    const error = nextEvent(element, 'session-manager-error');

    const { detail } = await signedOut;
    const { detail: failure } = await error;
    await until(
      element,
      () => /sign-in has ended/.test(textOf(element)),
      'signed out',
    );
    await expectAccessible(element, 'signed out');
    const page = freshPage(element);
    element.accessToken = 'a-new-token';
    await page;

    equal(detail.reason, 'expired');
    ok(isUnauthorizedError(failure.error), 'a typed 401');
    equal(failure.operation, 'load');
    equal(rowIds(element).length, 1);
  });

  it('explains a host without server-side sessions (409)', async () => {
    const element = await faulty(['409.disabled']);
    const error = await nextEvent(element, 'session-manager-error');

    await until(element, () => /not turned on/.test(textOf(element)), '409');

    ok(isConflictError(error.detail.error));
    match(textOf(element), /nothing to list or sign out here/);
    await expectAccessible(element, 'server-side sessions disabled');
  });

  it('names the missing permission when the token lacks the admin scope', async () => {
    const user = await signIn({ username: 'alice', api: 'self' });
    const { sessionEndpoint } = await testIdp();
    const element = await mount(
      { mode: 'admin', endpoint: sessionEndpoint, lang: 'en' },
      { accessToken: user.accessToken },
    );

    await until(element, () => /permission/.test(textOf(element)), '403');

    match(textOf(element), /lacks the permission "sessions\.admin"/);
    await expectAccessible(element, 'forbidden');
  });

  it('goes on offline with a banner, and with its actions off', async () => {
    const name = marker('Offline');
    await seed([{ subjectId: name, displayName: name }]);
    const { element } = await adminElement();
    await search(element, name);

    setOffline(true);
    await until(
      element,
      () => findAll(element, '[part="banner"]').length > 0,
      'the banner',
    );
    const banner = textOf(find(element, '[part="banner"]'));
    const signOut = button(element, 'Sign out…').disabled;
    const exports = button(element, 'Export CSV').disabled;
    await expectAccessible(element, 'offline');
    const page = freshPage(element);
    setOffline(false);
    await page;

    match(banner, /You are offline/);
    ok(signOut && exports, 'actions are off while offline');
    equal(findAll(element, '[part="banner"]').length, 0);
  });

  it('says so when no session service is configured', async () => {
    const element = await mount({ mode: 'admin', lang: 'en' });

    await until(
      element,
      () => /No session service/.test(textOf(element)),
      'unconfigured',
    );

    await expectAccessible(element, 'unconfigured');
  });

  it('reports a discovery document it cannot trust', async () => {
    const issuer = await faultyIssuer(uniqueRun('widget-issuer'), [
      'wrongissuer',
    ]);
    const element = await mount({ mode: 'admin', lang: 'en', issuer });
    const { detail } = await nextEvent(element, 'session-manager-error');

    await until(
      element,
      () => /could not be reached/.test(textOf(element)),
      'connect error',
    );

    equal(detail.operation, 'connect');
    ok(isInvalidResponseError(detail.error));
    await expectAccessible(element, 'connection failed');
  });

  it('follows a dark colour scheme, and stays readable', async () => {
    const name = marker('Dark');
    await seed([
      { subjectId: name, displayName: name, clientIds: ['demo-notes'] },
    ]);
    const { element } = await adminElement();
    await search(element, name);
    const light = getComputedStyle(element).backgroundColor;

    await emulateMedia({ colorScheme: 'dark' });
    const dark = getComputedStyle(element).backgroundColor;

    equal(light, 'rgb(255, 255, 255)');
    equal(dark, 'rgb(22, 25, 29)');
    await expectAccessible(element, 'dark results');
  });

  it('has a compact density that keeps the essentials', async () => {
    const name = marker('Compact');
    await seed([{ subjectId: name, displayName: name }]);
    const { element } = await adminElement({ compact: true });
    await search(element, name);

    const hidden = findAll(element, 'thead .wide').every(
      (cell) => getComputedStyle(cell).display === 'none',
    );

    ok(element.compact, 'the attribute sets the property');
    ok(hidden, 'IP and times move to the detail dialog');
    await expectAccessible(element, 'compact');
  });
});
