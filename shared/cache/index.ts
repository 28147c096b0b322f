/**
 * The page cache and the store views use: stale-while-revalidate pages in
 * IndexedDB, keyed by who is looking, and removals that invalidate them
 * in every page of the origin.
 */
export { SessionStore } from './session-store.ts';
export type { SessionStoreOptions } from './session-store.ts';
export type { Loaded, LoadOptions } from './load.ts';
export { PageCache, defaultCacheName } from './page-cache.ts';
export type { CachedPage, PageCacheOptions } from './page-cache.ts';
export { viewerIdentity } from './keys.ts';
export type { PageKey } from './keys.ts';
export type { RemovalTarget } from './affected.ts';
export type { PageMode, PageRow } from './schema.ts';
export { cacheVersion } from './schema.ts';
export { defaultChannelName } from './channel.ts';
export {
  CacheUnavailableEvent,
  PagesClearedEvent,
  PagesInvalidatedEvent,
  TypedEventTarget,
} from './events.ts';
export type {
  CacheUnavailableReason,
  PageCacheEventMap,
  SessionStoreEventMap,
} from './events.ts';
