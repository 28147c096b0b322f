import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { chromium, type CDPSession, type Page } from 'playwright-core';
import { build, type InlineConfig, type Rolldown } from 'vite';

import { defaultOptions } from '../idp/options.ts';
import { startIdp } from '../idp/server.ts';
import { chromiumArgs, findChromium } from '../scripts/chromium.ts';
import type { HarnessOptions } from './fixtures/harness.ts';
import { marks } from './fixtures/marks.ts';
import { widgetBuildFor } from './bundle-size.ts';
import { adminToken } from './idp-client.ts';
import { summarise, type Sample } from './stats.ts';

/**
 * The element in Chromium against the reference IdP on loopback: a built
 * harness page served from a local server, a seeded IdP that allows that
 * page's origin, and an admin token handed to the element.
 */

export interface BrowserFigures {
  cached: Sample;
  network: Sample;
  cachedSource: string;
  /** How many of the cached runs showed a cached page first. */
  cachedHits: number;
  cachedRuns: number;
  /** The Lit update that drew the cached rows, put back on a page. */
  cachedDraw: Sample;
  /** Until the frame that showed those rows had rendered. */
  cachedPainted: Sample;
  /** The same with one session a page: what does not grow with rows. */
  oneRow: Sample;
  /** The first element of a newly loaded page, from the cache. */
  newPage: Sample;
  newPageHits: number;
  newPageRuns: number;
  /** Its IndexedDB open, the update that drew its rows, their frame. */
  newPageOpen: Sample;
  newPageDraw: Sample;
  newPagePainted: Sample;
  /**
   * The main thread's own time from connecting to the rows, of the runs
   * that drew the cache: null where the trace has no thread clock.
   */
  newPageThread: Sample | null;
  /** A newly loaded page with one session a page. */
  newPageOneRow: Sample;
  /** The same on a newly loaded page by `<floor-rows>`, Lit alone. */
  floorNewPage: NewPageSamples;
  /** By `<element-rows>`: the floor drawing the element's rows. */
  rowsNewPage: NewPageSamples;
  /** The longest Lit update of one Next or Previous with 100 rows. */
  update: Sample;
  /**
   * The same steps' longest update in the main thread's own time: the
   * scripting time, without the time the thread waited for a core. Null
   * where the trace has no thread clock.
   */
  updateThread: Sample | null;
  /** Of that update, the element's `render` (the rest is Lit's commit). */
  updateRender: Sample;
  /** What one such step changes in the DOM, on average. */
  changes: { attributes: number; text: number; nodes: number };
  /** Wall time of the same steps, click to rows. */
  stepWall: Sample;
  heapFirstMb: number;
  heapLastMb: number;
  /**
   * After as many steps again: growth that goes on is a leak, growth
   * that stops was the page warming up (compiled code, kept pages).
   */
  heapLaterMb: number;
  /**
   * Lazily loaded chunks the admin view fetched, by name without the
   * content hash (`admin-features`), so the size row can count them.
   */
  lazyChunks: string[];
}

const seeded = 10_000;
const firstPageRuns = 30;
const networkRuns = 20;
const newPageRuns = 15;
const oneRowRuns = 15;
const updateSteps = 60;
export const heapSteps = 200;
const heapReadings = 3;

/**
 * What a browser run needs: `files` served on 127.0.0.1, a reference IdP
 * seeded with `seeded` sessions that allows the served origin, Chromium
 * with a tab, and the harness options of an admin element. `run` gets
 * them; everything is closed after it, however it ended.
 */
export async function withRig<Result>(
  files: Map<string, string>,
  run: (rig: {
    origin: string;
    tab: Page;
    options: HarnessOptions;
  }) => Promise<Result>,
): Promise<Result> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium is not installed');

  const page = await servePage(files);
  const idp = await startIdp({
    ...defaultOptions,
    port: 0,
    databasePath: ':memory:',
    seed: seeded,
    origins: [page.origin],
  });
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: chromiumArgs,
  });

  try {
    const tab = await browser.newPage();
    const options: HarnessOptions = {
      endpoint: idp.sessionEndpoint,
      issuer: idp.issuer,
      token: await adminToken(idp.issuer),
      operator: 'bench-operator',
      pageSize: 25,
      noCache: false,
    };
    return await run({ origin: page.origin, tab, options });
  } finally {
    await browser.close();
    await idp.close();
    await new Promise((resolve) => page.server.close(resolve));
  }
}

/**
 * A fixture page's element on newly loaded pages: until its rows are in
 * the DOM, until they are on screen, its open and its drawing update.
 */
export interface NewPageSamples {
  total: Sample;
  /** The main thread's own time over the same span; null untraced. */
  thread: Sample | null;
  painted: Sample;
  open: Sample;
  draw: Sample;
}

