import {
  InvalidInputError,
  SessionClient,
  type SessionQuery,
} from '../../shared/index.ts';
import type { SessionManager } from '../../widget/index.ts';
import { deepEqual, equal, match, ok } from '../support/wtr-assert.ts';
import {
  adminElement,
  allowClipboard,
  button,
  cleanup,
  closeDialog,
  expectAccessible,
  find,
  findAll,
  freezeClock,
  freshPage,
  hover,
  inWideWindow,
  marker,
  mount,
  adminSettings,
  dialogOpened,
  until,
  openDialog,
  rowIds,
  rowTexts,
  search,
  seed,
  signIn,
  testIdp,
  textOf,
  type,
} from './support.ts';

// The admin list against the reference IdP: search in every field and
// both match modes, paging, page size, client chips, the address bar,
// the detail dialog, devices, times, and hostile strings.

let restoreClock: (() => void) | undefined;

afterEach(() => {
  restoreClock?.();
  restoreClock = undefined;
  cleanup();
});

const chromeOnWindows =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 ' +
  '(KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36';
const safariOnIphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) ' +
  'AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 ' +
  'Safari/604.1';

/** The first client chip in the results with this label. */
function chipNamed(element: SessionManager, label: string): HTMLButtonElement {
  const chip = findAll<HTMLButtonElement>(element, 'td .chip').find(
    (candidate) => textOf(candidate) === label,
  );
  if (!chip) {
    throw new Error(`no client chip "${label}" in the results`);
  }
  return chip;
}

