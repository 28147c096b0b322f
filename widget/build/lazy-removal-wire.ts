import type { RemovalWire } from '../../shared/client/load-removal-wire.ts';
import { Chunk } from '../chunk.ts';

/**
 * `shared/client/load-removal-wire.ts` for the element's bundle only: the
 * removal wire (the removal bodies' checks, the report's and the
 * history's parsers, with their schemas) becomes a chunk of its own,
 * fetched the first time a removal or the history needs it. The dialogs
 * ask for it as they open, so a confirmed removal does not wait for it;
 * the first view is about 0.4 KB smaller. The client turns a fetch that
 * failed into its network error, before anything was sent.
 */

const wire = new Chunk<RemovalWire>(
  () => import('../../shared/client/removal-wire.ts'),
);

export function loadRemovalWire(): Promise<RemovalWire> {
  return wire.get();
}