/** The fixture pages built on `bench/fixtures/stored-rows.ts`. */
const rowsPages = {
  floor: ['/floor/', 'bench/fixtures/floor-page.ts'],
  rows: ['/element-rows/', 'bench/fixtures/element-rows-page.ts'],
} as const;

export async function measureInBrowser(): Promise<BrowserFigures> {
  const files = new Map(await buildHarness());
  for (const [path, entry] of Object.values(rowsPages)) {
    const built = await buildHarness(path, widgetBuildFor(entry, 'harness.js'));
    for (const [name, body] of built) files.set(name, body);
  }
  return withRig(files, async ({ origin, tab, options: base }) => {
    const fetched = new Set<string>();
    tab.on('request', (request) => {
      // Names keep their dashes (`admin-features`); the hash is 8 long.
      const name = /\/([\w.-]+)-[\w-]{8}\.js$/.exec(request.url())?.[1];
      if (name !== undefined) fetched.add(name);
    });
    await tab.goto(`${origin}/`);
    await tab.waitForFunction(() => 'sessionBench' in window);

    // The first element fills IndexedDB; later ones start from it.
    await firstPage(tab, base);
    const cached = await repeat(firstPageRuns, () => firstPage(tab, base));
    const network = await repeat(networkRuns, () =>
      firstPage(tab, { ...base, noCache: true }),
    );

    // One row a page: the part of a cached first page that is not rows.
    const single = { ...base, pageSize: 1 };
    await firstPage(tab, single);
    const oneRow = await repeat(oneRowRuns, () => firstPage(tab, single));

    // The runs above put an element back on a page that had one, as a
    // portal changing routes does: the page's IndexedDB connection is
    // open already. Here each run loads the page anew, so its element
    // opens the database itself.
    // Traced, for the main thread's own time of each run.
    const cdp = await tab.context().newCDPSession(tab);
    const newPage = await newPagesTraced(tab, cdp, base, newPageRuns);

    // What of that does not grow with rows: the one-row page is cached
    // by the runs above.
    const newPageOneRow = await repeat(newPageRuns, () =>
      firstPageOnNewPage(tab, single),
    );

    // The same on a page of its own with the least a Lit element can do
    // to show that page: read it from IndexedDB and draw its rows. Then
    // that element drawing the rows as `<session-manager>` does.
    const floor = await newPages(
      tab,
      cdp,
      `${origin}${rowsPages.floor[0]}`,
      base,
    );
    const rows = await newPages(
      tab,
      cdp,
      `${origin}${rowsPages.rows[0]}`,
      base,
    );
    await tab.goto(`${origin}/`);
    await tab.waitForFunction(() => 'sessionBench' in window);

    // What showing the admin view fetched. The paging below is
    // interaction, which may prefetch the chunks that actions need (the
    // element does so on focus or pointer over their buttons); those are
    // not part of the view.
    const lazyChunks = [...fetched];

    const wide = { ...base, pageSize: 100 };
    await firstPage(tab, wide);
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.enable');
    // Visit page 2 once, so every timed step can come from the cache.
    await stepOnce(tab, 'next');
    await stepOnce(tab, 'previous');

    const update: number[] = [];
    const updateRender: number[] = [];
    const stepWall: number[] = [];
    const updateThread = await threadTimes(tab, cdp, async () => {
      for (let index = 0; index < updateSteps; index++) {
        const step = await stepOnce(tab, index % 2 ? 'previous' : 'next');
        stepWall.push(step.ms);
        update.push(step.longestUpdateMs);
        updateRender.push(step.renderMs);
        await tab.evaluate(() => window.sessionBench.settle());
      }
    });

    const counted = [];
    for (const direction of ['next', 'previous'] as const) {
      counted.push(
        await tab.evaluate(
          (given) => window.sessionBench.countChanges(given),
          direction,
        ),
      );
    }
    const changes = {
      attributes: average(counted.map((count) => count.attributes)),
      text: average(counted.map((count) => count.text)),
      nodes: average(counted.map((count) => count.nodes)),
    };

    const heapFirstMb = await heapAfterStep(tab, cdp, 0);
    const heapLastMb = await heapAfterSteps(tab, cdp, 1, heapSteps - 1);
    const heapLaterMb = await heapAfterSteps(
      tab,
      cdp,
      heapSteps,
      2 * heapSteps - 1,
    );

    const hits = cached.filter((run) => run.source === 'cache');
    const newPageHits = newPage.filter((run) => run.source === 'cache');
    return {
      cached: summarise(hits.map((run) => run.ms)),
      cachedHits: hits.length,
      cachedRuns: cached.length,
      cachedSource: [...new Set(cached.map((run) => run.source))].join('+'),
      cachedDraw: summarise(hits.map((run) => run.drawMs)),
      cachedPainted: summarise(hits.map((run) => run.paintedMs)),
      oneRow: summarise(
        oneRow.filter((run) => run.source === 'cache').map((run) => run.ms),
      ),
      newPage: summarise(newPageHits.map((run) => run.ms)),
      newPageOpen: summarise(
        newPageHits.flatMap((run) => (run.openMs === null ? [] : run.openMs)),
      ),
      newPageDraw: summarise(newPageHits.map((run) => run.drawMs)),
      newPageThread: newPageHits.every((run) => run.threadMs !== null)
        ? summarise(newPageHits.map((run) => run.threadMs ?? NaN))
        : null,
      newPagePainted: summarise(newPageHits.map((run) => run.paintedMs)),
      newPageOneRow: summarise(
        newPageOneRow
          .filter((run) => run.source === 'cache')
          .map((run) => run.ms),
      ),
      newPageHits: newPageHits.length,
      newPageRuns: newPage.length,
      floorNewPage: floor,
      rowsNewPage: rows,
      update: summarise(update),
      updateThread:
        updateThread.length === update.length ? summarise(updateThread) : null,
      updateRender: summarise(updateRender),
      changes,
      network: summarise(network.map((run) => run.ms)),
      stepWall: summarise(stepWall),
      heapFirstMb,
      heapLastMb,
      heapLaterMb,
      lazyChunks,
    };
  });
}

