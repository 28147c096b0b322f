import { randomBytes } from 'node:crypto';

import type { TestRunnerPlugin } from '@web/test-runner';
import type { ChromeLauncher } from '@web/test-runner-chrome';

import type { Idp } from '../../idp/server.ts';
import type { SignedIn } from './oidc.ts';

/**
 * Server commands for the element's browser tests. They reach into the
 * running reference IdP the way an operator's tools would: real sign-ins
 * to several clients in one IdP session, sessions written as the seeding
 * writes them, the back-channel receiver's records, token introspection,
 * and one way to make a removal fail for real.
 */

/** A session to write straight into the IdP's sessions table. */
export interface SeedSession {
  readonly subjectId: string;
  readonly displayName?: string | null;
  readonly userAgent?: string | null;
  readonly ipAddress?: string | null;
  readonly clientIds?: readonly string[];
  /** Epoch milliseconds; default: now. */
  readonly created?: number;
  readonly renewed?: number;
  /** Null for a session that never expires; default: in 14 days. */
  readonly expires?: number | null;
}

export interface WidgetSignInPayload {
  readonly username: string;
  readonly api: 'admin' | 'self';

  /** Relying parties to sign in to as well, in the same IdP session. */
  readonly clients?: readonly string[];
  readonly userAgent?: string;
}

export interface WidgetSignedIn {
  /** Names this sign-in in later commands. */
  readonly handle: string;
  readonly accessToken: string;
  readonly subjectId: string;
  readonly sessionId: string;
}

export interface ReceivedLogoutSummary {
  readonly clientId: string;
  readonly valid: boolean;
  readonly subjectId: string | null;
  readonly sid: string | null;
  readonly receivedAt: number;
}

const apiClients = {
  admin: { clientId: 'admin-portal', scope: 'openid profile sessions.admin' },
  self: { clientId: 'account-page', scope: 'openid profile sessions.self' },
} as const;

const day = 24 * 60 * 60 * 1000;

interface HeldSignIn {
  readonly browser: SignedIn['browser'];

  /** The access token each client got, by client id. */
  readonly tokens: ReadonlyMap<string, string>;
}

/** Every sign-in made through `widget-sign-in`, by handle. */
const signIns = new Map<string, HeldSignIn>();

/**
 * Answers the `widget-*` commands against `idp`, or returns undefined for
 * a command it does not know.
 */
export async function widgetCommand(
  idp: Idp,
  command: string,
  payload: unknown,
): Promise<unknown> {
  switch (command) {
    case 'widget-sign-in':
      return signInEverywhere(idp, payload as WidgetSignInPayload);
    case 'widget-seed':
      return seed(idp, (payload as { sessions: SeedSession[] }).sessions);
    case 'widget-logouts':
      return logouts(idp, (payload as { since: number }).since);
    case 'widget-receiver-status': {
      const { clientId, status } = payload as {
        clientId: string;
        status: number | null;
      };
      idp.receiver?.setBehaviour(clientId, status ? { status } : undefined);
      return true;
    }
    case 'widget-token-active':
      return tokenActive(idp, payload as { handle: string; clientId: string });
    case 'widget-idp-session':
      return idpSession(idp, (payload as { handle: string }).handle);
    case 'widget-grants':
      return grants(idp, (payload as { subjectId: string }).subjectId);
    case 'widget-fail-removal':
      return failRemoval(idp, payload as { sessionId: string; on: boolean });
    case 'widget-bundle':
      return bundle();
    case 'widget-translations':
      return translations((payload as { locale: string }).locale);
    default:
      return undefined;
  }
}

async function signInEverywhere(
  idp: Idp,
  payload: WidgetSignInPayload,
): Promise<WidgetSignedIn | { error: string }> {
  const { signIn, Browser } = await import('./oidc.ts');
  const { demoAccounts } = await import('../../idp/accounts.ts');
  const account = demoAccounts.find((a) => a.username === payload.username);
  if (!account) {
    return { error: `no demo account "${payload.username}"` };
  }

  const browser = new Browser(
    payload.userAgent ? { userAgent: payload.userAgent } : {},
  );
  const api = apiClients[payload.api];
  const first = await signIn(idp, {
    clientId: api.clientId,
    username: account.username,
    password: account.password,
    scope: api.scope,
    browser,
  });
  const tokens = new Map<string, string>([[api.clientId, first.accessToken]]);
  for (const clientId of payload.clients ?? []) {
    const signedIn = await signIn(idp, {
      clientId,
      username: account.username,
      password: account.password,
      scope: 'openid profile',
      browser,
    });
    tokens.set(clientId, signedIn.accessToken);
  }

  const handle = randomBytes(6).toString('hex');
  signIns.set(handle, { browser, tokens });
  return {
    handle,
    accessToken: first.accessToken,
    subjectId: first.claims.sub,
    sessionId: first.sessionId ?? '',
  };
}

