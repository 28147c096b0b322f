/// <reference types="chrome" />

import type { RemovalOperation } from './log.ts';

/** Shows on the toolbar icon how many removals are still running. */
export async function showRunning(
  operations: readonly RemovalOperation[],
): Promise<void> {
  const running = operations.filter((known) => known.state === 'running');
  await chrome.action.setBadgeBackgroundColor({ color: '#1f5fbf' });
  await chrome.action.setBadgeText({
    text: running.length === 0 ? '' : String(running.length),
  });
}
