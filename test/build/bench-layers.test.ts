import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  measureBundle,
  measureWithoutShared,
  type BundleSize,
} from '../../bench/bundle-size.ts';

/**
 * The benchmark's size staircases say what the element weighs without
 * its client and cache, and what one layer adds to another. Those
 * figures are only true while each build holds what its row names: a
 * widget module that reached the client by a path of its own, past
 * `shared/index.ts`, would put client bytes back into the "no client or
 * cache" row without a word. These builds are byte counts, not timings.
 */

function modulesOf(bundle: BundleSize): string[] {
  return bundle.modules.map((module) => module.source);
}

const shared = /^shared\//;

test('the element without shared parts bundles none of them', async () => {
  const modules = modulesOf(await measureWithoutShared('widget/define.ts'));

  // shared/index.ts itself is there, as the names that stand for it.
  assert.deepEqual(
    modules.filter(
      (source) => shared.test(source) && source !== 'shared/index.ts',
    ),
    [],
  );
  for (const dependency of ['valibot', 'idb']) {
    assert.ok(!modules.includes(dependency), `${dependency} was bundled`);
  }
  assert.ok(modules.includes('widget/coordinator.ts'));
  assert.ok(modules.includes('lit-html'));
});

test('a page check beside it adds idb, valibot and the schema', async () => {
  const modules = modulesOf(
    await measureWithoutShared(
      'widget/define.ts',
      'bench/fixtures/layers/page-check.ts',
    ),
  );

  for (const expected of ['valibot', 'idb', 'shared/client/parsers.ts']) {
    assert.ok(modules.includes(expected), `${expected} is missing`);
  }
  assert.ok(!modules.includes('shared/client/session-client.ts'));
  assert.ok(!modules.includes('shared/cache/page-cache.ts'));
});

test('each layer bundles the one below and one thing more', async () => {
  const layer = async (name: string) =>
    modulesOf(await measureBundle(`bench/fixtures/layers/${name}.ts`));
  const page = await layer('validated-page');
  const client = await layer('client');
  const cache = await layer('cache');

  assert.ok(page.includes('valibot') && page.includes('idb'));
  assert.ok(!page.includes('shared/client/session-client.ts'));
  assert.ok(client.includes('shared/client/session-client.ts'));
  assert.ok(!client.includes('shared/cache/page-cache.ts'));
  assert.ok(cache.includes('shared/cache/page-cache.ts'));

  // The client's stand-ins for ky and the wire's loader are the widget
  // build's; nothing of the element's view is in any layer.
  assert.ok(!cache.includes('widget/coordinator.ts'));
  assert.ok(!cache.includes('widget/session-manager.ts'));
});
