import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Where Chromium is on this machine. Debian's `/usr/bin/chromium` is a
 * shell wrapper; test tools want the real binary behind it. CHROMIUM_PATH
 * wins when set.
 */
export function findChromium(): string | undefined {
  const candidates = [
    process.env['CHROMIUM_PATH'],
    '/usr/lib/chromium/chromium',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((path) => path !== undefined && existsSync(path));
}

/** Flags that keep a headless Chromium quiet on a machine with no network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Finds Chromium, installing Debian's package when running as root with
 * apt available, or stops with one line that says what to install.
 */
export function ensureChromium(): string {
  const found = findChromium();
  if (found) {
    return found;
  }

  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(
      "Chromium is needed for the browser tests: install Debian's " +
        '"chromium" package (apt-get install chromium) or set CHROMIUM_PATH.',
    );
    process.exit(1);
  }

  console.log("Chromium not found: installing Debian's chromium package.");
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });

  const installed = findChromium();
  if (!installed) {
    console.error('apt-get installed chromium, but no binary was found.');
    process.exit(1);
  }
  return installed;
}
