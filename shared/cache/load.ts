import type { CallOptions } from '../client/options.ts';
import type { PageKey } from './keys.ts';
import type { PageCache } from './page-cache.ts';
import type { PageRow } from './schema.ts';

/**
 * A page as the store hands it out: from the cache at once, with its age,
 * or from the network. A view can show the first, marked as possibly out
 * of date, until the second arrives.
 */
export type Loaded<Page> =
  | {
      readonly source: 'cache';
      readonly page: Page;

      /** When the cached page was fetched. */
      readonly storedAt: Date;
      readonly ageMs: number;
    }
  | {
      readonly source: 'network';
      readonly page: Page;
      readonly storedAt: Date;
      readonly ageMs: 0;
    };

export interface LoadOptions extends CallOptions {
  /** `false` skips the cached page and waits for the network. */
  readonly cached?: boolean;
}

export interface LoadPlan<Page> {
  /** Null when nothing may be cached (nobody is signed in, or no cache). */
  readonly cache: PageCache | null;
  readonly key: PageKey;
  readonly options: LoadOptions;
  readonly fetch: (options: CallOptions) => Promise<Page>;

  /** The sessions a page holds, for finding it after a removal. */
  readonly rows: (page: Page) => PageRow[];

  /** Whether the page may still be stored once it arrives. */
  readonly mayStore: () => boolean;
}

/**
 * Stale-while-revalidate: yields the cached page, when there is one young
 * enough, then the fresh page, and stores the fresh one while it is shown.
 * The request starts before the cache is read, so a slow IndexedDB never
 * delays the fresh page, and a cached page that loses the race is not
 * shown at all. A reader that stops early cancels the request.
 */
export async function* loadPage<Page>(
  plan: LoadPlan<Page>,
): AsyncGenerator<Loaded<Page>, void, undefined> {
  const { cache, key } = plan;
  const { cached = true, signal, ...callOptions } = plan.options;
  const stop = new AbortController();
  const requestedAt = cache?.now() ?? Date.now();

  let arrived = false;
  const fresh = plan
    .fetch({
      ...callOptions,
      signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
    })
    .then((page) => {
      arrived = true;
      return page;
    });
  // Rejections are taken up below; until then they are not "unhandled".
  fresh.catch(() => undefined);

  try {
    const hit = cache && cached ? await cache.get<Page>(key) : null;
    if (cache && hit && !arrived) {
      yield {
        source: 'cache',
        page: hit.page,
        storedAt: new Date(hit.storedAt),
        ageMs: Math.max(0, cache.now() - hit.storedAt),
      };
    }

    const page = await fresh;
    // Storing takes two IndexedDB transactions, which would hold the
    // fresh page back from the screen: it is shown while it is stored.
    // The put never throws; the load ends once it is done.
    const stored =
      cache && plan.mayStore()
        ? cache.put(key, page, plan.rows(page), requestedAt)
        : null;
    yield {
      source: 'network',
      page,
      storedAt: new Date(requestedAt),
      ageMs: 0,
    };
    await stored;
  } finally {
    if (!arrived) {
      stop.abort(new DOMException('the reader stopped', 'AbortError'));
    }
  }
}
