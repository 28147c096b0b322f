import {
  isInvalidResponseError,
  SessionClient,
} from '../../shared/client/index.ts';
import { equal, rejects } from '../support/wtr-assert.ts';
import { faultyIssuer, faultyLog, uniqueRun } from '../support/wtr-browser.ts';

describe('SessionClient.discover', () => {
  it('finds the endpoint in the OpenID configuration', async () => {
    const run = uniqueRun('discover');
    const issuer = await faultyIssuer(run, ['ok']);

    const client = await SessionClient.discover(issuer, { accessToken: 't' });

    equal(client.endpoint, `${issuer}/sessions`);
    const [request] = await faultyLog(run);
    equal(request?.path, '/.well-known/openid-configuration');
    equal(request?.authorization, null);
  });

  it('accepts the issuer with a trailing slash', async () => {
    const issuer = await faultyIssuer(uniqueRun('discover'), ['ok']);

    const client = await SessionClient.discover(`${issuer}/`);

    equal(client.endpoint, `${issuer}/sessions`);
  });

  it('refuses an issuer that is not an absolute URL, naming it', async () => {
    const error = await rejects(
      SessionClient.discover('idp.example'),
      (value: unknown): value is TypeError => value instanceof TypeError,
    );

    equal(error.message, '`issuer` must be an absolute URL, not "idp.example"');
  });

  it('refuses a document that names another issuer', async () => {
    const issuer = await faultyIssuer(uniqueRun('discover'), ['wrongissuer']);

    const error = await rejects(
      SessionClient.discover(issuer),
      isInvalidResponseError,
    );

    equal(error.path, 'issuer');
    equal(error.issues[0]?.received, '"https://evil.test"');
  });

  it('names the missing session_management_endpoint', async () => {
    const issuer = await faultyIssuer(uniqueRun('discover'), ['noendpoint']);

    const error = await rejects(
      SessionClient.discover(issuer),
      isInvalidResponseError,
    );

    equal(error.path, 'session_management_endpoint');
    equal(error.issues[0]?.message, 'is missing');
  });

  it('refuses an endpoint the client could not use', async () => {
    const issuer = await faultyIssuer(uniqueRun('discover'), ['badendpoint']);

    const error = await rejects(
      SessionClient.discover(issuer),
      isInvalidResponseError,
    );

    equal(error.path, 'session_management_endpoint');
  });

  it('retries a 503 like any read', async () => {
    const run = uniqueRun('discover');
    const issuer = await faultyIssuer(run, ['503.ra0', 'ok']);

    await SessionClient.discover(issuer);

    equal((await faultyLog(run)).length, 2);
  });
});
