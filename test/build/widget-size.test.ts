import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';

import { build } from 'vite';

/**
 * The element's size budget, as bytes: what a page loads to show the admin
 * view, minified and gzipped (level 9), must stay within 30 KiB. That is
 * the module that registers the tag; its features chunk and the German
 * strings load on demand after the first view, and are printed beside it.
 */

const budgetBytes = 30 * 1024;

let outDir = '';

before(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'widget-size-'));
  await build({
    configFile: 'vite.config.ts',
    mode: 'widget',
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
});

after(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function gzipped(path: string): Promise<number> {
  return gzipSync(await readFile(path), { level: 9 }).length;
}

test('the admin view loads at most 30 KiB, minified and gzipped', async () => {
  const entry = await gzipped(join(outDir, 'session-manager.js'));
  const chunks = await readdir(join(outDir, 'chunks'));
  const later = await Promise.all(
    chunks
      .filter((name) => name.endsWith('.js'))
      .map(async (name) => ({
        name,
        bytes: await gzipped(join(outDir, 'chunks', name)),
      })),
  );

  console.log(
    `admin view: ${entry} bytes min+gzip (budget ${budgetBytes}); ` +
      `loaded on demand: ${later.map((c) => `${c.name} ${c.bytes}`).join(', ')}`,
  );
  assert.ok(
    entry <= budgetBytes,
    `session-manager.js is ${entry} bytes gzipped, over ${budgetBytes}`,
  );
});

test('translations and the later features are chunks of their own', async () => {
  const chunks = await readdir(join(outDir, 'chunks'));

  assert.ok(chunks.some((name) => /^de-.*\.js$/.test(name)));
  assert.ok(chunks.some((name) => /^features-.*\.js$/.test(name)));
  const entry = await readFile(join(outDir, 'session-manager.js'), 'utf8');
  assert.doesNotMatch(entry, /Sitzungen/, 'German strings are in the entry');
  assert.doesNotMatch(entry, /from\s*["'](?:lit|ky|idb|valibot)/);
});
