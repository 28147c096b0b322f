import type {
  RemovalReport,
  RemoveOwnSessionsInput,
  RemoveSessionsInput,
} from '../../shared/index.ts';
import type { Account } from '../auth/account.ts';
import type { SignOutResult } from '../auth/sign-out.ts';
import type { SerializedError } from './errors.ts';

/**
 * What the extension's pages ask the service worker, and what it answers.
 * Each request names its answer type, so `ask` is typed end to end.
 */
export interface Requests {
  'sign-in': { request: Record<never, never>; answer: Account };
  'sign-out': { request: Record<never, never>; answer: SignOutResult };
  'access-token': { request: Record<never, never>; answer: string | null };
  remove: {
    /** `id` is the page's, so it can find the removal in the log later. */
    request: { id: string } & (
      | { mode: 'admin'; input: RemoveSessionsInput }
      | { mode: 'self'; input: RemoveOwnSessionsInput }
    );
    answer: RemovalReport | null;
  };
}

export type RequestType = keyof Requests;

export type Message<Type extends RequestType = RequestType> = {
  type: Type;
} & Requests[Type]['request'];

/** Every answer is wrapped so a failure crosses the boundary typed. */
export type Reply<Type extends RequestType = RequestType> =
  | { ok: true; value: Requests[Type]['answer'] }
  | { ok: false; error: SerializedError };
