import {
  executeServerCommand,
  sendMouse,
  setViewport,
} from '@web/test-runner-commands';

import type { SessionManager } from '../../widget/index.ts';
import type { SessionManagerEventMap } from '../../widget/events.ts';
import type {
  ReceivedLogoutSummary,
  SeedSession,
  WidgetSignedIn,
  WidgetSignInPayload,
} from '../support/wtr-widget.ts';
import { testIdp } from '../support/wtr-browser.ts';

/**
 * Helpers for the element's tests, without registering the element, so
 * the test of the built bundle can register its own: one element per test
 * on a clean page,
 * real sign-ins and seeded sessions on the reference IdP, events awaited
 * rather than slept for, and axe run over the element's shadow root.
 */

export { testIdp } from '../support/wtr-browser.ts';

async function command<Result>(name: string, payload?: unknown) {
  const result = await executeServerCommand<
    Result | { error: string },
    unknown
  >(name, payload);
  if (typeof result === 'object' && result !== null && 'error' in result) {
    throw new Error(result.error);
  }
  return result as Result;
}

/** Signs a demo user in for real, to the API's client and `clients`. */
export function signIn(payload: WidgetSignInPayload): Promise<WidgetSignedIn> {
  return command('widget-sign-in', payload);
}

/** Writes sessions into the IdP as its seeding does; resolves their ids. */
export function seed(sessions: readonly SeedSession[]): Promise<string[]> {
  return command('widget-seed', { sessions });
}

/** Back-channel logouts the receiver recorded since `since` (epoch ms). */
export function logoutsSince(since: number): Promise<ReceivedLogoutSummary[]> {
  return command('widget-logouts', { since });
}

/** Makes one client's receiver answer `status`; null restores it. */
export function receiverStatus(
  clientId: string,
  status: number | null,
): Promise<void> {
  return command('widget-receiver-status', { clientId, status });
}

/** Whether the IdP still calls this client's token of a sign-in active. */
export function tokenActive(handle: string, clientId: string) {
  return command<boolean>('widget-token-active', { handle, clientId });
}

/** Whether the sign-in's browser would still be signed in at the IdP. */
export function idpSession(handle: string) {
  return command<boolean>('widget-idp-session', { handle });
}

/** The clients a subject has granted consent to. */
export function grants(subjectId: string) {
  return command<string[]>('widget-grants', { subjectId });
}

/** Makes the IdP fail (500) to remove one session, or stop failing. */
export function failRemovalOf(sessionId: string, on: boolean) {
  return command<boolean>('widget-fail-removal', { sessionId, on });
}

/**
 * Tells the page it went offline, or back online, the way the browser
 * does: `navigator.onLine` and the window's `offline` and `online`
 * events. DevTools' own offline mode would also cut the test runner's
 * connection to the page, so the browser's signal is played instead.
 */
export function setOffline(offline: boolean): void {
  if (offline === !navigator.onLine) {
    return;
  }
  if (offline) {
    Object.defineProperty(navigator, 'onLine', {
      configurable: true,
      get: () => false,
    });
  } else {
    delete (navigator as { onLine?: boolean }).onLine;
  }
  dispatchEvent(new Event(offline ? 'offline' : 'online'));
}

