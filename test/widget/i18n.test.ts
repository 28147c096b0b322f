import { executeServerCommand } from '@web/test-runner-commands';

import type { SessionManager } from '../../widget/index.ts';
import { deepEqual, equal, match, ok } from '../support/wtr-assert.ts';
import type { TranslationCheck } from '../support/wtr-widget.ts';
import {
  adminSettings,
  button,
  cleanup,
  dialogOpened,
  expectAccessible,
  find,
  hover,
  inWideWindow,
  findAll,
  freezeClock,
  freshPage,
  marker,
  mount,
  search,
  seed,
  signIn,
  textOf,
  until,
} from './support.ts';

// Languages: German complete and switched at run time, dates and numbers
// in the element's own language, a language taken from the page, and a
// right-to-left page.

let restoreClock: (() => void) | undefined;

afterEach(() => {
  restoreClock?.();
  restoreClock = undefined;
  cleanup();
});

const created = Date.UTC(2025, 0, 15, 8, 0, 0);

/** An admin list showing one seeded session, two hours old. */
function within(scope: Element, selector: string): Element {
  const found = scope.querySelector(selector);
  if (!found) {
    throw new Error(`nothing matches ${selector}`);
  }
  return found;
}

async function listIn(
  attributes: Record<string, string>,
  container?: HTMLElement,
): Promise<SessionManager> {
  const name = marker('Lang');
  await seed([
    {
      subjectId: name,
      displayName: name,
      created,
      renewed: created,
      expires: null,
      clientIds: ['demo-notes'],
    },
  ]);
  restoreClock = freezeClock(created + 2 * 3_600_000);
  const operator = await signIn({ username: 'admin', api: 'admin' });
  const settings = await adminSettings(operator);
  const element = await mount(
    { ...settings.attributes, ...attributes },
    settings.properties,
    container,
  );
  await freshPage(element);
  await search(element, name);
  return element;
}

function relativeTimes(element: SessionManager): string[] {
  return findAll(element, 'tbody .ago').map((time) => textOf(time));
}

describe('languages', () => {
  it('has a German translation for every message in the sources', async () => {
    const check = await executeServerCommand<TranslationCheck, unknown>(
      'widget-translations',
      { locale: 'de' },
    );

    deepEqual(check.missing, [], 'messages without a German translation');
    deepEqual(check.stale, [], 'translations of messages that are gone');
    deepEqual(check.errors, []);
  });

  it('switches to German and back while it runs', async () => {
    const element = await listIn({ lang: 'de' });

    await until(element, () => /Sitzungen/.test(textOf(element)), 'German');
    const german = textOf(element);
    const germanTimes = relativeTimes(element);
    const time = find<HTMLElement>(element, 'tbody .ago');
    const exact = await inWideWindow(() => hover(time, () => time.title));
    button(element, 'Abmelden …').click();
    const dialog = await dialogOpened(element);
    const dialogText = textOf(dialog);
    await expectAccessible(element, 'German dialog');
    dialog.close();
    element.setAttribute('lang', 'en');
    await until(element, () => /Sessions/.test(textOf(element)), 'English');

    match(german, /Suchen in/);
    match(german, /1 Sitzung, Seite 1 von 1/);
    match(german, /Aktualisiert/);
    deepEqual(germanTimes, ['vor 2 Stunden', 'vor 2 Stunden']);
    match(german, /Nie/);
    equal(exact, '15.01.2025, 08:00:00 UTC');
    match(dialogText, /1 Sitzung abmelden/);
    match(dialogText, /Als JWT ausgestellte Zugriffstokens/);
    match(textOf(element), /1 session, page 1 of 1/);
    deepEqual(relativeTimes(element), ['2 hours ago', '2 hours ago']);
    match(textOf(element), /Never/);
  });

  it('formats in its own language when there is no translation for it', async () => {
    const element = await listIn({ lang: 'fr' });

    const times = relativeTimes(element);

    match(textOf(element), /Sessions/, 'the strings fall back to English');
    equal(times[0], 'il y a 2 heures');
  });

  it('takes its language from the page when it has none of its own', async () => {
    const page = document.createElement('section');
    page.lang = 'de-CH';
    document.body.append(page);
    try {
      const element = await listIn({ lang: '' }, page);

      await until(element, () => /Sitzungen/.test(textOf(element)), 'German');

      equal(relativeTimes(element)[0], 'vor 2 Stunden');
    } finally {
      page.remove();
    }
  });

  it('mirrors its layout on a right-to-left page', async () => {
    const page = document.createElement('div');
    page.dir = 'rtl';
    page.style.inlineSize = '900px';
    document.body.append(page);
    try {
      const element = await listIn({ lang: 'ar' }, page);

      const header = find(element, 'header');
      const heading = find(element, '#heading').getBoundingClientRect();
      const box = header.getBoundingClientRect();
      const arrow = getComputedStyle(find(element, '.pager .arrow')).transform;

      equal(getComputedStyle(header).direction, 'rtl');
      ok(box.right - heading.right < 2, 'the heading starts on the right');
      ok(element.scrollWidth <= element.clientWidth, 'nothing overflows');
      equal(arrow, 'matrix(-1, 0, 0, 1, 0, 0)', 'arrows point the other way');
      await expectAccessible(element, 'right to left');
    } finally {
      page.remove();
    }
  });

  it('mirrors the removal dialog and the filter chip on a right-to-left page', async () => {
    const page = document.createElement('div');
    page.dir = 'rtl';
    page.style.inlineSize = '900px';
    document.body.append(page);
    try {
      const element = await listIn({ lang: 'ar' }, page);
      const filtered = freshPage(element);
      find<HTMLButtonElement>(element, 'td .chip').click();
      await filtered;
      const filter = find(element, '.filter');
      const label = within(filter, 'span').getBoundingClientRect();
      const box = filter.getBoundingClientRect();

      button(element, 'Sign out…').click();
      const dialog = await dialogOpened(element);
      const form = within(dialog, 'form');
      const choice = within(dialog, '.choice').getBoundingClientRect();
      const checkbox = within(dialog, '.choice input').getBoundingClientRect();

      ok(box.right - label.right < 2, 'the filter starts on the right');
      equal(getComputedStyle(form).direction, 'rtl');
      ok(choice.right - checkbox.right < 8, 'each box is right of its words');
      ok(dialog.scrollWidth <= dialog.clientWidth, 'nothing overflows');
      await expectAccessible(element, 'right-to-left dialog');
    } finally {
      page.remove();
    }
  });
});
