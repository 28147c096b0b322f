import { sendKeys } from '@web/test-runner-commands';

import type { SessionManager } from '../../widget/index.ts';
import { equal, match, ok } from '../support/wtr-assert.ts';
import {
  adminElement,
  cleanup,
  dialogOpened,
  find,
  freshPage,
  marker,
  nextEvent,
  normalise,
  rowIds,
  seed,
  until,
} from './support.ts';

// The keyboard alone, through the browser's own key events: search, pick,
// open a dialog, confirm, close, switch tabs.

afterEach(cleanup);

function focused(element: SessionManager): HTMLElement | null {
  let active = element.shadowRoot?.activeElement ?? null;
  while (active?.shadowRoot?.activeElement) {
    active = active.shadowRoot.activeElement;
  }
  return active as HTMLElement | null;
}

/** Presses Tab until the focused element is the one `wanted` accepts. */
async function tabTo(
  element: SessionManager,
  wanted: (active: HTMLElement) => boolean,
  what: string,
): Promise<HTMLElement> {
  for (let presses = 0; presses < 60; presses++) {
    const active = focused(element);
    if (active && wanted(active)) {
      return active;
    }
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${what}`);
}

const labelled = (text: string) => (active: HTMLElement) =>
  normalise(active.textContent ?? '').startsWith(text);

describe('keyboard', () => {
  it('finds and signs out a session with the keyboard alone', async () => {
    const name = marker('Keys');
    const [id = ''] = await seed([{ subjectId: name, displayName: name }]);
    const { element } = await adminElement();
    document.body.focus();

    await tabTo(element, (a) => a.getAttribute('name') === 'text', 'search');
    const page = freshPage(element);
    await sendKeys({ type: name });
    await sendKeys({ press: 'Enter' });
    await page;
    await tabTo(element, labelled('Sign out…'), 'the row sign-out');
    await sendKeys({ press: 'Enter' });
    await dialogOpened(element);
    const first = focused(element);
    await tabTo(element, labelled('Sign out 1 session'), 'confirm');
    const removed = nextEvent(element, 'session-manager-removed');
    await sendKeys({ press: 'Enter' });
    const { detail } = await removed;
    await until(
      element,
      () => focused(element)?.textContent?.trim() === 'Close',
      'Close focused',
    );
    const closed = new Promise((resolve) =>
      find(element, 'dialog.removal').addEventListener('close', resolve, {
        once: true,
      }),
    );
    await sendKeys({ press: 'Escape' });
    await closed;

    match(normalise(first?.textContent ?? ''), /Cancel/);
    equal(detail.outcomes[0]?.error, null);
    equal(focused(element)?.id, 'heading');
    await until(element, () => rowIds(element).length === 0, 'the list');
    equal(rowIds(element).includes(id), false);
  });

  it('closes a dialog with Escape and gives focus back to its button', async () => {
    const name = marker('Escape');
    await seed([{ subjectId: name, displayName: name }]);
    const { element } = await adminElement();
    document.body.focus();
    await tabTo(element, (a) => a.getAttribute('name') === 'text', 'search');
    const page = freshPage(element);
    await sendKeys({ type: name });
    await sendKeys({ press: 'Enter' });
    await page;

    const details = await tabTo(element, labelled('Details'), 'Details');
    await sendKeys({ press: 'Enter' });
    const dialog = await dialogOpened(element);
    const inside = dialog.contains(focused(element));
    const closed = new Promise((r) =>
      dialog.addEventListener('close', r, { once: true }),
    );
    await sendKeys({ press: 'Escape' });
    await closed;
    await element.updateComplete;

    ok(inside, 'focus moved into the dialog');
    equal(focused(element), details);
  });

  it('selects with Space, and moves between the tabs with the arrows', async () => {
    const name = marker('Space');
    await seed([
      { subjectId: `${name}-1`, displayName: name },
      { subjectId: `${name}-2`, displayName: name },
    ]);
    const { element } = await adminElement();
    document.body.focus();
    await tabTo(element, (a) => a.getAttribute('name') === 'text', 'search');
    const page = freshPage(element);
    await sendKeys({ type: name });
    await sendKeys({ press: 'Enter' });
    await page;

    await tabTo(
      element,
      (a) =>
        a.getAttribute('aria-label') === 'Select all sessions on this page',
      'select all',
    );
    await sendKeys({ press: 'Space' });
    await element.updateComplete;
    const selected = normalise(find(element, '.bulk').textContent ?? '');
    const sessionsTab = find(element, '#tab-sessions');
    sessionsTab.focus();
    const history = nextEvent(
      element,
      'session-manager-load',
      (e) => e.detail.view === 'removals',
    );
    await sendKeys({ press: 'ArrowRight' });
    await history;
    await element.updateComplete;
    const afterRight = focused(element)?.id;
    await sendKeys({ press: 'Home' });
    await element.updateComplete;

    match(selected, /^2 selected/);
    equal(afterRight, 'tab-removals');
    equal(
      find(element, '#tab-removals').getAttribute('aria-selected'),
      'false',
    );
    equal(focused(element)?.id, 'tab-sessions');
  });
});
