import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { format } from 'prettier';

import { benchQueries } from './query.ts';
import { benchRemoval } from './removal.ts';
import { formatTable, type ResultRow } from './table.ts';
import { benchWidget } from './widget.ts';

/**
 * `npm run bench`: every measurement, one table on stdout and the same
 * rows as JSON. See bench/README.md for what each row means.
 */

const groups = ['query', 'removal', 'widget'] as const;
type Group = (typeof groups)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    sizes: { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

// The IdP logs one line per removal; stdout is kept for the table.
// eslint-disable-next-line no-console
console.log = (...parts: unknown[]) => {
  console.error(...parts);
};

const chosen = parseGroups(values.only);
const sizes = parseSizes(values.sizes, values.quick);
const rows: ResultRow[] = [];
const started = performance.now();
const loopAtStart = loopMs();

if (chosen.size > 1) {
  for (const group of groups.filter((name) => chosen.has(name))) {
    rows.push(...(await inOwnProcess(group)));
  }
} else if (chosen.has('query')) {
  for (const size of sizes) {
    progress(`query at ${size.toLocaleString('en')} sessions`);
    rows.push(...(await benchQueries(size)));
  }
} else if (chosen.has('removal')) {
  progress('removal fan-out');
  rows.push(...(await benchRemoval()));
} else if (chosen.has('widget')) {
  progress('widget');
  rows.push(...(await benchWidget()));
}

// Other work on the machine shows up in every p95, and the machine itself
// runs faster at some hours than at others, so the table says how busy it
// was and how fast a fixed loop ran at the start and the end.
const loopAtEnd = loopMs();
const load = loadavg().map((value) => value.toFixed(1));
const table = formatTable(rows);
process.stdout.write(
  `${table}\n\nload average (1, 5, 15 min) at the end: ${load.join(', ')}` +
    ` on ${cpus().length} cores; the fixed loop took` +
    ` ${loopAtStart.toFixed(0)} ms at the start, ${loopAtEnd.toFixed(0)} ms` +
    ` at the end\n`,
);
// Formatted as the repository's formatter would, so a committed copy of
// the results passes the format check.
const json = await format(
  JSON.stringify({
    at: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    loadAverage: loadavg(),
    loopMs: { start: loopAtStart, end: loopAtEnd },
    seconds: Math.round((performance.now() - started) / 1000),
    rows,
  }),
  { parser: 'json' },
);
// bench/results.json holds the figures README quotes, so only a full run
// replaces it; a partial one writes where `--out` says, or nowhere.
const full =
  chosen.size === groups.length && values.sizes === undefined && !values.quick;
const out = values.out ?? (full ? 'bench/results.json' : null);
if (out) {
  writeFileSync(out, json);
  progress(`wrote ${out}`);
} else {
  progress('a partial run: no results file written (--out names one)');
}

/**
 * Runs one group as `npm run bench -- --only <group>` would, in a Node
 * process of its own, and returns its rows. Run after the query group in
 * the same process, the element measured about a third slower (a cached
 * first page 19.3 ms, then 14.6 ms run alone straight after): the million
 * sessions that group seeds leave the process's heap and its IdP busier
 * on the same two cores.
 */
async function inOwnProcess(group: Group): Promise<ResultRow[]> {
  const folder = mkdtempSync(join(tmpdir(), 'session-bench-'));
  const out = join(folder, `${group}.json`);
  const args = [
    '--import',
    'tsx',
    fileURLToPath(import.meta.url),
    ...['--only', group, '--out', out],
    ...(values.sizes === undefined ? [] : ['--sizes', values.sizes]),
    ...(values.quick ? ['--quick'] : []),
  ];
  try {
    // Its table is this one's too; its progress goes through.
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) {
      throw new Error(`the ${group} group failed (exit code ${code})`);
    }
    const results = JSON.parse(readFileSync(out, 'utf8')) as {
      rows: ResultRow[];
    };
    return results.rows;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function parseGroups(text: string | undefined): Set<Group> {
  if (text === undefined) return new Set(groups);
  const named = text.split(',').map((name) => name.trim());
  for (const name of named) {
    if (!(groups as readonly string[]).includes(name)) {
      throw new TypeError(
        `--only takes ${groups.join(', ')}, got ${JSON.stringify(name)}`,
      );
    }
  }
  return new Set(named as Group[]);
}

function parseSizes(text: string | undefined, quick: boolean): number[] {
  if (text === undefined) {
    return quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  }
  return text.split(',').map((part) => {
    const size = Number(part.replaceAll('_', ''));
    if (!Number.isSafeInteger(size) || size < 1_000) {
      throw new TypeError(
        `--sizes takes whole numbers of 1000 or more, got ${part}`,
      );
    }
    return size;
  });
}

/**
 * How long a fixed loop of integer arithmetic takes here, in ms: a figure
 * of the machine's speed at the moment, to compare runs by. Two runs'
 * timings compare only as far as their loops agree.
 */
function loopMs(): number {
  const begun = performance.now();
  let sum = 0;
  for (let step = 0; step < 100_000_000; step++) sum += step % 7;
  // Used, so the loop cannot be left out.
  if (sum < 0) throw new Error('the loop overflowed');
  return performance.now() - begun;
}

/** Progress goes to stderr, so stdout holds only the table. */
function progress(line: string): void {
  console.error(`bench: ${line}`);
}
