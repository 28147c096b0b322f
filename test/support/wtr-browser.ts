import { executeServerCommand } from '@web/test-runner-commands';

import type { RecordedRequest } from './faulty-server.ts';
import type { SignInPayload } from './wtr-plugins.ts';

/**
 * The browser side of the server commands in `wtr-plugins.ts`, typed, and
 * failing with the server's own message when a server is missing.
 */

function unwrap<T>(result: T | { error: string }): T {
  if (typeof result === 'object' && result !== null && 'error' in result) {
    throw new Error(result.error);
  }
  return result;
}

let runs = 0;

/** A name no other test uses, for a faulty-server run. */
export function uniqueRun(label: string): string {
  runs += 1;
  const random = Math.random().toString(36).slice(2, 8);
  return `${label}-${runs}-${random}`;
}

/**
 * The base URL of a faulty-server run that plays `steps`, one per request:
 * pass it as the client's endpoint.
 */
export async function faultyEndpoint(
  run: string,
  steps: readonly string[],
): Promise<string> {
  return `${await faultyOrigin()}/${run}/${steps.join(',')}/sessions`;
}

/** The issuer of a faulty-server run, for discovery tests. */
export async function faultyIssuer(
  run: string,
  steps: readonly string[],
): Promise<string> {
  return `${await faultyOrigin()}/${run}/${steps.join(',')}`;
}

async function faultyOrigin(): Promise<string> {
  const { url } = await executeServerCommand<{ url?: string }, undefined>(
    'faulty-server',
  );
  if (!url) {
    throw new Error('the faulty server did not start');
  }
  return url;
}

/** What the requests of `run` carried, in order; preflights left out. */
export function faultyLog(run: string): Promise<RecordedRequest[]> {
  return executeServerCommand('faulty-log', { run });
}

export interface TestIdp {
  readonly issuer: string;
  readonly sessionEndpoint: string;
}

export async function testIdp(): Promise<TestIdp> {
  return unwrap(
    await executeServerCommand<TestIdp | { error: string }, undefined>('idp'),
  );
}

export interface SignedIn {
  readonly accessToken: string;
  readonly subjectId: string;
  readonly sessionId: string | null;
}

/** Signs a demo user in to the reference IdP for real. */
export async function signIn(payload: SignInPayload): Promise<SignedIn> {
  return unwrap(
    await executeServerCommand<SignedIn | { error: string }, SignInPayload>(
      'idp-sign-in',
      payload,
    ),
  );
}

/** Limits this origin's storage to `quota` bytes; null lifts the limit. */
export async function setStorageQuota(quota: number | null): Promise<void> {
  await executeServerCommand('storage-quota', {
    origin: location.origin,
    quota,
  });
}
