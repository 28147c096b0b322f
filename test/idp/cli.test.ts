import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';

import { callApi } from '../support/api.ts';
import { clientCredentials } from '../support/oidc.ts';

/**
 * `npm run idp` as a script would use it: a free port, a database file,
 * a seed, and the first line of output naming the URL.
 */

let folder: string;
let child: ChildProcess;
let issuer: string;
const lines: string[] = [];

function start(args: string[]): Promise<string> {
  child = spawn(process.execPath, ['--import', 'tsx', 'idp/main.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!child.stdout) {
    throw new Error('the IdP was started without a stdout pipe');
  }
  const output = createInterface({ input: child.stdout });
  output.on('line', (line) => lines.push(line));

  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    output.once('line', resolve);
  });
}

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'idp-cli-'));
  const first = await start([
    '--port',
    '0',
    '--db',
    join(folder, 'idp.sqlite'),
    '--seed',
    '500',
    '--origin',
    'http://127.0.0.1:5173',
  ]);
  const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first);
  assert.ok(match?.[1], `first line was "${first}"`);
  issuer = match[1];
});

after(() => {
  child.kill('SIGTERM');
  rmSync(folder, { recursive: true, force: true });
});

test('discovery names the session API', async () => {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  const metadata = (await response.json()) as Record<string, unknown>;

  assert.equal(metadata['issuer'], issuer);
  assert.equal(metadata['session_management_endpoint'], `${issuer}/sessions`);
});

test('the seeded sessions can be queried', async () => {
  const token = await clientCredentials(
    { issuer },
    { scope: 'sessions.admin' },
  );

  const answer = await callApi(`${issuer}/sessions`, '?countRequested=10', {
    token,
  });

  assert.equal(answer.status, 200);
  const page = answer.body as { totalCount: number; results: unknown[] };
  assert.equal(page.results.length, 10);
  assert.ok(page.totalCount >= 450, `counted ${page.totalCount}`);
});

test('a removal writes one log line', async () => {
  const token = await clientCredentials(
    { issuer },
    { scope: 'sessions.admin' },
  );

  const answer = await callApi(`${issuer}/sessions`, '/remove', {
    token,
    body: { subjectId: 'nobody-at-all' },
  });

  assert.equal(answer.status, 200);
  const { removalId } = answer.body as { removalId: string };
  const logged = lines.filter((line) => line.includes(removalId));
  assert.equal(logged.length, 1);
  assert.match(logged[0] ?? '', /subject=nobody-at-all .*removed=0/);
});

test('a bad option stops with a usage message', async () => {
  const bad = spawn(
    process.execPath,
    ['--import', 'tsx', 'idp/main.ts', '--port', 'eighty'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let errors = '';
  bad.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));

  const code = await new Promise((resolve) => bad.once('exit', resolve));

  assert.equal(code, 2);
  assert.match(errors, /--port must be a whole number, not "eighty"/);
  assert.match(errors, /Usage: npm run idp/);
});
