import { developmentExtensionId } from './extension-id.ts';

/**
 * How a reference IdP is started. The command line (`npm run idp`) and the
 * tests build one of these; `startIdp` reads nothing else.
 */
export interface IdpOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;

  /** SQLite file; `:memory:` for a database that lives as long as the IdP. */
  databasePath: string;

  /** How many synthetic sessions to add at start (over many users). */
  seed: number;

  /**
   * Origins of the pages that use the IdP from a browser: they may call the
   * session API (CORS), and the browser clients may redirect to them.
   */
  origins: string[];

  /**
   * The browser extension's id, for its chromiumapp.org redirect; by
   * default the one the development key in `manifest.json` gives it.
   */
  extensionId: string;

  /**
   * Allows back-channel logout to loopback addresses (`localhost`,
   * `127.0.0.0/8`, `[::1]`), which oidc-provider's guard against
   * server-side request forgery refuses; every other address goes through
   * that guard either way. Off, as it should be in production; the demo
   * and the tests turn it on because their receivers are local.
   */
  allowLoopbackBackchannel: boolean;

  /** How long one back-channel logout delivery may take. */
  backchannelTimeoutMs: number;

  /**
   * Where each demo relying party receives back-channel logouts, by client
   * id. Left out, the IdP starts its own receiver and points them there.
   */
  backchannelLogoutUris?: Record<string, string>;

  /** Extra redirect URIs by client id, beside those made from `origins`. */
  redirectUris?: Record<string, string[]>;

  /**
   * Secret that signs paging tokens and cookies. Left out, a random one is
   * made at start, so tokens do not survive a restart.
   */
  secret?: string;
}

export const defaultOptions: IdpOptions = {
  port: 4000,
  databasePath: 'data/idp.sqlite',
  seed: 0,
  origins: [],
  extensionId: developmentExtensionId,
  allowLoopbackBackchannel: false,
  backchannelTimeoutMs: 10_000,
};
