import type { RemovalReport, UserSession } from '../../shared/index.ts';
import type { RemovalOutcome, RemovalRequest } from '../events.ts';

/** One call of a removal run, admin or self-service. */
export interface RunItem {
  readonly key: string;
  readonly request: RemovalRequest;
  readonly sessions: readonly UserSession[];
}

export interface RunResult {
  readonly item: RunItem;
  readonly outcome: RemovalOutcome;
  readonly failed: boolean;
}

/** A few calls at once: quick for a bulk removal, gentle on the host. */
const parallel = 3;

/**
 * Runs the calls of a removal, a few at a time, and keeps what happened to
 * each. A call that fails does not stop the others; `retry` runs again
 * only the ones that failed, and their new results replace the old.
 */
export class RemovalRun {
  results: RunResult[] = [];
  total = 0;
  finished = 0;
  running = false;

  readonly #perform: (request: RemovalRequest) => Promise<RemovalReport | null>;
  readonly #progress: () => void;

  constructor(
    perform: (request: RemovalRequest) => Promise<RemovalReport | null>,
    progress: () => void,
  ) {
    this.#perform = perform;
    this.#progress = progress;
  }

  get failures(): readonly RunResult[] {
    return this.results.filter((result) => result.failed);
  }

  /** Runs `items`; resolves with the results of this round only. */
  async run(items: readonly RunItem[]): Promise<RunResult[]> {
    this.running = true;
    this.total = items.length;
    this.finished = 0;
    this.#progress();

    const round: RunResult[] = [];
    const queue = [...items];
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const result = await this.#one(item);
        round.push(result);
        const index = this.results.findIndex(
          (old) => old.item.key === item.key,
        );
        this.results =
          index < 0
            ? [...this.results, result]
            : this.results.with(index, result);
        this.finished += 1;
        this.#progress();
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));

    this.running = false;
    this.#progress();
    return items.map(
      (item) => round.find((result) => result.item === item) as RunResult,
    );
  }

  retry(): Promise<RunResult[]> {
    return this.run(this.failures.map((result) => result.item));
  }

  async #one(item: RunItem): Promise<RunResult> {
    try {
      const report = await this.#perform(item.request);
      return {
        item,
        outcome: { request: item.request, report, error: null },
        failed: false,
      };
    } catch (error) {
      return {
        item,
        outcome: { request: item.request, report: null, error },
        failed: true,
      };
    }
  }
}
