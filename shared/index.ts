/**
 * Everything `shared/` offers the widget and the extension: the session
 * API's contract, the typed client, and the page cache with its store.
 */
export * from './contract/index.ts';
export * from './client/index.ts';
export * from './cache/index.ts';
