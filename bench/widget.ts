import { existsSync } from 'node:fs';

import {
  bySource,
  measureBundle,
  measureWithoutShared,
  type BundleSize,
  type ChunkSize,
} from './bundle-size.ts';
import { heapSteps, measureInBrowser, type BrowserFigures } from './browser.ts';
import type { Sample } from './stats.ts';
import { within, type ResultRow } from './table.ts';

/**
 * The element's figures. Size is measured from a production build of the
 * module that registers `<session-manager>`, beside the same build of a
 * minimal Lit element; the browser figures come from `browser.ts`. A
 * figure that cannot be taken keeps its row with the reason, so the table
 * always shows every target.
 */

const elementEntry = 'widget/define.ts';
const floorEntry = 'bench/fixtures/lit-floor.ts';
const pageCheckEntry = 'bench/fixtures/layers/page-check.ts';

/**
 * The layers the admin view stands on, each an entry that bundles the one
 * before it and adds one thing: what the element weighs before any code
 * of its own, step by step. Built with the same settings as the element.
 */
const layers = [
  { name: 'Lit alone', entry: floorEntry },
  {
    name: '+ idb, valibot and the schema of a page',
    entry: 'bench/fixtures/layers/validated-page.ts',
  },
  { name: '+ the typed client', entry: 'bench/fixtures/layers/client.ts' },
  { name: '+ the page cache', entry: 'bench/fixtures/layers/cache.ts' },
];

/** The element and everything it bundles, min + gzip. */
const sizeBudgetKb = 20;

/**
 * Heap growth that still counts as flat: what a full collection leaves
 * behind varies by a few hundred KB between identical states.
 */
const heapNoiseMb = 0.5;

/** Sources and modules listed one by one; the rest are one row each. */
const listedSources = 12;
const listedModules = 20;

export async function benchWidget(): Promise<ResultRow[]> {
  if (!existsSync(new URL(`../${elementEntry}`, import.meta.url))) {
    const why = `${elementEntry} does not exist yet`;
    return [sizeRow(null, null, why), ...browserRows(why)];
  }

  const floor = await measureBundle(floorEntry);
  let element: BundleSize;
  try {
    element = await measureBundle(elementEntry);
  } catch (error) {
    const why = `the element did not build: ${firstLine(error)}`;
    return [sizeRow(null, floor, why), ...browserRows(why)];
  }

  let figures: BrowserFigures | string;
  try {
    figures = await measureInBrowser();
  } catch (error) {
    figures = `the browser run failed: ${firstLine(error)}`;
  }
  const lazy = typeof figures === 'string' ? null : figures.lazyChunks;
  const counted = typeof lazy === 'string' ? [] : loadedChunks(element, lazy);
  return [
    sizeRow(element, floor, lazy),
    ...shareRows(counted, 'sources'),
    ...shareRows(counted, 'modules'),
    ...(await layerRows(floor, counted)),
    ...browserRows(figures),
  ];
}

/**
 * The size staircases: each layer's min + gzip bytes, and what it added
 * to the one below. The first ends with the admin view itself. The second
 * starts again from Lit with the element's own code and no client or
 * cache (`measureWithoutShared`): whether the target could hold the
 * element even if those two weighed nothing. gzip shares one dictionary
 * across a file, so a step is what a layer costs on top of those below,
 * not on its own.
 */
async function layerRows(
  floor: BundleSize,
  adminView: readonly ChunkSize[],
): Promise<ResultRow[]> {
  // A layer counts what a page that loads it fetches at once: the removal
  // wire, for one, is a chunk of its own from the client's layer on.
  const loadedAtOnce = (bundle: BundleSize) => gzipOf(loadedChunks(bundle, []));

  const withShared: Step[] = [];
  for (const layer of layers) {
    const bundle =
      layer.entry === floorEntry ? floor : await measureBundle(layer.entry);
    withShared.push({ name: layer.name, bytes: loadedAtOnce(bundle) });
  }
  if (adminView.length > 0) {
    withShared.push({
      name: "+ the element's admin view",
      bytes: gzipOf(adminView),
    });
  }

  const ownCode = await measureWithoutShared(elementEntry);
  const ownCodeChecked = await measureWithoutShared(
    elementEntry,
    pageCheckEntry,
  );
  const withoutShared: Step[] = [
    { name: 'no client or cache: Lit alone', bytes: loadedAtOnce(floor) },
    {
      name: "no client or cache: + the element's own code",
      bytes: loadedAtOnce(ownCode),
    },
    {
      name: 'no client or cache: + idb, valibot and the schema of a page',
      bytes: loadedAtOnce(ownCodeChecked),
    },
  ];

  return [...stairRows(withShared), ...stairRows(withoutShared)];
}