describe('admin search', () => {
  it('searches as the operator types, once, after a pause', async () => {
    const name = marker('Typed');
    const ids = await seed([
      { subjectId: `${name}-s1`, displayName: `${name} One` },
      { subjectId: `${name}-s2`, displayName: `${name} Two` },
    ]);
    const { element } = await adminElement();
    let loads = 0;
    element.addEventListener('session-manager-load', () => (loads += 1));
    const input = find<HTMLInputElement>(element, 'input[name="text"]');

    const page = freshPage(element);
    type(input, name.slice(0, 4));
    type(input, name.slice(0, 8));
    type(input, name);
    await page;

    equal(loads, 1, 'pages loaded for three keystrokes');
    deepEqual(rowIds(element).sort(), [...ids].sort());
    await expectAccessible(element, 'results');
  });

  it('searches at once on Enter, and shows how it matches', async () => {
    const name = marker('Enter');
    await seed([
      { subjectId: `${name}-1`, displayName: 'A' },
      { subjectId: `${name}-10`, displayName: 'B' },
    ]);
    const { element } = await adminElement();

    await search(element, `${name}-1`, { field: 'subjectId' });
    const contains = rowIds(element).length;
    match(textOf(element), /Contains finds every value with/);
    await search(element, `${name}-1`, {
      field: 'subjectId',
      match: 'exact',
    });

    equal(contains, 2, 'a contains match on -1 also finds -10');
    equal(rowIds(element).length, 1);
    match(rowTexts(element)[0] ?? '', new RegExp(`${name}-1 `));
    ok(!textOf(element).includes('Contains finds'), 'the hint is gone');
  });

  it('finds a session by its id', async () => {
    const name = marker('ById');
    const [id = ''] = await seed([{ subjectId: name, displayName: name }]);
    const { element } = await adminElement();

    await search(element, id, { field: 'sessionId', match: 'exact' });

    deepEqual(rowIds(element), [id]);
  });

  it('pages to the end and back, counting as the host counts', async () => {
    const name = marker('Paged');
    const ids = await seed(
      Array.from({ length: 7 }, (_, i) => ({
        subjectId: `${name}-${i}`,
        displayName: `${name} ${i}`,
      })),
    );
    const { element } = await adminElement({ 'page-size': '3' });
    await search(element, name);
    const seen = [rowIds(element)];
    const summaries = [textOf(find(element, '.pager .summary'))];

    for (let step = 0; step < 2; step++) {
      const page = freshPage(element);
      button(element, 'Next').click();
      await page;
      seen.push(rowIds(element));
      summaries.push(textOf(find(element, '.pager .summary')));
    }
    const atEnd = button(element, 'Next').disabled;
    for (let step = 0; step < 2; step++) {
      const page = freshPage(element);
      button(element, 'Previous').click();
      await page;
    }

    deepEqual(summaries, [
      '7 sessions, page 1 of 3',
      '7 sessions, page 2 of 3',
      '7 sessions, page 3 of 3',
    ]);
    deepEqual(seen.flat(), ids, 'every session once, in creation order');
    ok(atEnd, 'Next is off on the last page');
    deepEqual(rowIds(element), seen[0]);
    ok(button(element, 'Previous').disabled, 'Previous is off on page 1');
  });

  it('changes the page size from the pager', async () => {
    const name = marker('Size');
    await seed(
      Array.from({ length: 4 }, (_, i) => ({
        subjectId: `${name}-${i}`,
        displayName: name,
      })),
    );
    const { element } = await adminElement({ 'page-size': '2' });
    await search(element, name);

    const page = freshPage(element);
    const size = find<HTMLSelectElement>(element, '.pager select');
    size.value = '10';
    size.dispatchEvent(new Event('change'));
    await page;

    equal(rowIds(element).length, 4);
    equal(textOf(find(element, '.pager .summary')), '4 sessions, page 1 of 1');
  });

  it("asks the API for one client's sessions from its chip, and back", async () => {
    const name = marker('Chips');
    // Two pages of two: whichever way the API orders them, a Photos chip
    // is on the first page and the other Photos session on the second.
    const ids = await seed([
      {
        subjectId: `${name}-1`,
        displayName: name,
        clientIds: ['demo-photos', 'demo-notes'],
      },
      { subjectId: `${name}-2`, displayName: name, clientIds: ['demo-notes'] },
      { subjectId: `${name}-3`, displayName: name, clientIds: ['demo-notes'] },
      { subjectId: `${name}-4`, displayName: name, clientIds: ['demo-photos'] },
    ]);
    const photos = [ids[0] ?? '', ids[3] ?? ''];
    const address = location.href;
    const { element } = await adminElement({
      'page-size': '2',
      'url-state': true,
    });
    await search(element, name);
    const firstPage = rowIds(element);

    let filtered: string[], summary: string, filter: string, label: string;
    let linked: string | null, unlinked: string | null;
    try {
      const page = freshPage(element);
      chipNamed(element, 'Photos').click();
      await page;
      filtered = rowIds(element);
      summary = textOf(find(element, '.pager .summary'));
      filter = textOf(find(element, '.filter'));
      linked = new URL(location.href).searchParams.get('sm-client');
      await expectAccessible(element, 'client filter');
      const remove = find<HTMLButtonElement>(element, '.filter button');
      label = remove.getAttribute('aria-label') ?? '';
      const back = freshPage(element);
      remove.click();
      await back;
      unlinked = new URL(location.href).searchParams.get('sm-client');
    } finally {
      history.replaceState(null, '', address);
    }

    deepEqual(filtered.sort(), photos.sort(), 'both pages of that client');
    equal(label, 'Stop filtering by Photos');
    equal(linked, 'demo-photos', 'the address holds the client');
    equal(unlinked, null, 'and drops it with the filter');
    equal(summary, '2 sessions, page 1 of 1');
    match(filter, /Client: Photos/);
    ok(!filter.includes('cannot filter'), 'the API filtered, not the page');
    deepEqual(rowIds(element), firstPage, 'the search without the client');
  });

  it("changes a row's client chips in place from page to page", async () => {
    const name = marker('Slots');
    // Whichever way the API orders them, each page of two has a session
    // with two clients and one with one.
    const clients = [
      ['demo-photos'],
      ['demo-notes', 'demo-photos'],
      ['demo-photos', 'demo-notes'],
      ['demo-notes'],
    ];
    const ids = await seed(
      clients.map((clientIds, index) => ({
        subjectId: `${name}-${index}`,
        displayName: name,
        clientIds,
      })),
    );
    const named = (clientId: string) =>
      clientId === 'demo-notes' ? 'Notes' : 'Photos';
    const expected = new Map(
      ids.map((id, index) => [id, (clients[index] ?? []).map(named)]),
    );

    // Opened on the search from a link, so its first page is the view's
    // first: drawn with each session's own chips and no spare ones.
    const before = location.href;
    const linked = new URL(location.href);
    linked.searchParams.set('sm-q', name);
    history.replaceState(null, '', linked);
    let element: SessionManager;
    try {
      ({ element } = await adminElement({
        'page-size': '2',
        'url-state': true,
      }));
    } finally {
      history.replaceState(null, '', before);
    }

    // What each row shows: its chips' labels, and every spare chip as
    // hidden, disabled and blank, so it holds nothing of another session.
    const shown = () =>
      findAll<HTMLTableRowElement>(element, 'tbody tr').map((row) => {
        const chips = [...row.querySelectorAll<HTMLButtonElement>('.chip')];
        const spare = chips.filter((chip) => chip.hidden);
        for (const chip of spare) {
          equal(getComputedStyle(chip).display, 'none', 'a spare is unseen');
          ok(chip.disabled, 'a spare cannot be pressed');
          equal(textOf(chip), '-');
          equal(chip.getAttribute('title'), null);
        }
        return {
          id: row.dataset['session'] ?? '',
          labels: chips.filter((chip) => !chip.hidden).map(textOf),
          chips: chips.length,
        };
      });
    const turn = async (label: 'Next' | 'Previous') => {
      const page = freshPage(element);
      button(element, label).click();
      await page;
    };

    const firstPage = shown();
    await turn('Next');
    const secondPage = shown();
    const secondChips = findAll(element, 'td .chip');
    await turn('Previous');
    const againFirst = shown();
    const againChips = findAll(element, 'td .chip');

    for (const { id, labels } of [...firstPage, ...secondPage, ...againFirst]) {
      deepEqual(labels, expected.get(id), `the chips of ${id}`);
    }
    equal(new Set([...firstPage, ...secondPage].map((row) => row.id)).size, 4);
    deepEqual(
      firstPage.map((row) => row.chips).sort(),
      [1, 2],
      'no spare chips before the first turn',
    );
    equal(secondChips.length, 4, 'two chips a row once a page was turned');
    equal(againChips.length, 4);
    ok(
      againChips.every((chip, index) => chip === secondChips[index]),
      'the same buttons, changed in place',
    );
  });

  it('narrows the page on show, and says so, where the host has no client filter', async () => {
    const name = marker('NoFilter');
    const [notes = '', photos = ''] = await seed([
      { subjectId: `${name}-1`, displayName: name, clientIds: ['demo-notes'] },
      { subjectId: `${name}-2`, displayName: name, clientIds: ['demo-photos'] },
    ]);
    const operator = await signIn({ username: 'admin', api: 'admin' });
    const { sessionEndpoint } = await testIdp();
    const real = new SessionClient({
      endpoint: sessionEndpoint,
      accessToken: operator.accessToken,
    });
    // A client made for a host built on Duende's query, which has no
    // client filter: it refuses the field, as the shared client refuses
    // any field it cannot send; everything else goes to the IdP.
    const refused: string[] = [];
    const client = {
      endpoint: real.endpoint,
      querySessions: (
        query: SessionQuery,
        options?: Parameters<SessionClient['querySessions']>[1],
      ) => {
        if (query.clientId) {
          refused.push(query.clientId);
          return Promise.reject(
            new InvalidInputError('The session query', [
              { field: 'clientId', message: 'is not known to this host' },
            ]),
          );
        }
        return real.querySessions(query, options);
      },
      listOwnSessions: real.listOwnSessions.bind(real),
      queryRemovals: real.queryRemovals.bind(real),
      removeOwnSessions: real.removeOwnSessions.bind(real),
      removeSessions: real.removeSessions.bind(real),
    };
    const errors: unknown[] = [];
    const element = await mount({ mode: 'admin', lang: 'en' }, { client });
    element.addEventListener('session-manager-error', (event) =>
      errors.push(event.detail.error),
    );
    await search(element, name);

    const page = freshPage(element);
    chipNamed(element, 'Photos').click();
    await page;
    const filtered = rowIds(element);
    const filter = textOf(find(element, '.filter'));
    await expectAccessible(element, 'client filter of the page on show');
    find<HTMLButtonElement>(element, '.filter button').click();
    await element.updateComplete;

    deepEqual(refused, ['demo-photos'], 'asked once, then not again');
    deepEqual(filtered, [photos]);
    match(filter, /cannot filter by client, so only the page on show/);
    equal(errors.length, 0, 'a refused filter is no error for the host');
    deepEqual(rowIds(element).sort(), [notes, photos].sort());
  });

  it('asks a new host for the client filter that the one before lacked', async () => {
    const name = marker('NewHost');
    const [, photos = ''] = await seed([
      { subjectId: `${name}-1`, displayName: name, clientIds: ['demo-notes'] },
      { subjectId: `${name}-2`, displayName: name, clientIds: ['demo-photos'] },
    ]);
    const operator = await signIn({ username: 'admin', api: 'admin' });
    const { sessionEndpoint } = await testIdp();
    const real = new SessionClient({
      endpoint: sessionEndpoint,
      accessToken: operator.accessToken,
    });
    // As above: a client for a host without the filter.
    const client = {
      endpoint: real.endpoint,
      querySessions: (
        query: SessionQuery,
        options?: Parameters<SessionClient['querySessions']>[1],
      ) =>
        query.clientId
          ? Promise.reject(
              new InvalidInputError('The session query', [
                { field: 'clientId', message: 'is not known to this host' },
              ]),
            )
          : real.querySessions(query, options),
      listOwnSessions: real.listOwnSessions.bind(real),
      queryRemovals: real.queryRemovals.bind(real),
      removeOwnSessions: real.removeOwnSessions.bind(real),
      removeSessions: real.removeSessions.bind(real),
    };
    const element = await mount({ mode: 'admin', lang: 'en' }, { client });
    await search(element, name);
    const refused = freshPage(element);
    chipNamed(element, 'Photos').click();
    await refused;
    find<HTMLButtonElement>(element, '.filter button').click();
    await element.updateComplete;

    const reconnected = freshPage(element);
    Object.assign(element, {
      client: null,
      endpoint: sessionEndpoint,
      accessToken: operator.accessToken,
    });
    // The search stays; the new host lists its first page.
    await reconnected;
    const filtered = freshPage(element);
    chipNamed(element, 'Photos').click();
    await filtered;

    deepEqual(rowIds(element), [photos]);
    ok(!textOf(find(element, '.filter')).includes('cannot filter'));
  });

  it('keeps the search in the address, so a link opens the same view', async () => {
    const name = marker('Linked');
    const [id = ''] = await seed([{ subjectId: name, displayName: name }]);
    const before = location.href;
    const operator = await signIn({ username: 'admin', api: 'admin' });
    const { attributes, properties } = await adminSettings(operator);

    try {
      const first = await mount(
        { ...attributes, 'url-state': true },
        properties,
      );
      await freshPage(first);
      await search(first, name, { field: 'subjectId', match: 'exact' });
      const address = new URL(location.href);
      cleanup();
      const second = await mount(
        { ...attributes, 'url-state': true },
        properties,
      );
      await freshPage(second);

      equal(address.searchParams.get('sm-q'), name);
      equal(address.searchParams.get('sm-in'), 'subjectId');
      equal(address.searchParams.get('sm-match'), 'exact');
      equal(find<HTMLInputElement>(second, 'input[name="text"]').value, name);
      deepEqual(rowIds(second), [id]);
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('shows every field in a dialog, with copy buttons for the ids', async () => {
    const name = marker('Detail');
    const [id = ''] = await seed([
      {
        subjectId: `${name}-sub`,
        displayName: `${name} Person`,
        userAgent: chromeOnWindows,
        ipAddress: '198.51.100.23',
        clientIds: ['demo-notes'],
      },
    ]);
    await allowClipboard();
    const { element } = await adminElement();
    await search(element, id, { field: 'sessionId', match: 'exact' });
    const trigger = button(element, 'Details');

    trigger.click();
    await dialogOpened(element);
    const dialog = openDialog(element);
    const text = textOf(dialog);
    await expectAccessible(element, 'detail dialog');
    button(dialog, `Copy`).click();
    await until(element, () => textOf(element).includes('copied'), 'copied');
    const copied = await navigator.clipboard.readText();
    await closeDialog(dialog);
    await element.updateComplete;

    for (const expected of [
      `${name} Person`,
      `${name}-sub`,
      id,
      '198.51.100.23',
      'Chrome on Windows',
      chromeOnWindows,
      'Notes',
      'demo-notes',
      'back-channel logout',
      'pwd',
    ]) {
      ok(text.includes(expected), `the dialog shows ${expected}`);
    }
    equal(copied, `${name}-sub`, 'the clipboard holds the subject');
    equal(element.shadowRoot?.activeElement, trigger, 'focus went back');
  });

  it('names devices from their user agents, with an icon', async () => {
    const name = marker('Devices');
    await seed([
      { subjectId: `${name}-1`, displayName: name, userAgent: chromeOnWindows },
      { subjectId: `${name}-2`, displayName: name, userAgent: safariOnIphone },
      { subjectId: `${name}-3`, displayName: name, userAgent: null },
    ]);
    const { element } = await adminElement();

    await search(element, name);

    const devices = findAll(element, 'tbody .device').map((d) => textOf(d));
    deepEqual(devices, [
      'Chrome on Windows',
      'Safari on iOS',
      'Unknown device',
    ]);
    equal(findAll(element, 'tbody .device svg').length, 3);
  });

  it('acts on the session a row shows now, after paging', async () => {
    const name = marker('PagedActions');
    const ids = await seed(
      ['First', 'Second'].map((which) => ({
        subjectId: `${name}-${which}`,
        displayName: `${name} ${which}`,
      })),
    );
    const { element } = await adminElement({ 'page-size': '1' });
    await search(element, name);

    // Details, the row's checkbox and its sign-out, on the one row shown.
    const actOnRow = async () => {
      const row = find<HTMLTableRowElement>(element, 'tbody tr');
      const shown = row.dataset['session'] ?? '';
      button(row, 'Details').click();
      const detail = await dialogOpened(element);
      const detailText = textOf(detail);
      await closeDialog(detail);
      const box = row.querySelector<HTMLInputElement>('input');
      box?.click();
      await element.updateComplete;
      const picked = textOf(element);
      box?.click();
      await element.updateComplete;
      button(row, 'Sign out…').click();
      const removal = await dialogOpened(element);
      const removalText = textOf(removal);
      await closeDialog(removal);
      return { shown, detailText, picked, removalText };
    };
    const first = await actOnRow();
    const page = freshPage(element);
    button(element, 'Next').click();
    await page;
    const second = await actOnRow();

    deepEqual([first.shown, second.shown].sort(), [...ids].sort());
    for (const row of [first, second]) {
      const [person, other] =
        row.shown === ids[0] ? ['First', 'Second'] : ['Second', 'First'];
      match(row.detailText, new RegExp(`${name} ${person}`));
      ok(!row.detailText.includes(`${name} ${other}`), 'its own detail');
      match(row.picked, /1 selected/);
      match(row.removalText, new RegExp(`${name} ${person}`));
      ok(!row.removalText.includes(`${name} ${other}`), 'its own removal');
    }
  });

  it('gives times relative to now, with the exact time on hover', async () => {
    const created = Date.UTC(2025, 0, 15, 8, 0, 0);
    const name = marker('Times');
    await seed([
      {
        subjectId: name,
        displayName: name,
        created,
        renewed: created + 90 * 60_000,
        expires: null,
      },
    ]);
    restoreClock = freezeClock(created + 2 * 3_600_000);
    const { element } = await adminElement();

    await search(element, name);

    const times = findAll<HTMLElement>(element, 'tbody .ago');
    deepEqual(
      times.map((time) => textOf(time)),
      ['2 hours ago', '30 minutes ago'],
    );
    const [first, second] = times as [HTMLElement, HTMLElement];
    equal(first.title, '', 'no tooltip before the pointer comes');
    const tooltip = await inWideWindow(() => hover(first, () => first.title));
    equal(tooltip, 'Jan 15, 2025, 8:00:00 AM UTC');
    equal(first.title, '', 'the tooltip goes with the pointer');
    const renewed = await inWideWindow(() => hover(second, () => second.title));
    equal(renewed, 'Jan 15, 2025, 9:30:00 AM UTC');
    match(rowTexts(element)[0] ?? '', /Never/);
  });

  it("gives a row drawn again for another session that session's times", async () => {
    const name = marker('PagedTimes');
    const hours = [3, 5];
    const now = Date.UTC(2025, 0, 15, 12, 0, 0);
    const ids = await seed(
      hours.map((hoursAgo, index) => ({
        subjectId: `${name}-${index}`,
        displayName: name,
        created: now - hoursAgo * 3_600_000,
        renewed: now - hoursAgo * 3_600_000,
        expires: null,
      })),
    );
    const expected = new Map(
      ids.map((id, index) => [
        id,
        `Jan 15, 2025, ${12 - (hours[index] ?? 0)}:00:00 AM UTC`,
      ]),
    );
    restoreClock = freezeClock(now);
    const { element } = await adminElement({ 'page-size': '1' });
    await search(element, name);

    // The created time of the one row on show, as text and on hover.
    const created = async () => {
      const row = find<HTMLTableRowElement>(element, 'tbody tr');
      const time = row.querySelector<HTMLElement>('.ago');
      if (!time) throw new Error('the row shows no relative time');
      const exact = await inWideWindow(() => hover(time, () => time.title));
      return { id: row.dataset['session'] ?? '', text: textOf(time), exact };
    };
    const firstRow = await created();
    const page = freshPage(element);
    button(element, 'Next').click();
    await page;
    const secondRow = await created();

    ok(firstRow.id !== secondRow.id, 'another session on the next page');
    for (const row of [firstRow, secondRow]) {
      equal(row.exact, expected.get(row.id), `the exact time of ${row.id}`);
    }
    deepEqual([firstRow.text, secondRow.text].sort(), [
      '3 hours ago',
      '5 hours ago',
    ]);
  });

  it('shows hostile names, clients and user agents as text', async () => {
    const hostile = '<img src=x onerror="window.__hacked=1">';
    const name = marker('Hostile');
    await seed([
      {
        subjectId: `${name}<b>`,
        displayName: `${name} ${hostile}`,
        userAgent: hostile,
        ipAddress: '<script>1</script>',
        clientIds: [hostile],
      },
    ]);
    const { element } = await adminElement();

    await search(element, name);
    const filtered = freshPage(element);
    chipNamed(element, hostile).click();
    await filtered;
    const filter = textOf(find(element, '.filter'));
    button(element, 'Details').click();
    await dialogOpened(element);

    equal(findAll(element, 'img, script, b').length, 0, 'no markup made');
    equal((window as { __hacked?: number }).__hacked, undefined);
    ok(textOf(find(element, 'tbody')).includes(hostile));
    ok(filter.includes(hostile), 'the filter chip names it as text');
    equal(rowTexts(element).length, 1, 'the API found it by that client');
    ok(textOf(openDialog(element)).includes(hostile));
  });
});