async function tokenActive(
  idp: Idp,
  payload: { handle: string; clientId: string },
): Promise<boolean | { error: string }> {
  const { introspect } = await import('./oidc.ts');
  const token = signIns.get(payload.handle)?.tokens.get(payload.clientId);
  if (!token) {
    return { error: `no token of ${payload.clientId} for ${payload.handle}` };
  }
  return introspect(idp, token);
}

async function idpSession(
  idp: Idp,
  handle: string,
): Promise<boolean | { error: string }> {
  const { hasIdpSession } = await import('./oidc.ts');
  const signedIn = signIns.get(handle);
  if (!signedIn) {
    return { error: `no sign-in ${handle}` };
  }
  return hasIdpSession(signedIn.browser, idp);
}

function logouts(idp: Idp, since: number): ReceivedLogoutSummary[] {
  return (idp.receiver?.received() ?? [])
    .filter((logout) => logout.receivedAt.getTime() >= since)
    .map((logout) => ({
      clientId: logout.clientId,
      valid: logout.valid,
      subjectId: stringClaim(logout.claims, 'sub'),
      sid: stringClaim(logout.claims, 'sid'),
      receivedAt: logout.receivedAt.getTime(),
    }));
}

function stringClaim(
  claims: Record<string, unknown> | null,
  name: string,
): string | null {
  const value = claims?.[name];
  return typeof value === 'string' ? value : null;
}

function grants(idp: Idp, subjectId: string): string[] {
  return idp.db
    .prepare<[string], { client_id: string }>(
      `SELECT client_id FROM oidc_models
       WHERE model = 'Grant' AND account_id = ? ORDER BY client_id`,
    )
    .all(subjectId)
    .map((row) => row.client_id);
}

/**
 * Makes the removal of one session fail inside the IdP: a trigger refuses
 * to delete its row, the removal's transaction rolls back, and the API
 * answers 500, exactly as it would on a database fault.
 */
