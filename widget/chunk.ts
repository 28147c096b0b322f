/**
 * A part of the element that is a file of its own, fetched the first time
 * it is needed and shared by every element of the page. A failed fetch is
 * forgotten, so the next need asks again: Chromium fetches a dynamic
 * import that failed anew (the element's tests check it). A browser that
 * keeps the failure instead keeps showing it until the page reloads.
 */
export class Chunk<Module> {
  readonly #load: () => Promise<Module>;
  #loading: Promise<Module> | null = null;

  constructor(load: () => Promise<Module>) {
    this.#load = load;
  }

  get(): Promise<Module> {
    this.#loading ??= this.#load().catch((error: unknown) => {
      this.#loading = null;
      throw error;
    });
    return this.#loading;
  }
}
