import { SessionClient, type UserSession } from '../../shared/index.ts';
import { deepEqual, equal, match, ok } from '../support/wtr-assert.ts';
import type { WidgetSignedIn } from '../support/wtr-widget.ts';
import {
  adminSettings,
  button,
  cleanup,
  expectAccessible,
  freshPage,
  marker,
  mount,
  nextEvent,
  search,
  seed,
  signIn,
  testIdp,
  textOf,
  until,
} from './support.ts';

// Export of everything a search matches, over every page, checked against
// what the session API itself returns for the same search.

afterEach(cleanup);

/** RFC 4180, as a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += char;
    }
  }
  return rows;
}

/** What a cell holding `value` says after CSV-injection defusing. */
function defused(value: string): string {
  return /^[=+\-@]/.test(value) ? `'${value}` : value;
}

async function everySession(
  accessToken: string,
  displayName: string,
): Promise<UserSession[]> {
  const { sessionEndpoint } = await testIdp();
  const client = new SessionClient({ endpoint: sessionEndpoint, accessToken });
  const all: UserSession[] = [];
  let page = await client.querySessions({ displayName, countRequested: 40 });
  all.push(...page.results);
  while (page.hasNextResults && page.resultsToken) {
    page = await client.querySessions({
      displayName,
      countRequested: 40,
      resultsToken: page.resultsToken,
    });
    all.push(...page.results);
  }
  return all;
}

/** Seeds `count` sessions named after `name`, one of them hostile. */
async function population(name: string, count: number): Promise<void> {
  await seed([
    {
      subjectId: `${name}-evil`,
      displayName: `=HYPERLINK("x") ${name}`,
      userAgent: '@SUM(A1)',
      ipAddress: '+203.0.113.9',
      clientIds: ['demo-notes', 'demo-photos'],
    },
    ...Array.from({ length: count - 1 }, (_, i) => ({
      subjectId: `${name}-${i}`,
      displayName: `${name} "${i}", Jr.`,
      clientIds: ['demo-notes'],
    })),
  ]);
}

/** A token provider that can be told to hold requests back. */
function holdableToken(token: string) {
  let held: Promise<void> | null = null;
  let release = () => {};
  let calls = 0;
  return {
    tokenProvider: async () => {
      calls += 1;
      await held;
      return token;
    },
    hold() {
      held = new Promise((resolve) => (release = resolve));
    },
    release() {
      held = null;
      release();
    },
    get calls() {
      return calls;
    },
  };
}

async function exporter(
  admin: WidgetSignedIn,
  name: string,
  properties: Parameters<typeof mount>[1] = {},
) {
  const settings = await adminSettings(admin);
  const element = await mount(settings.attributes, {
    ...settings.properties,
    ...properties,
  });
  await freshPage(element);
  await search(element, name);
  return element;
}

describe('export', () => {
  it('writes every matching session, over every page, as CSV', async () => {
    const name = marker('Csv');
    await population(name, 105);
    const admin = await signIn({ username: 'admin', api: 'admin' });
    const element = await exporter(admin, name);
    element.addEventListener('session-manager-export', (event) =>
      event.preventDefault(),
    );

    const exported = nextEvent(element, 'session-manager-export');
    button(element, 'Export CSV').click();
    const { detail } = await exported;
    await element.updateComplete;
    const expected = await everySession(admin.accessToken, name);

    ok(detail.text.startsWith('\uFEFF'), 'a byte order mark for spreadsheets');
    const [header = [], ...rows] = parseCsv(detail.text.slice(1));
    const column = (row: string[], title: string) =>
      row[header.indexOf(title)] ?? '';
    equal(detail.count, 105);
    equal(rows.length, 105);
    match(detail.filename, /^sessions-.*\.csv$/);
    deepEqual(
      rows.map((row) => column(row, 'sessionId')).sort(),
      expected.map((session) => defused(session.sessionId)).sort(),
      'ids that start with - are defused like any other cell',
    );
    const evil = rows.find(
      (row) => column(row, 'subjectId') === `${name}-evil`,
    );
    equal(column(evil ?? [], 'displayName'), `'=HYPERLINK("x") ${name}`);
    equal(column(evil ?? [], 'userAgent'), "'@SUM(A1)");
    equal(column(evil ?? [], 'ipAddress'), "'+203.0.113.9");
    equal(column(evil ?? [], 'clientIds'), 'demo-notes demo-photos');
    const plain = expected.find((s) => s.subjectId === `${name}-0`);
    const row = rows.find((r) => column(r, 'subjectId') === `${name}-0`) ?? [];
    equal(column(row, 'displayName'), `${name} "0", Jr.`);
    equal(column(row, 'created'), plain?.created.toISOString());
    match(textOf(element), /Exported 105 sessions\./);
  });

  it('writes the same sessions as JSON, as the API describes them', async () => {
    const name = marker('Json');
    await population(name, 12);
    const admin = await signIn({ username: 'admin', api: 'admin' });
    const element = await exporter(admin, name);
    element.addEventListener('session-manager-export', (event) =>
      event.preventDefault(),
    );

    const exported = nextEvent(element, 'session-manager-export');
    button(element, 'Export JSON').click();
    const { detail } = await exported;
    const file = JSON.parse(detail.text) as {
      exportedAt: string;
      query: { displayName: string };
      sessions: { sessionId: string; created: string }[];
    };
    const expected = await everySession(admin.accessToken, name);

    equal(detail.format, 'json');
    equal(file.query.displayName, name);
    deepEqual(
      file.sessions.map((s) => s.sessionId),
      expected.map((s) => s.sessionId),
    );
    deepEqual(
      file.sessions.map((s) => s.created),
      expected.map((s) => s.created.toISOString()),
    );
  });

  it('says how far it has got while it runs', async () => {
    const name = marker('Progress');
    await population(name, 104);
    const admin = await signIn({ username: 'admin', api: 'admin' });
    const token = holdableToken(admin.accessToken);
    const element = await exporter(admin, name, {
      accessToken: null,
      tokenProvider: token.tokenProvider,
    });
    element.addEventListener('session-manager-export', (event) =>
      event.preventDefault(),
    );

    const before = token.calls;
    const exported = nextEvent(element, 'session-manager-export');
    button(element, 'Export CSV').click();
    await until(element, () => token.calls > before, 'the first page');
    token.hold();
    await until(element, () => /100 of 104/.test(textOf(element)), 'progress');
    const during = textOf(element);
    await expectAccessible(element, 'export in progress');
    token.release();
    const { detail } = await exported;

    match(during, /Exporting: 100 of 104 sessions\./);
    equal(detail.count, 104);
  });

  it('stops when cancelled, and delivers nothing', async () => {
    const name = marker('Cancelled');
    await population(name, 3);
    const admin = await signIn({ username: 'admin', api: 'admin' });
    const token = holdableToken(admin.accessToken);
    const element = await exporter(admin, name, {
      accessToken: null,
      tokenProvider: token.tokenProvider,
    });
    let exports = 0;
    element.addEventListener('session-manager-export', () => exports++);

    token.hold();
    button(element, 'Export CSV').click();
    await until(element, () => /Cancel export/.test(textOf(element)), 'cancel');
    button(element, 'Cancel export').click();
    token.release();
    await until(
      element,
      () => /Export cancelled/.test(textOf(element)),
      'done',
    );

    equal(exports, 0);
    ok(!button(element, 'Export CSV').disabled, 'ready for another export');
  });
});