export function firstPage(tab: Page, options: HarnessOptions) {
  return tab.evaluate((given) => window.sessionBench.firstPage(given), options);
}

/**
 * The same after reloading the harness page: its element starts cold.
 * `marked` turns the harness's marks on first, for a trace.
 */
export async function firstPageOnNewPage(
  tab: Page,
  options: HarnessOptions,
  marked = false,
) {
  await tab.reload();
  await tab.waitForFunction(() => 'sessionBench' in window);
  if (marked) await tab.evaluate(() => window.sessionBench.mark(true));
  return firstPage(tab, options);
}

/**
 * `runs` first pages, each on the harness page loaded anew, traced: each
 * run with the main thread's own time to its rows, or null where the
 * trace has no thread clock.
 */
export async function newPagesTraced(
  tab: Page,
  cdp: CDPSession,
  options: HarnessOptions,
  runs: number,
) {
  const { result, events } = await traced(cdp, () =>
    repeat(runs, () => firstPageOnNewPage(tab, options, true)),
  );
  const thread = firstPageThreadTimes(events);
  return result.map((run, index) => ({
    ...run,
    threadMs: thread.length === result.length ? (thread[index] ?? null) : null,
  }));
}

function stepOnce(tab: Page, direction: 'previous' | 'next') {
  return tab.evaluate((given) => window.sessionBench.step(given), direction);
}

function average(values: readonly number[]): number {
  return Math.round(
    values.reduce((sum, value) => sum + value, 0) / values.length,
  );
}

async function repeat<T>(times: number, run: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let index = 0; index < times; index++) results.push(await run());
  return results;
}

/**
 * Runs `steps` with the harness's marks on and Chromium tracing their
 * category, and returns each step's longest update in thread time, in ms:
 * the time the main thread ran, where the wall clock also counts the time
 * it waited while the IdP, the browser and the IndexedDB backend had the
 * two cores. Empty where the trace has no thread clock.
 */
export async function threadTimes(
  tab: Page,
  cdp: CDPSession,
  steps: () => Promise<void>,
): Promise<number[]> {
  const { events } = await traced(cdp, async () => {
    await tab.evaluate(() => window.sessionBench.mark(true));
    try {
      await steps();
    } finally {
      await tab.evaluate(() => window.sessionBench.mark(false));
    }
  });
  return longestPerStep(events);
}

/** `run`'s result, and the User Timing events Chromium traced meanwhile. */
async function traced<Result>(
  cdp: CDPSession,
  run: () => Promise<Result>,
): Promise<{ result: Result; events: TraceEvent[] }> {
  const events: TraceEvent[] = [];
  const collect = ({ value }: { value: object[] }) => {
    events.push(...(value as TraceEvent[]));
  };
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise((resolve) => {
    cdp.once('Tracing.tracingComplete', resolve);
  });
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['blink.user_timing'] },
  });
  try {
    return { result: await run(), events };
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
  }
}

/**
 * Each first page's time in the main thread's own clock, in ms, from its
 * `firstPage` mark to the `rows` mark after it: what the thread ran in
 * between, whatever it ran. No ordering of that work brings the wall
 * clock below it. Empty where the trace has no thread clock.
 */
