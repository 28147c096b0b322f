/// <reference types="chrome" />

import { reviveError } from './errors.ts';
import type { Message, Reply, RequestType, Requests } from './protocol.ts';

/**
 * Asks the service worker and waits for its answer; a failure there is
 * thrown here as the same kind of error.
 */
export async function ask<Type extends RequestType>(
  message: Message<Type>,
): Promise<Requests[Type]['answer']> {
  const reply = (await chrome.runtime.sendMessage(message)) as
    Reply<Type> | undefined;
  if (!reply) {
    throw new Error(`The service worker did not answer "${message.type}"`);
  }
  if (!reply.ok) {
    throw reviveError(reply.error);
  }
  return reply.value;
}
