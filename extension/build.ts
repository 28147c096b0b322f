import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { build } from 'vite';

/**
 * `npm run build:extension`: the unpacked extension in `dist/extension/`
 * and, beside it, a zip for the Chrome Web Store. The zip's manifest has
 * no `key`: the store assigns its own and refuses uploads that carry one.
 */

const run = promisify(execFile);
const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

export interface BuildOptions {
  /** Where the unpacked extension goes; emptied first. */
  readonly outDir: string;

  /** Where the store zip goes; left out, no zip is made. */
  readonly zipPath?: string;

  /**
   * Grants loopback origins at install, for tests only. Headless Chromium
   * cannot answer the permission prompt that `permissions.request` shows,
   * so a test build lists `http://127.0.0.1/*` in `host_permissions`; the
   * request for the IdP origin then succeeds without a prompt. The store
   * build never has this.
   */
  readonly grantLoopback?: boolean;
}

export async function buildExtension(options: BuildOptions): Promise<void> {
  const outDir = resolve(options.outDir);
  await build({
    configFile,
    mode: 'extension',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });

  if (options.grantLoopback) {
    await editManifest(join(outDir, 'manifest.json'), (manifest) => ({
      ...manifest,
      host_permissions: ['http://127.0.0.1/*'],
    }));
  }
  if (options.zipPath) {
    await zipForStore(outDir, resolve(options.zipPath));
  }
}

async function zipForStore(outDir: string, zipPath: string): Promise<void> {
  await rm(zipPath, { force: true });
  await run('zip', ['-q', '-r', '-X', zipPath, '.', '-x', 'manifest.json'], {
    cwd: outDir,
  });

  const staging = await mkdtemp(join(tmpdir(), 'extension-manifest-'));
  try {
    const manifest = join(staging, 'manifest.json');
    await writeFile(manifest, await readFile(join(outDir, 'manifest.json')));
    await editManifest(manifest, ({ key: _key, ...rest }) => rest);
    await run('zip', ['-q', '-X', '-j', zipPath, manifest]);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

type Manifest = Record<string, unknown>;

async function editManifest(
  path: string,
  edit: (manifest: Manifest) => Manifest,
): Promise<void> {
  const manifest = JSON.parse(await readFile(path, 'utf8')) as Manifest;
  await writeFile(path, `${JSON.stringify(edit(manifest), null, 2)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const manifest = JSON.parse(
    await readFile(new URL('../manifest.json', import.meta.url), 'utf8'),
  ) as { version: string };
  await buildExtension({
    outDir: 'dist/extension',
    zipPath: `dist/session-manager-extension-${manifest.version}.zip`,
  });
  process.stdout.write(
    `Built dist/extension and ` +
      `dist/session-manager-extension-${manifest.version}.zip\n`,
  );
}
