import { startIdp, type Idp } from '../../idp/server.ts';
import { defaultOptions, type IdpOptions } from '../../idp/options.ts';

/**
 * Starts a reference IdP for one test file: a free port, an in-memory
 * database (so every test file starts from nothing), back-channel delivery
 * to loopback allowed, and short delivery timeouts so a slow receiver shows
 * up quickly.
 */
export function startTestIdp(
  overrides: Partial<IdpOptions> = {},
): Promise<Idp> {
  return startIdp({
    ...defaultOptions,
    port: 0,
    databasePath: ':memory:',
    allowLoopbackBackchannel: true,
    backchannelTimeoutMs: 2_000,
    origins: ['http://127.0.0.1:5173'],
    ...overrides,
  });
}
