/// <reference types="chrome" />

import { readAccount } from '../auth/account.ts';
import { signIn } from '../auth/sign-in.ts';
import { signOut } from '../auth/sign-out.ts';
import { currentAccessToken } from '../auth/tokens.ts';
import { serializeError } from '../messages/errors.ts';
import type {
  Message,
  Reply,
  RequestType,
  Requests,
} from '../messages/protocol.ts';
import type { RemovalRunner } from '../removals/runner.ts';
import { readSettings } from '../settings/settings.ts';
import { lastLookupKey } from './lookup.ts';

type Handlers = {
  [Type in RequestType]: (
    message: Message<Type>,
  ) => Promise<Requests[Type]['answer']>;
};

/** What the service worker does for each request a page sends. */
export function handlers(runner: RemovalRunner): Handlers {
  return {
    'sign-in': async () => signIn(await readSettings()),
    'sign-out': async () => {
      // A removal already confirmed still needs the tokens to finish.
      await runner.settled();
      const result = await signOut();
      // Whom the user looked up goes too, not only who they are.
      await chrome.storage.session.remove(lastLookupKey);
      await runner.log.clearFinished();
      return result;
    },
    'access-token': () => currentAccessToken(),
    remove: async (message) => {
      const account = await readAccount();
      if (!account) {
        throw new Error('Nobody is signed in, so nothing can be removed');
      }
      const { type: _type, ...request } = message;
      return runner.start(request, account);
    },
  };
}

/**
 * Answers pages' messages. Each answer is a `Reply`, so a failure reaches
 * the page as a typed error rather than as silence. Messages from other
 * extensions and from web pages never reach here: the manifest declares
 * no `externally_connectable`.
 */
export function listenForMessages(all: Handlers): void {
  chrome.runtime.onMessage.addListener((message: Message, sender, reply) => {
    if (sender.id !== chrome.runtime.id || !(message.type in all)) {
      return false;
    }

    const handle = all[message.type] as (
      message: Message,
    ) => Promise<Requests[RequestType]['answer']>;
    handle(message).then(
      (value) => reply({ ok: true, value } satisfies Reply),
      (error: unknown) =>
        reply({ ok: false, error: serializeError(error) } satisfies Reply),
    );
    return true;
  });
}