interface Step {
  name: string;
  bytes: number;
}

function stairRows(steps: readonly Step[]): ResultRow[] {
  return steps.map(({ name, bytes }, index) => {
    const added = bytes - (steps[index - 1]?.bytes ?? 0);
    return {
      group: 'widget layers',
      name,
      size: index === 0 ? '-' : `+${(added / 1024).toFixed(1)} KB`,
      unit: 'KB',
      ours: once(bytes / 1024),
      alternative: '-',
      theirs: null,
      target: '-',
      verdict: 'no target',
      note:
        index === 0
          ? 'each row bundles the one above it, min + gzip'
          : `${((bytes / (sizeBudgetKb * 1024)) * 100).toFixed(0)} % of ` +
            `the ${sizeBudgetKb} KB target`,
    };
  });
}

function gzipOf(chunks: readonly ChunkSize[]): number {
  return chunks.reduce((sum, chunk) => sum + chunk.gzipBytes, 0);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((line) => line.trim() !== '') ?? text)
    .trim()
    .slice(0, 160);
}

/**
 * `lazy` names the lazily loaded chunks the admin view fetched in
 * Chromium, or is null when the browser run did not happen; then only the
 * chunks every page loads are counted, and the note says so. A string is
 * the reason the element could not be measured at all.
 */
function sizeRow(
  element: BundleSize | null,
  floor: BundleSize | null,
  lazy: string[] | null | string,
): ResultRow {
  const measurable = element !== null && typeof lazy !== 'string';
  const counted = measurable ? loadedChunks(element, lazy) : [];
  const gzip = counted.reduce((total, chunk) => total + chunk.gzipBytes, 0);
  const min = counted.reduce((total, chunk) => total + chunk.minBytes, 0);
  const names = counted.map(chunkName).join(' + ');
  return {
    group: 'widget',
    name: 'size, admin view, min + gzip',
    size: measurable ? `${(min / 1024).toFixed(1)} KB min` : '-',
    unit: 'KB',
    ours: measurable ? once(gzip / 1024) : null,
    alternative: 'Lit alone (floor)',
    theirs: floor ? once(floor.gzipBytes / 1024) : null,
    target: `<= ${sizeBudgetKb} KB`,
    verdict: measurable ? within(gzip / 1024, sizeBudgetKb) : 'not measured',
    note:
      typeof lazy === 'string'
        ? lazy
        : lazy === null
          ? `${names}; lazy chunks not known without the browser run`
          : names,
  };
}

/**
 * The chunks a page loads to show the admin view: the entry, the chunks
 * the browser run saw fetched before any interaction (none, when the
 * element splits well), and whatever those import statically. A chunk
 * shared by two on-demand chunks is neither the entry nor a dynamic
 * import, so being neither says nothing about when it loads.
 */
function loadedChunks(
  element: BundleSize,
  lazy: readonly string[] | null,
): ChunkSize[] {
  const byName = new Map(element.chunks.map((chunk) => [chunk.name, chunk]));
  const loaded = new Set<ChunkSize>();
  const visit = (chunk: ChunkSize | undefined) => {
    if (chunk && !loaded.has(chunk)) {
      loaded.add(chunk);
      chunk.imports.forEach((name) => visit(byName.get(name)));
    }
  };
  for (const chunk of element.chunks) {
    if (chunk.entry || (lazy ?? []).includes(chunkName(chunk))) {
      visit(chunk);
    }
  }
  return [...loaded];
}

