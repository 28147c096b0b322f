import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, test } from 'node:test';

import { limits } from '../../shared/index.ts';
import {
  analyzeWidget,
  elementReference,
  markers,
  readmePath,
  withReference,
} from '../../scripts/readme-api.ts';

/**
 * README.md's element reference is written from the custom elements
 * manifest by `npm run docs`. These tests build the manifest from the
 * sources again and fail when the README no longer says what the element
 * does.
 */

let reference = '';
let manifest: Awaited<ReturnType<typeof analyzeWidget>>;

before(async () => {
  manifest = await analyzeWidget();
  reference = elementReference(manifest);
});

/** The first line where two texts part, for a message a person can act on. */
function firstDifference(actual: string, expected: string): string {
  const have = actual.split('\n');
  const want = expected.split('\n');
  const index = have.findIndex((line, i) => line !== want[i]);
  const at = index === -1 ? have.length : index;
  return (
    `line ${at + 1} reads ${JSON.stringify(have[at] ?? '(end of file)')}, ` +
    `the manifest gives ${JSON.stringify(want[at] ?? '(end of file)')}`
  );
}

test('the README’s element reference matches the element’s sources', async () => {
  const readme = await readFile(readmePath, 'utf8');

  const expected = await withReference(readme, reference);

  assert.ok(
    readme === expected,
    "README's element reference is out of date: run npm run docs " +
      `(${firstDifference(readme, expected)})`,
  );
});

test('writing the reference twice gives the same README', async () => {
  const readme = `# x\n\n${markers.start}\n\nold\n\n${markers.end}\n`;

  const once = await withReference(readme, reference);
  const twice = await withReference(once, reference);

  assert.equal(twice, once);
  assert.ok(once.includes('`session-manager-signed-out`'));
});

test('a README without the markers is refused with their names', async () => {
  await assert.rejects(
    withReference('# x\n', 'reference'),
    (error: unknown) =>
      error instanceof Error && error.message.includes(markers.start),
  );
});

test('the documented page size is the one the element starts with', () => {
  // The element reads it from the contract's limits, which the analyzer
  // cannot evaluate, so the source says it in a @default tag.
  const pageSize = manifest.modules
    .filter((module) => module.path === 'widget/session-manager.ts')
    .flatMap((module) => module.declarations ?? [])
    .flatMap((declaration) => declaration.members ?? [])
    .find((member) => member.name === 'pageSize');

  assert.equal(pageSize?.default, String(limits.defaultCount));
});
