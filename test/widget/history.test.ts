import { SessionClient } from '../../shared/index.ts';
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
  nextEvent,
  seed,
  signIn,
  testIdp,
  textOf,
} from './support.ts';

// "Recently removed": the removal history the API keeps, as the element
// shows it, newest first and filtered by user.

afterEach(cleanup);

describe('recently removed', () => {
  it('lists removals with who, what, why and what happened', async () => {
    const name = marker('Removed');
    const [first = '', second = ''] = await seed([
      { subjectId: name, displayName: name, clientIds: ['demo-notes'] },
      { subjectId: name, displayName: name },
    ]);
    const operator = await signIn({ username: 'admin', api: 'admin' });
    const { sessionEndpoint } = await testIdp();
    const client = new SessionClient({
      endpoint: sessionEndpoint,
      accessToken: operator.accessToken,
    });
    await client.removeSessions({ sessionId: first, reason: `${name} first` });
    await client.removeSessions({
      subjectId: name,
      sessionId: second,
      revokeConsents: false,
      reason: `${name} second`,
    });
    const { element } = await adminElement();

    const shown = nextEvent(
      element,
      'session-manager-load',
      (event) =>
        event.detail.view === 'removals' && event.detail.source === 'network',
    );
    button(element, 'Recently removed').click();
    await shown;
    await element.updateComplete;
    const form = find<HTMLFormElement>(element, 'form.search');
    find<HTMLInputElement>(element, 'input[name="subject"]').value = name;
    const filtered = freshPage(element);
    form.requestSubmit();
    await filtered;
    const rows = findAll(element, 'tbody tr').map((row) => textOf(row));

    equal(rows.length, 2);
    match(rows[0] ?? '', new RegExp(`${name} second`));
    match(rows[1] ?? '', new RegExp(`${name} first`));
    match(rows[0] ?? '', /Ada Operator/);
    match(rows[0] ?? '', /admin-portal/);
    match(rows[0] ?? '', new RegExp(`1 session of ${name}`));
    match(rows[0] ?? '', /session ended, clients told, tokens revoked/);
    ok(!/consents revoked/.test(rows[0] ?? ''), 'the second kept consents');
    match(rows[1] ?? '', /Clients told: 1, not told: 0\./);
    match(textOf(element), /2 removals/);
    await expectAccessible(element, 'removal history');
  });
});
