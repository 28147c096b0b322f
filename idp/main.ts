import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

import { defaultOptions, type IdpOptions } from './options.ts';
import { startIdp } from './server.ts';

/**
 * `npm run idp -- --port 4000 --db data/idp.sqlite --seed 1000
 *   --origin http://127.0.0.1:5173`
 *
 * The first line printed is always `listening on http://127.0.0.1:PORT`,
 * so scripts that start the IdP with `--port 0` can read the port.
 */

const usage = `Usage: npm run idp -- [options]
  --port N                   port on 127.0.0.1 (0 picks a free one)
  --db PATH                  SQLite file
                             (default ${defaultOptions.databasePath})
  --seed N                   add N synthetic sessions at start
  --origin URL               a page origin that may use the IdP (repeatable)
  --extension-id ID          the browser extension's id (default
                             ${defaultOptions.extensionId}, which the
                             key in manifest.json gives unpacked builds)
  --allow-loopback-backchannel
                             deliver back-channel logouts to local addresses
                             (development and tests only)
  --secret TEXT              signs paging tokens and cookies across restarts`;

function parseOptions(argv: string[]): IdpOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      db: { type: 'string' },
      seed: { type: 'string' },
      origin: { type: 'string', multiple: true },
      'extension-id': { type: 'string' },
      'allow-loopback-backchannel': { type: 'boolean' },
      secret: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }

  const options: IdpOptions = {
    ...defaultOptions,
    port: wholeNumber('--port', values.port, defaultOptions.port),
    databasePath: values.db ?? defaultOptions.databasePath,
    seed: wholeNumber('--seed', values.seed, 0),
    origins: (values.origin ?? []).map((origin) => originOf(origin)),
    extensionId: values['extension-id'] ?? defaultOptions.extensionId,
    allowLoopbackBackchannel: values['allow-loopback-backchannel'] ?? false,
  };
  if (values.secret !== undefined) {
    options.secret = values.secret;
  }
  return options;
}

function wholeNumber(name: string, text: string | undefined, fallback: number) {
  if (text === undefined) {
    return fallback;
  }
  if (!/^[0-9]+$/.test(text)) {
    fail(`${name} must be a whole number, not "${text}"`);
  }
  return Number(text);
}

function originOf(text: string): string {
  try {
    return new URL(text).origin;
  } catch {
    return fail(
      `--origin must be a URL such as http://127.0.0.1:5173, not "${text}"`,
    );
  }
}

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

const options = parseOptions(process.argv.slice(2));
if (options.databasePath !== ':memory:') {
  mkdirSync(dirname(options.databasePath), { recursive: true });
}

const idp = await startIdp(options);
console.log(`listening on ${idp.issuer}`);
console.log(`session API at ${idp.sessionEndpoint}`);
if (idp.receiver) {
  console.log(`back-channel receiver at ${idp.receiver.url}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void idp.close().then(() => process.exit(0));
  });
}