function failRemoval(
  idp: Idp,
  payload: { sessionId: string; on: boolean },
): boolean {
  const name = `widget_fail_${Buffer.from(payload.sessionId).toString('hex')}`;
  idp.db.exec(`DROP TRIGGER IF EXISTS ${name}`);
  if (payload.on) {
    const id = payload.sessionId.replace(/'/g, "''");
    idp.db.exec(
      `CREATE TEMP TRIGGER ${name} BEFORE DELETE ON main.sessions
       WHEN old.session_id = '${id}'
       BEGIN SELECT RAISE(ABORT, 'a test refused this removal'); END`,
    );
  }
  return true;
}

let built: Promise<{ base: string }> | undefined;

/**
 * Builds the element as `npm run build:widget` does (the registering
 * module and the class module, with their chunks) into a folder the test
 * page can load, once per test run.
 */
function bundle(): Promise<{ base: string }> {
  built ??= (async () => {
    const { build } = await import('vite');
    const outDir = 'test-output/widget-bundle';
    for (const [mode, emptyOutDir] of [
      ['widget', true],
      ['widget-class', false],
    ] as const) {
      await build({
        configFile: 'vite.config.ts',
        mode,
        logLevel: 'silent',
        build: { outDir, emptyOutDir, sourcemap: false },
      });
    }
    return { base: `/${outDir}` };
  })();
  return built;
}

export interface TranslationCheck {
  /** Messages in the sources with no translation, by their English text. */
  readonly missing: string[];

  /** Translations of messages the sources no longer have. */
  readonly stale: string[];

  /** What lit-localize finds wrong with the translations themselves. */
  readonly errors: string[];
}

/**
 * Extracts the element's messages from its sources, as `npm run
 * localize:extract` does, and compares them with one locale's XLIFF, so a
 * string added without a translation fails a test instead of showing up
 * in English.
 */
async function translations(locale: string): Promise<TranslationCheck> {
  const { readConfigFileAndWriteSchema } =
    await import('@lit/localize-tools/lib/config.js');
  const { RuntimeLitLocalizer } =
    await import('@lit/localize-tools/lib/modes/runtime.js');
  const config = readConfigFileAndWriteSchema('widget/lit-localize.json');
  if (config.output.mode !== 'runtime') {
    return { missing: [], stale: [], errors: ['not in runtime mode'] };
  }
  const localizer = new RuntimeLitLocalizer({
    ...config,
    output: config.output,
  });

  const { messages } = localizer.extractSourceMessages();
  const { translations: all } = localizer.readTranslationsSync();
  const forLocale = all.get(locale as Parameters<typeof all.get>[0]) ?? [];
  const translated = new Set(forLocale.map((m) => m.name));
  const sources = new Set(messages.map((m) => m.name));
  const text = (contents: readonly unknown[]) =>
    contents.map((part) => (typeof part === 'string' ? part : '{…}')).join('');
  return {
    missing: messages
      .filter((m) => !translated.has(m.name))
      .map((m) => text(m.contents)),
    stale: [...translated].filter((name) => !sources.has(name)),
    errors: localizer.validateTranslations().errors,
  };
}

/** Writes sessions the way the IdP's seeding does; returns their ids. */
function seed(idp: Idp, sessions: readonly SeedSession[]): string[] {
  const insert = idp.db.prepare(
    `INSERT INTO sessions (key, id, session_id, subject_id, display_name,
       created, renewed, expires, client_ids, identity_provider,
       auth_methods, auth_time, user_agent, ip_address, payload)
     VALUES (@key, @id, @sessionId, @subjectId, @displayName, @created,
       @renewed, @expires, @clientIds, 'local', '["pwd"]', @created,
       @userAgent, @ipAddress, @payload)`,
  );
  const highest = idp.db.prepare('SELECT max(key) FROM sessions').pluck();

  return idp.db.transaction(() =>
    sessions.map((session) => {
      const now = Date.now();
      const created = session.created ?? now;
      const renewed = session.renewed ?? created;
      const expires =
        session.expires === undefined ? renewed + 14 * day : session.expires;
      const sessionId = randomId();
      const clientIds = session.clientIds ?? [];
      const authorizations = Object.fromEntries(
        clientIds.map((clientId) => [clientId, { sid: randomId() }]),
      );
      const payload = {
        iat: Math.floor(renewed / 1000),
        ...(expires === null ? {} : { exp: Math.floor(expires / 1000) }),
        jti: randomId(),
        uid: sessionId,
        kind: 'Session',
        accountId: session.subjectId,
        loginTs: Math.floor(created / 1000),
        amr: ['pwd'],
        authorizations,
      };
      insert.run({
        key: ((highest.get() as number | null) ?? 0) + 1,
        id: payload.jti,
        sessionId,
        subjectId: session.subjectId,
        displayName: session.displayName ?? null,
        created,
        renewed,
        expires,
        clientIds: JSON.stringify(clientIds),
        userAgent: session.userAgent ?? null,
        ipAddress: session.ipAddress ?? null,
        payload: JSON.stringify(payload),
      });
      return sessionId;
    }),
  )();
}

function randomId(): string {
  return randomBytes(16).toString('base64url').slice(0, 21);
}

/**
 * Commands on the test page itself: let it read the clipboard, as a person
 * would allow it, and take a screenshot for a person to look at.
 */
export function pagePlugin(): TestRunnerPlugin {
  return {
    name: 'widget-page',
    async executeCommand({ command, payload, session }) {
      const page = () =>
        (session.browser as ChromeLauncher).getPage(session.id);
      if (command === 'widget-clipboard') {
        const current = page();
        await current
          .browserContext()
          .overridePermissions(new URL(current.url()).origin, [
            'clipboard-read',
            'clipboard-write',
            'clipboard-sanitized-write',
          ]);
        return true;
      }
      if (command === 'widget-screenshot') {
        const { path } = payload as { path: string };
        await page().screenshot({ path, fullPage: true });
        return true;
      }
      return undefined;
    },
  };
}
