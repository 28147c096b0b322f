import { executeServerCommand } from '@web/test-runner-commands';

import { SessionClient } from '../../shared/index.ts';
import type { SessionManager } from '../../widget/index.ts';
import { faultyEndpoint, uniqueRun } from '../support/wtr-browser.ts';
import { equal, match, ok } from '../support/wtr-assert.ts';
import {
  adminSettings,
  button,
  cleanup,
  dialogOpened,
  freshPage,
  marker,
  mount,
  nextEvent,
  rowIds,
  search,
  seed,
  signIn,
  testIdp,
  textOf,
  until,
} from './helpers.ts';

// The built bundle, as a host loads it: one module that registers the
// tag, its chunks fetched on demand, the class module for a tag of the
// host's choosing, and the small stand-in for ky the bundle carries, all
// against the reference IdP and the faulty server.

let base = '';

before(async function () {
  this.timeout(60_000);
  ({ base } = await executeServerCommand<{ base: string }, undefined>(
    'widget-bundle',
  ));
  await import(/* @vite-ignore */ `${base}/session-manager.js`);
});

afterEach(cleanup);

describe('the built bundle', () => {
  it('registers <session-manager> when its module loads, and only once', async () => {
    const first = customElements.get('session-manager');

    await import(/* @vite-ignore */ `${base}/session-manager.js?again`);

    ok(first, 'the tag is defined');
    equal(customElements.get('session-manager'), first, 'the first one stays');
  });

  it('exports the class without registering it, for a tag of the host', async () => {
    const module = (await import(
      /* @vite-ignore */ `${base}/session-manager-element.js`
    )) as { SessionManager: CustomElementConstructor };

    customElements.define(
      'host-sessions',
      class extends module.SessionManager {},
    );
    const element = document.createElement('host-sessions');

    ok(element instanceof module.SessionManager);
    ok(
      typeof (module as { isUnauthorizedError?: unknown })
        .isUnauthorizedError === 'function',
    );
  });

  it('lists, signs out and reports against the IdP, and loads German on demand', async () => {
    const name = marker('Bundled');
    const [id = ''] = await seed([
      { subjectId: name, displayName: name, clientIds: ['demo-notes'] },
    ]);
    const operator = await signIn({ username: 'admin', api: 'admin' });
    const settings = await adminSettings(operator);
    const element = await mount(settings.attributes, settings.properties);
    await freshPage(element);
    await search(element, name);

    button(element, 'Sign out…').click();
    const dialog = await dialogOpened(element);
    const removed = nextEvent(element, 'session-manager-removed');
    button(dialog, 'Sign out 1 session').click();
    const { detail } = await removed;
    element.setAttribute('lang', 'de');
    await until(element, () => /Sitzungen/.test(textOf(element)), 'German');

    equal(detail.outcomes[0]?.report?.sessionsRemoved, 1);
    match(textOf(dialog), /Notes: zur Abmeldung benachrichtigt/);
    const { sessionEndpoint } = await testIdp();
    const client = new SessionClient({
      endpoint: sessionEndpoint,
      accessToken: operator.accessToken,
    });
    const left = await client.querySessions({ sessionId: id, match: 'exact' });
    equal(left.results.length, 0);
    equal(rowIds(element).length, 0);
  });

  it('tells a refused token and an unreachable host apart', async () => {
    const refused = await faultyEndpoint(uniqueRun('bundle-401'), ['401']);
    const dropped = await faultyEndpoint(uniqueRun('bundle-drop'), ['drop']);
    const attributes = { mode: 'admin', lang: 'en', 'no-cache': true };

    const signedOut = await mount(
      { ...attributes, endpoint: refused },
      { accessToken: 'stale' },
    );
    const { detail } = await nextEvent(signedOut, 'session-manager-signed-out');
    const unreachable: SessionManager = await mount(
      { ...attributes, endpoint: dropped },
      { accessToken: 'any' },
    );
    await until(
      unreachable,
      () => /could not be reached/.test(textOf(unreachable)),
      'the network error',
    ).catch((error: unknown) => {
      console.log(textOf(unreachable));
      throw error;
    });

    equal(detail.reason, 'expired');
  });
});