/** A marker no other test uses, for display names to search by. */
export function marker(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 10)}`;
}

const mounted: HTMLElement[] = [];

type Settings = Partial<
  Pick<
    SessionManager,
    | 'endpoint'
    | 'accessToken'
    | 'tokenProvider'
    | 'client'
    | 'viewer'
    | 'locations'
  >
>;

/**
 * Puts one `<session-manager>` on the page with these attributes and
 * properties. Each gets its own viewer, so no test sees another's cache.
 */
export async function mount(
  attributes: Record<string, string | boolean>,
  properties: Settings = {},
  container: HTMLElement = document.body,
): Promise<SessionManager> {
  const element = document.createElement('session-manager');
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== false) {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  Object.assign(element, { viewer: marker('viewer'), ...properties });
  const holder = document.createElement('div');
  holder.append(element);
  container.append(holder);
  mounted.push(holder);
  await element.updateComplete;
  return element;
}

/** Removes every element a test mounted. */
export function cleanup(): void {
  for (const holder of mounted.splice(0)) {
    holder.remove();
  }
}

/** Resolves with the next event `name` that passes `accept`. */
export function nextEvent<Name extends keyof SessionManagerEventMap>(
  target: EventTarget,
  name: Name,
  accept: (event: SessionManagerEventMap[Name]) => boolean = () => true,
): Promise<SessionManagerEventMap[Name]> {
  return new Promise((resolve) => {
    const listener = (event: Event) => {
      const typed = event as SessionManagerEventMap[Name];
      if (accept(typed)) {
        target.removeEventListener(name, listener);
        resolve(typed);
      }
    };
    target.addEventListener(name, listener);
  });
}

/** Waits for the next fresh page, then for the element to render it. */
export async function freshPage(element: SessionManager): Promise<void> {
  await nextEvent(
    element,
    'session-manager-load',
    (event) => event.detail.source === 'network',
  );
  await element.updateComplete;
}

/** Waits until `check` holds after a render; for states without events. */
export async function until(
  element: SessionManager,
  check: () => boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await element.updateComplete;
  }
}

function rootOf(element: SessionManager): ShadowRoot {
  const root = element.shadowRoot;
  if (!root) {
    throw new Error('the element has no shadow root');
  }
  return root;
}

/** The one element in the shadow root that matches; throws if none. */
export function find<E extends Element = HTMLElement>(
  element: SessionManager,
  selector: string,
): E {
  const found = rootOf(element).querySelector<E>(selector);
  if (!found) {
    throw new Error(`nothing in the element matches ${selector}`);
  }
  return found;
}

export function findAll<E extends Element = HTMLElement>(
  element: SessionManager,
  selector: string,
): E[] {
  return [...rootOf(element).querySelectorAll<E>(selector)];
}

/** The first button whose text includes `label`; throws if none. */
export function button(
  element: SessionManager | Element,
  label: string | RegExp,
): HTMLButtonElement {
  const scope =
    'shadowRoot' in element && element.shadowRoot
      ? element.shadowRoot
      : element;
  const found = [...scope.querySelectorAll('button')].find((candidate) => {
    const text = normalise(candidate.textContent ?? '');
    return typeof label === 'string' ? text.includes(label) : label.test(text);
  });
  if (!found) {
    throw new Error(`no button says ${String(label)}`);
  }
  return found;
}

export function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Everything the element shows, as one line of text. */
export function textOf(element: SessionManager | Element): string {
  const root =
    'shadowRoot' in element && element.shadowRoot
      ? element.shadowRoot
      : element;
  return normalise(root.textContent ?? '');
}

/** The sessions the admin results list, by id; vanished ones left out. */
export function rowIds(element: SessionManager): string[] {
  return findAll(element, 'tbody tr[data-session]:not(.vanished)').map(
    (row) => row.dataset['session'] ?? '',
  );
}

/** The open dialog of the element; throws when none is open. */
export function openDialog(element: SessionManager): HTMLDialogElement {
  const dialog = findAll<HTMLDialogElement>(element, 'dialog').find(
    (candidate) => candidate.open,
  );
  if (!dialog) {
    throw new Error('no dialog is open');
  }
  return dialog;
}

/** Types into an input as a person would, firing `input`. */
/**
 * Moves the real mouse over `target`'s middle, then off the page's
 * content, so pointer events come from Chromium itself. Resolves with
 * what `whileOver` saw while the pointer was over it.
 */
export async function hover<Seen>(
  target: Element,
  whileOver: () => Seen,
): Promise<Seen> {
  target.scrollIntoView({ block: 'center' });
  const box = target.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) {
    throw new Error(`${target.localName} is not on screen: nothing to hover`);
  }
  const x = Math.round(box.left + box.width / 2);
  const y = Math.round(box.top + box.height / 2);
  await sendMouse({ type: 'move', position: [x, y] });
  const seen = whileOver();
  await sendMouse({ type: 'move', position: [0, 0] });
  return seen;
}

/**
 * Runs `test` in a window wide enough for every column of the results,
 * which narrower ones hide, and gives the test runner's size back after.
 */
export async function inWideWindow<Result>(
  test: () => Promise<Result>,
): Promise<Result> {
  const before = { width: innerWidth, height: innerHeight };
  await setViewport({ width: 1400, height: 900 });
  try {
    return await test();
  } finally {
    await setViewport(before);
  }
}

export function type(input: HTMLInputElement, text: string): void {
  input.value = text;
  input.dispatchEvent(
    new InputEvent('input', { bubbles: true, composed: true }),
  );
}

/** Sets a checkbox or radio as a click would, firing `change`. */
export function check(input: HTMLInputElement, checked = true): void {
  if (input.checked !== checked) {
    input.click();
  }
}

interface AxeResults {
  violations: {
    id: string;
    help: string;
    nodes: { target: unknown[]; failureSummary?: string }[];
  }[];
}

declare global {
  interface Window {
    axe?: { run(context: unknown, options?: unknown): Promise<AxeResults> };
  }
}

let axeLoaded: Promise<void> | undefined;

function loadAxe(): Promise<void> {
  axeLoaded ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('axe-core did not load'));
    document.head.append(script);
  });
  return axeLoaded;
}

/**
 * Runs axe-core over the element, its shadow root and any open dialog,
 * and fails with every violation it finds.
 */
export async function expectAccessible(
  element: SessionManager,
  state: string,
): Promise<void> {
  await loadAxe();
  await element.updateComplete;
  const axe = window.axe;
  if (!axe) {
    throw new Error('axe-core is not on the page');
  }

  const results = await axe.run(element, {
    resultTypes: ['violations'],
  });
  if (results.violations.length > 0) {
    const lines = results.violations.map(
      (violation) =>
        `${violation.id} (${violation.help}): ` +
        violation.nodes
          .map(
            (node) =>
              `${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`,
          )
          .join('; '),
    );
    throw new Error(
      `axe found problems in the ${state} state:\n${lines.join('\n')}`,
    );
  }
}

/** Makes `Date.now` stand still at `at` until the returned undo runs. */
export function freezeClock(at: number): () => void {
  const real = Date.now;
  Date.now = () => at;
  return () => {
    Date.now = real;
  };
}

/** The admin settings of a test that signed in as the operator. */
export async function adminSettings(operator: WidgetSignedIn) {
  const { sessionEndpoint } = await testIdp();
  return {
    attributes: {
      mode: 'admin',
      endpoint: sessionEndpoint,
      'time-zone': 'UTC',
      lang: 'en',
    },
    properties: { accessToken: operator.accessToken },
  };
}

export interface SearchOptions {
  readonly field?: 'displayName' | 'subjectId' | 'sessionId';
  readonly match?: 'contains' | 'exact';
}

/** Fills the admin search and presses its button; waits for the page. */
export async function search(
  element: SessionManager,
  text: string,
  options: SearchOptions = {},
): Promise<void> {
  // Right after mounting, the element may still be connecting.
  await until(
    element,
    () => !!element.shadowRoot?.querySelector('form.search'),
    'the search form',
  );
  const form = find<HTMLFormElement>(element, 'form.search');
  const field = find<HTMLSelectElement>(element, 'select[name="field"]');
  field.value = options.field ?? 'displayName';
  find<HTMLInputElement>(element, 'input[name="text"]').value = text;
  const match = options.match ?? 'contains';
  find<HTMLInputElement>(element, `input[value="${match}"]`).checked = true;
  const page = freshPage(element);
  form.requestSubmit();
  await page;
}

/** The visible text of the results' rows, one string per row. */
export function rowTexts(element: SessionManager): string[] {
  return findAll(element, 'tbody tr').map((row) =>
    normalise(row.textContent ?? ''),
  );
}

/** The session API's base URL and an operator's settings, in one. */
export async function adminElement(
  extra: Record<string, string | boolean> = {},
  properties: Parameters<typeof mount>[1] = {},
) {
  const operator = await signIn({ username: 'admin', api: 'admin' });
  const settings = await adminSettings(operator);
  const element = await mount(
    { ...settings.attributes, ...extra },
    { ...settings.properties, ...properties },
  );
  await freshPage(element);
  return { element, operator };
}

/** Waits until one of the element's dialogs is open, and returns it. */
export async function dialogOpened(
  element: SessionManager,
): Promise<HTMLDialogElement> {
  await until(
    element,
    () => findAll<HTMLDialogElement>(element, 'dialog').some((d) => d.open),
    'a dialog to open',
  );
  return openDialog(element);
}

/** Closes a dialog as Escape would, and waits for its `close` event. */
export async function closeDialog(dialog: HTMLDialogElement): Promise<void> {
  const closed = new Promise((resolve) =>
    dialog.addEventListener('close', resolve, { once: true }),
  );
  dialog.requestClose();
  await closed;
}

/** Lets the test page read the clipboard. */
export function allowClipboard() {
  return command<boolean>('widget-clipboard');
}
