import { existsSync } from 'node:fs';

import { measureBundle, type BundleSize } from './bundle-size.ts';
import type { ResultRow } from './table.ts';

/**
 * The element's figures. Size is measured from a production build of the
 * module that registers `<session-manager>`, beside the same build of a
 * minimal Lit element. The browser figures are listed with the reason
 * they are not measured yet, so the table always shows every target.
 */

const elementEntry = 'widget/define.ts';
const floorEntry = 'bench/fixtures/lit-floor.ts';

/** The element and everything it bundles, min + gzip. */
const sizeBudgetKb = 20;

/** Sources listed one by one; the rest are summed as one row. */
const listedSources = 12;

export async function benchWidget(): Promise<ResultRow[]> {
  if (!existsSync(new URL(`../${elementEntry}`, import.meta.url))) {
    return [
      sizeRow(null, null, `${elementEntry} does not exist yet`),
      ...browserRows(),
    ];
  }

  const element = await measureBundle(elementEntry);
  const floor = await measureBundle(floorEntry);
  return [
    sizeRow(element, floor, ''),
    ...sourceRows(element),
    ...browserRows(),
  ];
}

function sizeRow(
  element: BundleSize | null,
  floor: BundleSize | null,
  why: string,
): ResultRow {
  const loaded = element && firstLoad(element);
  return {
    group: 'widget',
    name: 'size, admin view, min + gzip',
    size: element ? `${(element.minBytes / 1024).toFixed(1)} KB min` : '-',
    unit: 'KB',
    ours: loaded === null ? null : once(loaded / 1024),
    alternative: 'Lit alone (floor)',
    theirs: floor ? once(floor.gzipBytes / 1024) : null,
    target: `<= ${sizeBudgetKb} KB`,
    verdict:
      loaded === null
        ? 'not measured'
        : loaded / 1024 <= sizeBudgetKb
          ? 'met'
          : 'missed',
    note: why,
  };
}

/**
 * What a page loads before the element can show the admin view: every
 * chunk but those only a dynamic import fetches (translations).
 */
function firstLoad(bundle: BundleSize): number {
  return bundle.chunks
    .filter((chunk) => !chunk.dynamic)
    .reduce((total, chunk) => total + chunk.gzipBytes, 0);
}

/**
 * Where the bytes go. Rolldown reports each module's length before the
 * chunk is minified, so each source gets its share of the minified and
 * gzipped total in proportion; the share is exact, the bytes estimated.
 */
function sourceRows(bundle: BundleSize): ResultRow[] {
  const rendered = bundle.modules.reduce((sum, item) => sum + item.bytes, 0);
  const listed = bundle.modules.slice(0, listedSources);
  const rest = bundle.modules.slice(listedSources);
  const rows = [
    ...listed,
    {
      source: `${rest.length} more sources`,
      bytes: rest.reduce((sum, item) => sum + item.bytes, 0),
    },
  ];

  return rows.map(({ source, bytes }) => {
    const share = rendered === 0 ? 0 : bytes / rendered;
    return {
      group: 'widget bytes',
      name: source,
      size: `${(share * 100).toFixed(1)} %`,
      unit: 'KB',
      ours: once((share * bundle.gzipBytes) / 1024),
      alternative: '-',
      theirs: null,
      target: '-',
      verdict: 'no target',
      note: 'share of min + gzip',
    };
  });
}

function browserRows(): ResultRow[] {
  const why =
    'needs a page harness that gives the element a client and a warm ' +
    'IndexedDB; not built yet';
  const rows: [string, string, string][] = [
    ['first page from cache, median', 'same over loopback', '<= 16 ms'],
    ['100-row page, scripting per update', '-', '<= 8 ms'],
    ['JS heap after 200 Prev/Next', 'first step', 'flat'],
  ];
  return rows.map(([name, alternative, target]) => ({
    group: 'widget',
    name,
    size: '-',
    unit: 'ms',
    ours: null,
    alternative,
    theirs: null,
    target,
    verdict: 'not measured',
    note: why,
  }));
}

function once(value: number) {
  return { p50: value, p95: value, runs: 1 };
}
