import type { Sample } from './stats.ts';

/**
 * One line of the results: a measurement, the alternative measured beside
 * it in the same run, the target and whether it was met. A measurement
 * that could not be taken keeps its row, with the reason in `note`.
 */
export interface ResultRow {
  group: string;
  name: string;
  /** What was measured on, e.g. the number of sessions. */
  size: string;
  unit: 'ms' | 'KB' | 'MB' | 's';
  ours: Sample | null;
  /** How the alternative was done, e.g. "OFFSET paging". */
  alternative: string;
  theirs: Sample | null;
  target: string;
  verdict: 'met' | 'missed' | 'no target' | 'not measured';
  note: string;
}

/** Whether a figure is within a ceiling, as the verdict column says it. */
export function within(
  value: number | undefined,
  ceiling: number,
): ResultRow['verdict'] {
  if (value === undefined || Number.isNaN(value)) return 'not measured';
  return value <= ceiling ? 'met' : 'missed';
}

const headings = [
  'measurement',
  'size',
  'ours p50',
  'ours p95',
  'alternative',
  'alt p50',
  'alt p95',
  'target',
  'result',
];

/** The rows as one plain-text table, columns padded to fit. */
export function formatTable(rows: readonly ResultRow[]): string {
  const cells = rows.map((row) => [
    `${row.group}: ${row.name}`,
    row.size,
    figure(row.ours?.p50, row.unit),
    row.ours?.runs === 1 ? 'once' : figure(row.ours?.p95, row.unit),
    row.alternative,
    figure(row.theirs?.p50, row.unit),
    row.theirs?.runs === 1 ? 'once' : figure(row.theirs?.p95, row.unit),
    row.target,
    row.note === '' ? row.verdict : `${row.verdict} (${row.note})`,
  ]);
  const widths = headings.map((heading, column) =>
    Math.max(heading.length, ...cells.map((line) => line[column]!.length)),
  );
  const line = (values: readonly string[]): string =>
    values
      .map((value, column) => value.padEnd(widths[column]!))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-|-');
  return [line(headings), rule, ...cells.map(line)].join('\n');
}

function figure(value: number | undefined, unit: ResultRow['unit']): string {
  if (value === undefined || Number.isNaN(value)) return '-';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}
