import * as v from 'valibot';

import type { RemovalTarget } from './affected.ts';

/**
 * Tells the other pages of this origin (tabs, the extension's popup and
 * options pages) that sessions were removed, so their views load again.
 * IndexedDB is shared by those pages, but it has no change events, so the
 * news travels over a BroadcastChannel. Messages from other pages are
 * checked like any input: a page of an older release may send another
 * shape, and is ignored.
 */

const messageSchema = v.object({
  kind: v.literal('session-manager.removed'),
  endpoint: v.string(),
  targets: v.array(
    v.object({
      subjectId: v.nullable(v.string()),
      sessionId: v.nullable(v.string()),
    }),
  ),
});

export type RemovalMessage = v.InferOutput<typeof messageSchema>;

export const defaultChannelName = 'session-manager.pages';

export class RemovalChannel {
  readonly #channel: BroadcastChannel | null;

  constructor(
    name: string,
    onRemoved: (endpoint: string, targets: RemovalTarget[]) => void,
  ) {
    // Some embedded webviews still have no BroadcastChannel: then only
    // this page hears about its own removals.
    this.#channel =
      typeof BroadcastChannel === 'function'
        ? new BroadcastChannel(name)
        : null;
    this.#channel?.addEventListener('message', (event: MessageEvent) => {
      const result = v.safeParse(messageSchema, event.data);
      if (result.success) {
        onRemoved(result.output.endpoint, result.output.targets);
      }
    });
  }

  announce(endpoint: string, targets: readonly RemovalTarget[]): void {
    const message: RemovalMessage = {
      kind: 'session-manager.removed',
      endpoint,
      targets: targets.map((t) => ({ ...t })),
    };
    this.#channel?.postMessage(message);
  }

  close(): void {
    this.#channel?.close();
  }
}
