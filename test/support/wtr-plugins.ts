import type { TestRunnerPlugin } from '@web/test-runner';
import type { ChromeLauncher } from '@web/test-runner-chrome';
import type { CDPSession } from 'puppeteer-core';

import type { Idp } from '../../idp/server.ts';
import { startFaultyServer, type FaultyServer } from './faulty-server.ts';

/**
 * Server commands the browser tests call through `executeServerCommand`.
 * The servers live in Node beside the dev server; the page only ever sees
 * their URLs and the tokens a real sign-in produced.
 */

export function faultyServerPlugin(): TestRunnerPlugin {
  let server: FaultyServer | undefined;
  return {
    name: 'faulty-server',
    async serverStart() {
      server = await startFaultyServer();
    },
    async serverStop() {
      await server?.close();
    },
    executeCommand({ command, payload }) {
      if (command === 'faulty-server') {
        return { url: server?.url };
      }
      if (command === 'faulty-log') {
        const { run } = payload as { run: string };
        return server?.requests(run) ?? [];
      }
      return undefined;
    },
  };
}

interface RunningIdp {
  readonly issuer: string;
  readonly sessionEndpoint: string;
  readonly idp: Idp;
  close(): Promise<void>;
}

export interface SignInPayload {
  readonly username: string;

  /** Which API scope the token should carry. */
  readonly api: 'admin' | 'self';

  /** Signs in to this relying party too, so the session lists it. */
  readonly alsoClientId?: string;
}

const apiClients = {
  admin: { clientId: 'admin-portal', scope: 'openid sessions.admin' },
  self: { clientId: 'account-page', scope: 'openid sessions.self' },
} as const;

/**
 * Starts the reference IdP with the dev server's origin allowed. The IdP is
 * imported when the dev server starts, not when the configuration loads,
 * so a broken IdP fails the tests that need it and no others: those get
 * `{ error }` back and fail with its message.
 */
export function idpPlugin(
  origin: string,
  /** Further commands that need the IdP; undefined for unknown ones. */
  more?: (idp: Idp, command: string, payload: unknown) => Promise<unknown>,
): TestRunnerPlugin {
  let running: RunningIdp | undefined;
  let failure: string | undefined;

  return {
    name: 'reference-idp',
    async serverStart() {
      try {
        const { startTestIdp } = await import('./idp.ts');
        const idp = await startTestIdp({ origins: [origin] });
        running = {
          issuer: idp.issuer,
          sessionEndpoint: idp.sessionEndpoint,
          idp,
          close: () => idp.close(),
        };
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
    },
    async serverStop() {
      await running?.close();
    },
    async executeCommand({ command, payload }) {
      if (more && command.startsWith('widget-')) {
        return running
          ? more(running.idp, command, payload)
          : { error: `the reference IdP did not start: ${failure}` };
      }
      if (command !== 'idp' && command !== 'idp-sign-in') {
        return undefined;
      }
      if (!running) {
        return { error: `the reference IdP did not start: ${failure}` };
      }
      if (command === 'idp') {
        return {
          issuer: running.issuer,
          sessionEndpoint: running.sessionEndpoint,
        };
      }
      return signInFor(running, payload as SignInPayload);
    },
  };
}

async function signInFor(running: RunningIdp, payload: SignInPayload) {
  const { signIn } = await import('./oidc.ts');
  const { demoAccounts } = await import('../../idp/accounts.ts');
  const account = demoAccounts.find((a) => a.username === payload.username);
  if (!account) {
    return { error: `no demo account "${payload.username}"` };
  }

  const client = apiClients[payload.api];
  const signedIn = await signIn(running.idp, {
    clientId: client.clientId,
    username: account.username,
    password: account.password,
    scope: client.scope,
  });
  if (payload.alsoClientId) {
    await signIn(running.idp, {
      clientId: payload.alsoClientId,
      username: account.username,
      password: account.password,
      scope: 'openid',
      browser: signedIn.browser,
    });
  }

  return {
    accessToken: signedIn.accessToken,
    subjectId: signedIn.claims.sub,
    sessionId: signedIn.sessionId ?? null,
  };
}

/**
 * Sets the storage quota of the page's origin through the DevTools
 * protocol, so the cache meets a real `QuotaExceededError`; null restores
 * the browser's own quota. Chromium drops the override when the DevTools
 * session detaches, so the session stays open until the quota is restored;
 * and it applies the override only to storage it has not opened since, so
 * the origin's IndexedDB is cleared first (the tests use throwaway
 * databases).
 */
export function storagePlugin(): TestRunnerPlugin {
  const open = new Map<string, CDPSession>();
  return {
    name: 'storage-quota',
    async executeCommand({ command, payload, session }) {
      if (command !== 'storage-quota') {
        return undefined;
      }

      const { origin, quota } = payload as {
        origin: string;
        quota: number | null;
      };
      let cdp = open.get(session.id);
      if (!cdp && quota === null) {
        return true;
      }
      if (!cdp) {
        const page = (session.browser as ChromeLauncher).getPage(session.id);
        cdp = await page.createCDPSession();
        open.set(session.id, cdp);
      }

      if (quota !== null) {
        await cdp.send('Storage.clearDataForOrigin', {
          origin,
          storageTypes: 'indexeddb',
        });
      }
      await cdp.send('Storage.overrideQuotaForOrigin', {
        origin,
        ...(quota === null ? {} : { quotaSize: quota }),
      });
      if (quota === null) {
        open.delete(session.id);
        await cdp.detach();
      }
      return true;
    },
  };
}
