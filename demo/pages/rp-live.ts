/**
 * Keeps a relying party's list of received back-channel logouts current by
 * polling its demo server every couple of seconds, and runs the "use the
 * refresh token" button. The server answers from the IdP's receiver, so
 * this page never talks to the IdP itself.
 */

interface ShownLogout {
  receivedAt: string;
  valid: boolean;
  error: string | null;
  claims: { sub?: unknown; sid?: unknown } | null;
  thisBrowser: boolean;
}

interface RefreshOutcome {
  ok: boolean;
  error: string | null;
}

const pollMs = 2_000;

const table = document.querySelector<HTMLTableElement>('#logouts');
const statusLine = document.querySelector<HTMLElement>('#logouts-status');
let shownCount = -1;

async function poll(): Promise<void> {
  try {
    const response = await fetch('logouts', { cache: 'no-store' });
    if (!response.ok) throw new Error(`status ${response.status}`);
    render((await response.json()) as ShownLogout[]);
  } catch (error) {
    if (statusLine)
      statusLine.textContent = `Could not read the logouts: ${error}`;
  }
  setTimeout(() => void poll(), pollMs);
}

function render(logouts: ShownLogout[]): void {
  if (!table || !statusLine || logouts.length === shownCount) return;
  shownCount = logouts.length;

  statusLine.textContent =
    logouts.length === 0
      ? 'None yet. End a session of a user signed in here to see one.'
      : `${logouts.length} received.`;
  table.hidden = logouts.length === 0;
  table.tBodies[0]?.replaceChildren(
    ...logouts.toReversed().map((logout) => row(logout)),
  );
  document.body.dataset['logouts'] = String(logouts.length);

  // A valid logout token for this browser's session means the IdP ended
  // it; a real relying party would drop its own sign-in now.
  const ended = logouts.find((logout) => logout.valid && logout.thisBrowser);
  const signedIn = document.querySelector('#signed-in');
  if (ended && signedIn && !document.querySelector('#ended')) {
    const note = document.createElement('p');
    note.id = 'ended';
    note.className = 'problem';
    note.textContent =
      'The IdP ended this sign-in with a back-channel logout at ' +
      `${new Date(ended.receivedAt).toLocaleString()}.`;
    signedIn.before(note);
  }
}

function row(logout: ShownLogout): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const received = cell(new Date(logout.receivedAt).toLocaleString());
  const verdict = cell(logout.valid ? 'Valid' : `Refused: ${logout.error}`);
  verdict.className = logout.valid ? 'valid' : 'invalid';
  const subject = cell(String(logout.claims?.sub ?? '—'));
  const sid = cell(String(logout.claims?.sid ?? '—'));
  if (logout.thisBrowser) {
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = 'this browser';
    sid.append(badge);
  }
  tr.append(received, verdict, subject, sid);
  return tr;
}

function cell(text: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

document.querySelector('#refresh')?.addEventListener('click', async () => {
  const output = document.querySelector('#refresh-result');
  const response = await fetch('refresh', { method: 'POST' });
  const outcome = (await response.json()) as RefreshOutcome;
  if (output) {
    output.textContent = outcome.ok
      ? 'The refresh token worked: the IdP issued new tokens.'
      : `The refresh token was refused (${outcome.error ?? 'unknown error'}).`;
  }
});

void poll();
