/**
 * Calls that share a lane replace one another: starting a call aborts the
 * one still running in its lane. A search box that queries as the user
 * types puts every query in one lane, so a slow early answer can never
 * overwrite the answer to what the user typed last.
 */
export class Lanes {
  readonly #running = new Map<string, AbortController>();

  /**
   * Opens `lane` for a new call, aborting the call it replaces. Returns
   * the signal the new call runs under and a function that closes the lane
   * when the call settles.
   */
  enter(lane: string): { signal: AbortSignal; leave: () => void } {
    this.#running
      .get(lane)
      ?.abort(
        new DOMException(
          `replaced by a newer call in lane "${lane}"`,
          'AbortError',
        ),
      );

    const controller = new AbortController();
    this.#running.set(lane, controller);
    return {
      signal: controller.signal,
      leave: () => {
        if (this.#running.get(lane) === controller) {
          this.#running.delete(lane);
        }
      },
    };
  }
}