function firstPageThreadTimes(events: readonly TraceEvent[]): number[] {
  const ordered = events
    .filter(({ name }) => name === marks.firstPage || name === marks.rows)
    .sort((a, b) => a.ts - b.ts);
  const times: number[] = [];
  let started: number | null = null;
  for (const event of ordered) {
    if (event.tts === undefined) return [];
    if (event.name === marks.firstPage) {
      started = event.tts;
    } else if (started !== null) {
      times.push((event.tts - started) / 1000);
      started = null;
    }
  }
  return times;
}

interface TraceEvent {
  name: string;
  /** Wall and thread clocks, in µs. */
  ts: number;
  tts?: number;
}

function longestPerStep(events: readonly TraceEvent[]): number[] {
  const names = new Set<string>(Object.values(marks));
  const ordered = events
    .filter((event) => names.has(event.name))
    .sort((a, b) => a.ts - b.ts);
  const steps: number[] = [];
  let started: number | null = null;
  let open = false;
  for (const event of ordered) {
    if (event.tts === undefined) return [];
    if (event.name === marks.step) {
      steps.push(0);
      open = true;
    } else if (event.name === marks.shown) {
      open = false;
    } else if (event.name === marks.updateStart) {
      started = event.tts;
    } else if (event.name === marks.updateEnd && started !== null && open) {
      const ms = (event.tts - started) / 1000;
      steps[steps.length - 1] = Math.max(steps.at(-1) ?? 0, ms);
      started = null;
    }
  }
  return steps;
}

/**
 * One step, then the heap in use after full collections, in MB. One
 * collection leaves a few hundred kilobytes some of the time (three in a
 * row at the same step read 3.34, 3.09 and 3.09 MB in a probe), so this
 * is the least of three.
 */
async function heapAfterStep(
  tab: Page,
  cdp: CDPSession,
  index: number,
): Promise<number> {
  await stepOnce(tab, index % 2 ? 'previous' : 'next');
  await tab.evaluate(() => window.sessionBench.settle());
  const readings: number[] = [];
  for (let reading = 0; reading < heapReadings; reading++) {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize');
    readings.push((used?.value ?? NaN) / 1024 / 1024);
  }
  return Math.min(...readings);
}

/** Steps `from` up to step `last`, and reads the heap after that one. */
async function heapAfterSteps(
  tab: Page,
  cdp: CDPSession,
  from: number,
  last: number,
): Promise<number> {
  for (let index = from; index < last; index++) {
    await stepOnce(tab, index % 2 ? 'previous' : 'next');
  }
  return heapAfterStep(tab, cdp, last);
}

/**
 * The harness and everything it imports, built as the element ships, as
 * files served under `base` (`/`, or `/ours/`). `config` is the widget
 * build of the tree to build from; another checkout passes its own.
 */
export async function buildHarness(
  base = '/',
  config: InlineConfig = widgetBuildFor(
    'bench/fixtures/harness.ts',
    'harness.js',
  ),
): Promise<Map<string, string>> {
  const output = await build(config);
  const results = Array.isArray(output) ? output : [output];
  const files = new Map<string, string>();
  for (const result of results) {
    if (!('output' in result)) continue;
    for (const item of result.output as (
      Rolldown.OutputChunk | Rolldown.OutputAsset
    )[]) {
      if (item.type === 'chunk')
        files.set(`${base}${item.fileName}`, item.code);
    }
  }
  files.set(
    base,
    '<!doctype html><html lang="en"><meta charset="utf-8">' +
      '<title>bench</title><body>' +
      `<script type="module" src="${base}harness.js"></script></body></html>`,
  );
  return files;
}

/**
 * Times a fixture page's element (`bench/fixtures/stored-rows.ts`) on
 * newly loaded pages, after storing the IdP's first page for it.
 */
async function newPages(
  tab: Page,
  cdp: CDPSession,
  url: string,
  options: HarnessOptions,
): Promise<NewPageSamples> {
  await tab.goto(url);
  await tab.waitForFunction(() => 'rowsBench' in window);
  await tab.evaluate((given) => window.rowsBench.fill(given), options);

  const { result: runs, events } = await traced(cdp, () =>
    repeat(newPageRuns, async () => {
      await tab.reload();
      await tab.waitForFunction(() => 'rowsBench' in window);
      return tab.evaluate(() => window.rowsBench.firstPage());
    }),
  );
  const thread = firstPageThreadTimes(events);
  return {
    total: summarise(runs.map((run) => run.ms)),
    thread: thread.length === runs.length ? summarise(thread) : null,
    painted: summarise(runs.map((run) => run.paintedMs)),
    open: summarise(runs.map((run) => run.openMs)),
    draw: summarise(runs.map((run) => run.drawMs)),
  };
}

/** Serves `files` on 127.0.0.1; a path ending in `/` is a page. */
async function servePage(
  files: Map<string, string>,
): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const body = files.get(req.url ?? '/');
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    const type = req.url?.endsWith('/') ? 'text/html' : 'text/javascript';
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, server };
}
