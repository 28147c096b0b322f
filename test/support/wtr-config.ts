import { createServer } from 'node:net';

import { esbuildPlugin } from '@web/dev-server-esbuild';
import type { TestRunnerConfig } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';

import { chromiumArgs, findChromium } from '../../scripts/chromium.ts';
import { faultyServerPlugin, idpPlugin, storagePlugin } from './wtr-plugins.ts';
import { pagePlugin, widgetCommand } from './wtr-widget.ts';

/**
 * web-test-runner's configuration for the browser tests of the shared
 * client and cache and of the element: real Chromium, TypeScript through
 * esbuild, the reference IdP and the faulty server started beside the dev
 * server and reachable from the page through server commands.
 */

/** A free port on 127.0.0.1, so the dev server's origin is known up front. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function browserTestConfig(): Promise<TestRunnerConfig> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error(
      "Chromium is needed: install Debian's chromium package or set " +
        'CHROMIUM_PATH.',
    );
  }

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;

  return {
    files: [
      'test/client/**/*.test.ts',
      'test/cache/**/*.test.ts',
      'test/widget/**/*.test.ts',
    ],
    hostname: '127.0.0.1',
    port,
    concurrency: 1,
    nodeResolve: { exportConditions: ['production'] },
    browsers: [
      chromeLauncher({
        launchOptions: {
          executablePath,
          headless: true,
          args: [...chromiumArgs, '--headless=new'],
        },
      }),
    ],
    plugins: [
      // The project's tsconfig, so Lit's decorators compile as they do in
      // the build (legacy decorators, no define semantics for fields).
      esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
      faultyServerPlugin(),
      idpPlugin(origin, widgetCommand),
      storagePlugin(),
      pagePlugin(),
    ],
    testFramework: { config: { ui: 'bdd', timeout: 15_000 } },
  };
}
