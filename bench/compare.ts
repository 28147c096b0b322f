import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import type { Page } from 'playwright-core';
import type { InlineConfig } from 'vite';

import {
  buildHarness,
  firstPage,
  newPagesTraced,
  threadTimes,
  withRig,
} from './browser.ts';
import type { HarnessOptions } from './fixtures/harness.ts';
import { summarise } from './stats.ts';
import { formatTable, type ResultRow } from './table.ts';

/**
 * `npm run bench:compare -- --against <revision>`: the element of the
 * working tree against the element of another revision, in one Chromium,
 * against one IdP, in interleaved rounds. From one run of `npm run bench`
 * to the next the element's medians move by about 3 ms with nothing
 * changed, as the machine's speed does, so a change smaller than that
 * shows only when both sides are measured in turn, at the same moment.
 *
 * Both sides are driven by the working tree's harness
 * (`bench/fixtures/`), so only the element differs. Each round
 * loads each side's page anew, alternating which goes first, and times
 * cached first pages (put back, and on the page reloaded) and 100-row
 * updates as `npm run bench` does, with fewer runs a round; the figures
 * are comparable with each other, not with the full bench's.
 */

const root = fileURLToPath(new URL('..', import.meta.url));

const { values } = parseArgs({
  options: {
    against: { type: 'string', default: 'HEAD' },
    rounds: { type: 'string', default: '10' },
  },
});

const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  throw new TypeError(`--rounds takes a whole number, got ${values.rounds}`);
}
const revision = git('rev-parse', '--short', values.against);

/** Runs a round measures, per side. */
const firstPagesPerRound = 6;
const newPagesPerRound = 3;
const stepsPerRound = 10;

const checkout = mkdtempSync(join(tmpdir(), 'session-manager-compare-'));
try {
  git('worktree', 'add', '--detach', checkout, revision);
  symlinkSync(join(root, 'node_modules'), join(checkout, 'node_modules'));
  // The harness and the modules beside it (the names of its marks).
  const fixtures = 'bench/fixtures';
  cpSync(join(root, fixtures), join(checkout, fixtures), { recursive: true });
  const rows = await compare(checkout);
  process.stdout.write(`${formatTable(rows)}\n`);
} finally {
  git('worktree', 'remove', '--force', checkout);
  rmSync(checkout, { recursive: true, force: true });
}

async function compare(other: string): Promise<ResultRow[]> {
  // The other checkout's own widget build: its vite.config.ts, plugins
  // and stand-ins.
  const theirBuild = (await import(join(other, 'bench', 'bundle-size.ts'))) as {
    widgetBuildFor(entry: string, fileName: string): InlineConfig;
  };
  const files = new Map([
    ...(await buildHarness('/ours/')),
    ...(await buildHarness(
      '/theirs/',
      theirBuild.widgetBuildFor('bench/fixtures/harness.ts', 'harness.js'),
    )),
  ]);

  return withRig(files, async ({ origin, tab, options }) => {
    const sides = { ours: newFigures(), theirs: newFigures() };
    for (let round = 0; round < rounds; round++) {
      progress(`round ${round + 1} of ${rounds}`);
      const order =
        round % 2
          ? (['theirs', 'ours'] as const)
          : (['ours', 'theirs'] as const);
      for (const side of order) {
        await measureRound(tab, `${origin}/${side}/`, options, sides[side]);
      }
    }

    return [
      row('first page from cache, put back', '25 rows', 'cached', sides),
      row('first page, the update drawing its rows', '25 rows', 'draw', sides),
      row('first page, put back: rows on screen', '25 rows', 'painted', sides),
      row('first page on a newly loaded page', '25 rows', 'newPage', sides),
      row('the same, thread time', '25 rows', 'newThread', sides),
      row('the same: rows on screen', '25 rows', 'newPainted', sides),
      row(
        '100-row page, longest Lit update per step',
        '100 rows',
        'update',
        sides,
      ),
      row('the same updates, thread time', '100 rows', 'thread', sides),
    ];
  });
}

interface Figures {
  cached: number[];
  draw: number[];
  /** Until the frame after the rows has rendered. */
  painted: number[];
  /** The cached first page of an element on a page just reloaded. */
  newPage: number[];
  newPainted: number[];
  /** The main thread's own time of the same; see `newPagesTraced`. */
  newThread: number[];
  update: number[];
  /** The same updates' thread time; see `threadTimes`. */
  thread: number[];
}

function newFigures(): Figures {
  return {
    cached: [],
    draw: [],
    painted: [],
    newPage: [],
    newPainted: [],
    newThread: [],
    update: [],
    thread: [],
  };
}

/** One side's share of a round, on its page loaded anew. */
async function measureRound(
  tab: Page,
  address: string,
  options: HarnessOptions,
  figures: Figures,
): Promise<void> {
  await tab.goto(address);
  await tab.waitForFunction(() => 'sessionBench' in window);

  // The first element fills IndexedDB; the ones after it read it.
  await firstPage(tab, options);
  for (let run = 0; run < firstPagesPerRound; run++) {
    const shown = await firstPage(tab, options);
    if (shown.source === 'cache') {
      figures.cached.push(shown.ms);
      figures.draw.push(shown.drawMs);
      figures.painted.push(shown.paintedMs);
    }
  }

  const cdp = await tab.context().newCDPSession(tab);
  try {
    // Reloaded, the page's element opens IndexedDB itself and runs code
    // that has not run before: the newly loaded page of the full bench.
    const newPages = await newPagesTraced(tab, cdp, options, newPagesPerRound);
    for (const shown of newPages) {
      if (shown.source === 'cache') {
        figures.newPage.push(shown.ms);
        figures.newPainted.push(shown.paintedMs);
        if (shown.threadMs !== null) figures.newThread.push(shown.threadMs);
      }
    }

    // Both pages of 100 visited once, so every timed step has a cache.
    await firstPage(tab, { ...options, pageSize: 100 });
    const step = (direction: 'previous' | 'next') =>
      tab.evaluate((given) => window.sessionBench.step(given), direction);
    await step('next');
    await step('previous');
    const thread = await threadTimes(tab, cdp, async () => {
      for (let index = 0; index < stepsPerRound; index++) {
        const stepped = await step(index % 2 ? 'previous' : 'next');
        figures.update.push(stepped.longestUpdateMs);
        await tab.evaluate(() => window.sessionBench.settle());
      }
    });
    figures.thread.push(...thread);
  } finally {
    await cdp.detach();
  }
}

function row(
  name: string,
  size: string,
  measure: keyof Figures,
  sides: { ours: Figures; theirs: Figures },
): ResultRow {
  const ours = summarise(sides.ours[measure]);
  const theirs = summarise(sides.theirs[measure]);
  const change = ((ours.p50 - theirs.p50) / theirs.p50) * 100;
  return {
    group: 'compare',
    name,
    size,
    unit: 'ms',
    ours,
    alternative: `revision ${revision}`,
    theirs,
    target: '-',
    verdict: 'no target',
    note:
      `median ${change >= 0 ? '+' : ''}${change.toFixed(0)} %, ` +
      `${ours.runs} and ${theirs.runs} runs over ${rounds} ` +
      (rounds === 1 ? 'round' : 'rounds'),
  };
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
}

/** Progress goes to stderr, so stdout holds only the table. */
function progress(line: string): void {
  console.error(`bench:compare: ${line}`);
}
