import * as wire from './removal-wire.ts';

export type RemovalWire = typeof wire;

/**
 * The removal wire (`removal-wire.ts`), here already loaded. A bundle may
 * put another module in this one's place that fetches the wire when it is
 * first asked for: the widget's build does (`widget/build/`). Everything
 * else, the extension's service worker among them, bundles it as it is,
 * since a worker may not import code once it runs.
 */
export function loadRemovalWire(): Promise<RemovalWire> {
  return Promise.resolve(wire);
}