/** A chunk's file name without folder, content hash and extension. */
function chunkName(chunk: { name: string }): string {
  return chunk.name.replace(/^.*\//, '').replace(/(-[\w-]{8})?\.js$/, '');
}

/**
 * Where the admin view's bytes go, by source (a package or a project
 * folder) or by module (a package or a project file). Rolldown reports
 * each module's length before the chunk is minified, so each gets its
 * share of the minified and gzipped total of the loaded chunks in
 * proportion; the share is exact, the bytes estimated.
 */
function shareRows(
  loaded: readonly ChunkSize[],
  by: 'sources' | 'modules',
): ResultRow[] {
  const items = bySource(loaded.flatMap((chunk) => chunk[by]));
  const gzipBytes = loaded.reduce((sum, chunk) => sum + chunk.gzipBytes, 0);
  const rendered = items.reduce((sum, item) => sum + item.bytes, 0);
  const listed = items.slice(
    0,
    by === 'sources' ? listedSources : listedModules,
  );
  const rest = items.slice(listed.length);
  const rows = [
    ...listed,
    {
      source: `${rest.length} more ${by}`,
      bytes: rest.reduce((sum, item) => sum + item.bytes, 0),
    },
  ];

  return rows.map(({ source, bytes }) => {
    const share = rendered === 0 ? 0 : bytes / rendered;
    return {
      group: by === 'sources' ? 'widget bytes' : 'widget modules',
      name: source,
      size: `${(share * 100).toFixed(1)} %`,
      unit: 'KB',
      ours: once((share * gzipBytes) / 1024),
      alternative: '-',
      theirs: null,
      target: '-',
      verdict: 'no target',
      note: 'share of what the admin view loads, min + gzip',
    };
  });
}

/**
 * The element in Chromium against the reference IdP on loopback. Each
 * figure keeps its row when it could not be taken, with the reason.
 */
function browserRows(figures: BrowserFigures | string): ResultRow[] {
  const row = (
    name: string,
    fields: Pick<ResultRow, 'unit' | 'alternative' | 'target'> &
      Partial<ResultRow>,
  ): ResultRow => ({
    group: 'widget',
    name,
    size: '-',
    ours: null,
    theirs: null,
    verdict: 'not measured',
    note: typeof figures === 'string' ? figures : '',
    ...fields,
  });
  const measured = typeof figures === 'string' ? null : figures;

  // A figure that explains the one above it, with no target of its own.
  const part = (
    name: string,
    size: string,
    ours: Sample | undefined,
    note = '',
  ): ResultRow =>
    row(name, {
      unit: 'ms',
      size,
      ours: ours ?? null,
      alternative: '-',
      target: '-',
      verdict: measured ? 'no target' : 'not measured',
      ...(measured && note ? { note } : {}),
    });

  // The same beside Lit alone's figure, on a new page's 25 rows.
  const besideFloor = (
    name: string,
    ours: Sample | null | undefined,
    floor: Sample | null | undefined,
    note: string,
  ): ResultRow =>
    row(name, {
      unit: 'ms',
      size: '25 rows',
      ours: ours ?? null,
      alternative: 'Lit alone: the same',
      theirs: floor ?? null,
      target: '-',
      verdict: measured && ours ? 'no target' : 'not measured',
      ...(measured ? { note } : {}),
    });

  const heapGrowth =
    measured === null ? NaN : measured.heapLastMb - measured.heapFirstMb;
  return [
    row('first page from cache, element put back on a page', {
      unit: 'ms',
      size: measured
        ? `${measured.cachedHits}/${measured.cachedRuns} from cache`
        : '-',
      ours: measured?.cached ?? null,
      alternative: 'network, IdP on loopback',
      theirs: measured?.network ?? null,
      target: '<= 16 ms (median)',
      verdict: within(measured?.cached.p50, 16),
      ...(measured
        ? { note: 'median of the runs that showed the cache first' }
        : {}),
    }),
    part(
      'first page, put back: the Lit update drawing its rows',
      '25 rows',
      measured?.cachedDraw,
    ),
    part(
      'first page, put back: its rows on screen',
      '25 rows',
      measured?.cachedPainted,
      'to the end of the frame after: style, layout, paint',
    ),
    part(
      'first page, put back, one session a page',
      '1 row',
      measured?.oneRow,
      'what a cached first page costs besides its rows',
    ),
    row('first page from cache, on a newly loaded page', {
      unit: 'ms',
      size: measured
        ? `${measured.newPageHits}/${measured.newPageRuns} from cache`
        : '-',
      ours: measured?.newPage ?? null,
      alternative: 'Lit alone: idb, 25 plain rows',
      theirs: measured?.floorNewPage.total ?? null,
      target: '<= 16 ms (median)',
      verdict: within(measured?.newPage.p50, 16),
      ...(measured
        ? { note: 'the element opens IndexedDB itself; page load not timed' }
        : {}),
    }),
    part(
      'first page, new page: opening IndexedDB',
      measured ? `${measured.newPageOpen.runs} opens` : '-',
      measured?.newPageOpen,
      'from the request to its success event',
    ),
    part(
      'first page, new page: the Lit update drawing its rows',
      '25 rows',
      measured?.newPageDraw,
    ),
    // The wall clock above waits for IndexedDB, the network and a core
    // besides; this is what the main thread itself ran, which no order of
    // the same work brings the wall clock below.
    besideFloor(
      "first page, new page: the main thread's own time to rows",
      measured?.newPageThread,
      measured?.floorNewPage.thread,
      measured?.newPageThread
        ? 'thread time, connected to rows in the DOM'
        : 'the trace had no thread clock',
    ),
    // What people wait for is the rows on screen; the target is on the
    // DOM, and the frame that draws it is the browser's work, which the
    // page's markup and styles make longer or shorter.
    besideFloor(
      'first page, new page: its rows on screen',
      measured?.newPagePainted,
      measured?.floorNewPage.painted,
      'to the end of the frame after: style, layout, paint',
    ),
    part(
      'first page, new page, one session a page',
      '1 row',
      measured?.newPageOneRow,
      'what a first page on a new page costs besides its rows',
    ),
    part(
      'Lit alone, new page: opening IndexedDB',
      measured ? `${measured.floorNewPage.open.runs} opens` : '-',
      measured?.floorNewPage.open,
      'bench/fixtures/floor-page.ts, the same rows',
    ),
    part(
      'Lit alone, new page: the Lit update drawing its rows',
      '25 rows',
      measured?.floorNewPage.draw,
    ),
    // Between the two: the floor drawing the element's own rows. What it
    // takes beyond the floor is those rows; what the element takes beyond
    // it is its client, cache and the rest of the view.
    part(
      "Lit alone with the element's rows, new page",
      '25 rows',
      measured?.rowsNewPage.total,
      'bench/fixtures/element-rows-page.ts: its results table and styles',
    ),
    part(
      "Lit alone with the element's rows: opening IndexedDB",
      measured ? `${measured.rowsNewPage.open.runs} opens` : '-',
      measured?.rowsNewPage.open,
    ),
    part(
      "Lit alone with the element's rows: the Lit update drawing them",
      '25 rows',
      measured?.rowsNewPage.draw,
    ),
    part(
      "Lit alone with the element's rows: the main thread's own time",
      '25 rows',
      measured?.rowsNewPage.thread ?? undefined,
      'thread time, connected to rows in the DOM',
    ),
    part(
      "Lit alone with the element's rows: on screen",
      '25 rows',
      measured?.rowsNewPage.painted,
      'to the end of the frame after: style, layout, paint',
    ),
    // The target is on scripting time: the thread time of the update. On
    // a wall clock it also counts the time the main thread waited for a
    // core, which the IdP on the same two cores takes now and then.
    measured?.updateThread
      ? row('100-row page, longest Lit update per step, thread time', {
          unit: 'ms',
          size: '100 rows',
          ours: measured.updateThread,
          alternative: 'the same updates, wall clock',
          theirs: measured.update,
          target: '<= 8 ms (p95)',
          verdict: within(measured.updateThread.p95, 8),
          note: 'scripting time: the main thread running, not waiting',
        })
      : row('100-row page, longest Lit update per step, wall clock', {
          unit: 'ms',
          size: '100 rows',
          ours: measured?.update ?? null,
          alternative: '-',
          target: '<= 8 ms (p95)',
          verdict: within(measured?.update.p95, 8),
          ...(measured ? { note: 'the trace had no thread clock' } : {}),
        }),
    part(
      "100-row update: the element's render (the rest is Lit's commit)",
      '100 rows',
      measured?.updateRender,
      measured ? changesNote(measured.changes) : '',
    ),
    part(
      '100-row page, Next or Previous click to rows',
      '100 rows',
      measured?.stepWall,
    ),
    row(`JS heap after ${heapSteps} Prev/Next steps`, {
      unit: 'MB',
      size: '100 rows',
      ours: measured ? once(measured.heapLastMb) : null,
      alternative: 'after the first step',
      theirs: measured ? once(measured.heapFirstMb) : null,
      target: `flat (growth <= ${heapNoiseMb} MB)`,
      verdict: measured ? within(heapGrowth, heapNoiseMb) : 'not measured',
      ...(measured
        ? { note: `grew ${heapGrowth.toFixed(2)} MB, after full GCs` }
        : {}),
    }),
    row(`JS heap after ${2 * heapSteps} steps`, {
      unit: 'MB',
      size: '100 rows',
      ours: measured ? once(measured.heapLaterMb) : null,
      alternative: `after ${heapSteps}`,
      theirs: measured ? once(measured.heapLastMb) : null,
      target: '-',
      verdict: measured ? 'no target' : 'not measured',
      ...(measured ? { note: laterHeapNote(measured) } : {}),
    }),
  ];
}

/** Whether the heap went on growing after the target's steps. */
function laterHeapNote(figures: BrowserFigures): string {
  const change = figures.heapLaterMb - figures.heapLastMb;
  const moved =
    change >= 0
      ? `grew ${change.toFixed(2)} MB more`
      : `fell ${(-change).toFixed(2)} MB`;
  return `${moved}; growth that goes on is a leak, growth that stops is not`;
}

function changesNote(changes: BrowserFigures['changes']): string {
  const { attributes, text, nodes } = changes;
  return (
    `a step commits ${attributes} attribute and ${text} text changes, ` +
    `${nodes} nodes in or out`
  );
}

function once(value: number) {
  return { p50: value, p95: value, runs: 1 };
}
