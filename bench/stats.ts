/**
 * Timing helpers shared by every measurement: a bounded sampling loop and
 * the percentiles the table reports.
 */

export interface Sample {
  p50: number;
  p95: number;
  runs: number;
}

export interface SampleOptions {
  /** Calls made and thrown away first, so caches and JIT are warm. */
  warmup: number;

  /** The most timed calls. */
  runs: number;

  /**
   * Stops early once this much time went into timed calls, so a slow
   * baseline cannot stretch the whole run; at least `minRuns` still run.
   */
  budgetMs: number;

  minRuns?: number;
}

/** Times `call` again and again within the bounds of `options`. */
export async function sample(
  call: () => unknown,
  options: SampleOptions,
): Promise<Sample> {
  for (let index = 0; index < options.warmup; index++) await call();

  const times: number[] = [];
  const minRuns = options.minRuns ?? 5;
  let spent = 0;
  while (
    times.length < options.runs &&
    (spent < options.budgetMs || times.length < minRuns)
  ) {
    const started = performance.now();
    await call();
    const elapsed = performance.now() - started;
    times.push(elapsed);
    spent += elapsed;
  }
  return summarise(times);
}

/** p50 and p95 of a list of times, by the nearest-rank method. */
export function summarise(times: readonly number[]): Sample {
  const sorted = [...times].sort((a, b) => a - b);
  const rank = (fraction: number): number =>
    sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? NaN;
  return { p50: rank(0.5), p95: rank(0.95), runs: sorted.length };
}
