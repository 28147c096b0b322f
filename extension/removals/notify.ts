/// <reference types="chrome" />

import { t } from '../i18n.ts';
import { describeOutcome, describeTarget } from './describe.ts';
import type { RemovalOperation } from './log.ts';

/**
 * Tells the support person how a removal ended, even when the popup that
 * started it has long closed. The notification id is the operation's, so
 * a repeated report replaces the earlier one instead of stacking.
 */
export async function notifyOutcome(operation: RemovalOperation) {
  const title =
    operation.state === 'succeeded'
      ? t('notificationSucceeded', describeTarget(operation))
      : t('notificationFailed', describeTarget(operation));
  await chrome.notifications.create(operation.id, {
    type: 'basic',
    iconUrl: chrome.runtime.getURL('icons/icon-128.png'),
    title,
    message: describeOutcome(operation),
    priority: operation.state === 'failed' ? 2 : 0,
  });
}
