import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { startDemo } from '../demo/server.ts';
import { developmentExtensionId } from '../idp/extension-id.ts';
import { defaultOptions } from '../idp/options.ts';
import { startIdp } from '../idp/server.ts';

/**
 * `npm start`: the whole demo on this machine. Builds the element and the
 * extension when their output is missing or older than their sources,
 * starts the reference IdP with its database under `data/` (kept between
 * runs; `--reset` deletes it), seeds synthetic sessions on the first run
 * only, and serves the demo pages on a second origin, as a deployment
 * would have them. Ctrl-C stops everything.
 */

const idpPort = 4000;
const demoPort = 5173;
const databasePath = 'data/demo.sqlite';
const seededSessions = 400;

interface Build {
  name: string;
  script: string;
  /** What to run when package.json does not have the script yet. */
  fallback?: string[];
  output: string;
  sources: string[];
}

const builds: Build[] = [
  {
    name: 'the <session-manager> element',
    script: 'build:widget',
    fallback: ['npx', 'vite', 'build', '--mode', 'widget'],
    output: 'dist/widget',
    sources: ['widget', 'shared'],
  },
  {
    name: 'the browser extension',
    script: 'build:extension',
    output: 'dist/extension',
    sources: ['extension', 'widget', 'shared', 'manifest.json'],
  },
];

const { values } = parseArgs({
  options: { reset: { type: 'boolean' }, help: { type: 'boolean' } },
});
if (values.help) {
  console.log(
    'Usage: npm start [-- --reset]\n' +
      `  --reset   delete ${databasePath} first: fresh demo data, no sign-ins`,
  );
  process.exit(0);
}

const started = Date.now();
for (const build of builds) {
  await buildIfStale(build);
}

if (values.reset) {
  for (const suffix of ['', '-wal', '-shm']) {
    rmSync(`${databasePath}${suffix}`, { force: true });
  }
  console.log(`reset: deleted ${databasePath}`);
}
const firstRun = !existsSync(databasePath);
mkdirSync('data', { recursive: true });

const demo = await orExplainPort(demoPort, () =>
  startDemo({ port: demoPort, log: (line) => console.log(line) }),
);
const idp = await orExplainPort(idpPort, () =>
  startIdp({
    ...defaultOptions,
    port: idpPort,
    databasePath,
    seed: firstRun ? seededSessions : 0,
    // The extension needs no CORS: its host permission for the IdP's
    // origin lets it read the answers.
    origins: [demo.origin],
    extensionId: developmentExtensionId,
    allowLoopbackBackchannel: true,
    backchannelTimeoutMs: 5_000,
  }),
);
if (!idp.receiver) {
  throw new Error('the IdP started no back-channel receiver');
}
demo.useIdp({ issuer: idp.issuer, receiverUrl: idp.receiver.url });

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const seeded = firstRun ? `, seeded ${seededSessions} sessions` : '';
console.log(`
Session manager demo, up in ${seconds} s${seeded}

  Admin portal     ${demo.origin}/admin/
  Your account     ${demo.origin}/account/
  Relying parties  ${demo.origin}/rp/demo-notes/
                   ${demo.origin}/rp/demo-photos/
  IdP              ${idp.issuer}
  Logouts received ${idp.receiver.url}/demo-notes?format=html

  Accounts (password: <username>-demo-password)
    admin  Ada Operator, may see and end everyone's sessions
    alice, bob, carol, dave  end users

  Extension  Load unpacked from ${resolve('dist/extension')}
             then set its issuer to ${idp.issuer}

  Data in ${databasePath}; npm start -- --reset starts afresh. Ctrl-C stops.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping');
    void Promise.all([demo.close(), idp.close()]).then(() => process.exit(0));
  });
}

/** Starts a server, or stops with one line when its port is taken. */
async function orExplainPort<Server>(
  port: number,
  start: () => Promise<Server>,
): Promise<Server> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.error(
      `Port ${port} is in use: is another npm start running? Stop it first.`,
    );
    process.exit(1);
  }
}

/** Runs the build's npm script when its output is missing or stale. */
async function buildIfStale(build: Build): Promise<void> {
  const scripts = (
    JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const command = scripts[build.script]
    ? ['npm', 'run', '--silent', build.script]
    : build.fallback;
  if (!command) {
    console.log(`skipped ${build.name}: package.json has no ${build.script}`);
    return;
  }

  const built = newest([build.output]);
  if (built > 0 && built >= newest(build.sources)) {
    return;
  }

  console.log(`building ${build.name} (${command.join(' ')})`);
  const [program = 'npm', ...args] = command;
  const code = await new Promise<number>((done) => {
    spawn(program, args, { stdio: 'inherit' }).on('close', (exit) =>
      done(exit ?? 1),
    );
  });
  if (code !== 0) {
    console.error(`${command.join(' ')} failed with exit code ${code}`);
    process.exit(code);
  }
}

/** The newest modification time of any file under `paths`; 0 for none. */
function newest(paths: string[]): number {
  let latest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;

    const info = statSync(path);
    if (!info.isDirectory()) {
      latest = Math.max(latest, info.mtimeMs);
      continue;
    }
    for (const entry of readdirSync(path, { recursive: true })) {
      const file = statSync(join(path, String(entry)));
      if (file.isFile()) latest = Math.max(latest, file.mtimeMs);
    }
  }
  return latest;
}
