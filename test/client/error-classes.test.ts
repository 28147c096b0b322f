import {
  isConflictError,
  isForbiddenError,
  isInvalidInputError,
  isNotFoundError,
  isSessionApiError,
  isSessionHttpError,
  isUnauthorizedError,
  SessionClient,
  UnauthorizedError,
} from '../../shared/client/index.ts';
import { deepEqual, equal, match, ok, rejects } from '../support/wtr-assert.ts';
import {
  faultyEndpoint,
  faultyLog,
  uniqueRun,
} from '../support/wtr-browser.ts';

// Each error class from a real answer. The statuses the reference IdP
// gives on demand are tested against it in the IdP suite; here the faulty
// server gives the headers and problem types exactly.

async function failing(step: string) {
  const run = uniqueRun('status');
  const endpoint = await faultyEndpoint(run, [step]);
  return new SessionClient({ endpoint, accessToken: 'test-token' });
}

describe('an error answer', () => {
  it('401 carries the Bearer challenge, for a host to sign in again', async () => {
    const client = await failing('401');

    const error = await rejects(client.querySessions(), isUnauthorizedError);

    equal(error.status, 401);
    deepEqual(error.challenge, {
      error: 'invalid_token',
      description: 'the access token expired',
      scope: null,
    });
    ok(isSessionHttpError(error) && isSessionApiError(error), 'hierarchy');
    equal(error.name, 'UnauthorizedError');
  });

  it('403 names the scope the route needs', async () => {
    const client = await failing('403');

    const error = await rejects(client.querySessions(), isForbiddenError);

    equal(error.requiredScope, 'sessions.admin');
    equal(isUnauthorizedError(error), false);
  });

  it('404 is a NotFoundError', async () => {
    const client = await failing('404');

    const error = await rejects(
      client.removeOwnSessions({ target: 'session', sessionId: 'x' }),
      isNotFoundError,
    );

    equal(error.kind, 'not-found');
  });

  it('409 says when the host keeps no server-side sessions', async () => {
    const client = await failing('409.disabled');

    const error = await rejects(client.querySessions(), isConflictError);

    equal(error.serverSideSessionsDisabled, true);
    equal(
      error.problem?.type,
      'urn:session-manager:server-side-sessions-disabled',
    );
  });

  it('any other 409 is a conflict of another kind', async () => {
    const client = await failing('409');

    const error = await rejects(client.querySessions(), isConflictError);

    equal(error.serverSideSessionsDisabled, false);
  });

  it('carries the problem document, parsed', async () => {
    const client = await failing('400');

    const error = await rejects(client.querySessions(), isSessionHttpError);

    equal(error.problem?.title, 'Failing with 400 on purpose');
    deepEqual(error.errors, [
      { field: 'subjectId', message: 'is not allowed here' },
    ]);
    match(error.message, /answered 400: subjectId is not allowed here/);
  });
});

describe('input the contract refuses', () => {
  it('is never sent, and names the field', async () => {
    const run = uniqueRun('input');
    const endpoint = await faultyEndpoint(run, ['ok']);
    const client = new SessionClient({ endpoint, accessToken: 't' });

    const error = await rejects(
      client.querySessions({ countRequested: 500 }),
      isInvalidInputError,
    );

    equal(error.errors[0]?.field, 'countRequested');
    match(error.message, /countRequested must be between 1 and 100/);
    equal((await faultyLog(run)).length, 0);
  });

  it('includes a removal that names nobody', async () => {
    const client = await failing('ok');

    const error = await rejects(client.removeSessions({}), isInvalidInputError);

    equal(error.errors[0]?.field, 'subjectId');
  });

  it('does not include empty filters, which mean no filter', async () => {
    const run = uniqueRun('empty-filter');
    const endpoint = await faultyEndpoint(run, ['ok']);
    const client = new SessionClient({ endpoint, accessToken: 't' });

    await client.querySessions({ subjectId: '', displayName: 'Bob' });

    const [request] = await faultyLog(run);
    equal(request?.search, '?countRequested=25&displayName=Bob');
  });
});

describe('the guards', () => {
  it('recognise an error made in another realm', async () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const script = frame.contentDocument?.createElement('script');
    ok(script, 'the frame has a document');
    script.type = 'module';
    script.textContent = `
      import { UnauthorizedError } from '${new URL('../../shared/client/index.ts', import.meta.url).href}';
      window.made = new UnauthorizedError(
        { method: 'GET', url: 'x' },
        { status: 401, problem: null, headers: new Headers(),
          retryAfterMs: null, receivedAt: 0 },
      );
      window.dispatchEvent(new Event('made'));
    `;
    const made = new Promise<unknown>((resolve) => {
      frame.contentWindow?.addEventListener('made', () =>
        resolve((frame.contentWindow as unknown as { made: unknown }).made),
      );
    });

    frame.contentDocument?.head.append(script);
    const foreign = await made;

    equal(foreign instanceof UnauthorizedError, false);
    equal(isUnauthorizedError(foreign), true);
    equal(isSessionApiError(foreign), true);
    equal(isForbiddenError(foreign), false);
    frame.remove();
  });

  it('say no to look-alikes without the brand', () => {
    const lookAlike = Object.assign(new Error('x'), { kind: 'unauthorized' });

    equal(isUnauthorizedError(lookAlike), false);
    equal(isSessionApiError(null), false);
    equal(isSessionApiError('UnauthorizedError'), false);
  });
});
