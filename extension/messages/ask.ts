/// <reference types="chrome" />

import { reviveError } from './errors.ts';
import type { Message, Reply, RequestType, Requests } from './protocol.ts';

/**
 * The service worker could not be reached, or stopped before it answered.
 * What it was asked to do may still be happening.
 */
export class WorkerUnreachableError extends Error {
  override readonly name = 'WorkerUnreachableError';
}

/**
 * Asks the service worker and waits for its answer; a failure there is
 * thrown here as the same kind of error.
 */
export async function ask<Type extends RequestType>(
  message: Message<Type>,
): Promise<Requests[Type]['answer']> {
  let reply: Reply<Type> | undefined;
  try {
    reply = (await chrome.runtime.sendMessage(message)) as
      Reply<Type> | undefined;
  } catch (error) {
    throw new WorkerUnreachableError(
      `The service worker did not answer "${message.type}": ${String(error)}`,
      { cause: error },
    );
  }

  if (!reply) {
    throw new WorkerUnreachableError(
      `The service worker did not answer "${message.type}"`,
    );
  }
  if (!reply.ok) {
    throw reviveError(reply.error);
  }
  return reply.value;
}
