import { reportedTargets } from '../../shared/cache/affected.ts';
import { PageCache, type PageKey } from '../../shared/cache/index.ts';
import type { RemovedSession } from '../../shared/client/index.ts';
import { deepEqual, equal } from '../support/wtr-assert.ts';
import {
  dropDatabases,
  freshName,
  frozenClock,
  key,
  pageOf,
  rowsOf,
  session,
} from './support.ts';

// Which pages a removal drops. Subjects 1, 10 and 21 are chosen because a
// substring filter on "1" matches all three.

const endpoint = key().endpoint;

function admin(query: Record<string, string>, viewer = 'viewer-a'): PageKey {
  return key({ viewer, query: { countRequested: '25', ...query } });
}

let cache: PageCache;
let clock: ReturnType<typeof frozenClock>;

async function store(k: PageKey, ...sessions: ReturnType<typeof session>[]) {
  const page = pageOf(...sessions);
  await cache.put(k, page, rowsOf(page), clock.now());
}

async function present(...keys: PageKey[]): Promise<boolean[]> {
  return Promise.all(keys.map(async (k) => (await cache.get(k)) !== null));
}

beforeEach(() => {
  clock = frozenClock();
  cache = new PageCache({ name: freshName(), now: clock.now });
});

afterEach(async () => {
  cache.close();
  await dropDatabases();
});

describe('invalidating after a removal', () => {
  it('drops every page whose filter could match the subject', async () => {
    const unfiltered = admin({});
    const containsOne = admin({ subjectId: '1', match: 'contains' });
    const exactOne = admin({ subjectId: '1', match: 'exact' });
    const exactTwo = admin({ subjectId: '2', match: 'exact' });
    await store(unfiltered, session('2', 'other'));
    await store(containsOne, session('1', 'a'));
    await store(exactOne, session('1', 'a'));
    await store(exactTwo, session('2', 'other'));
    clock.advance(1);

    await cache.invalidate(endpoint, [{ subjectId: '10', sessionId: null }]);

    deepEqual(await present(unfiltered, containsOne, exactOne, exactTwo), [
      false,
      false,
      true,
      true,
    ]);
  });

  it('finds the subject of a session removed by id alone', async () => {
    const showsIt = admin({ subjectId: '21', match: 'exact' });
    const otherSubject = admin({ subjectId: '2', match: 'exact' });
    await store(showsIt, session('21', 'carol-laptop'));
    await store(otherSubject, session('2', 'dave-phone'));
    clock.advance(1);

    const resolved = await cache.invalidate(endpoint, [
      { subjectId: null, sessionId: 'carol-laptop' },
    ]);

    deepEqual(resolved, [{ subjectId: '21', sessionId: 'carol-laptop' }]);
    deepEqual(await present(showsIt, otherSubject), [false, true]);
  });

  it('keeps only pages a session filter rules out when the subject is unknown', async () => {
    const byDave = admin({ subjectId: '2', match: 'exact' });
    const bySessionFilter = admin({ sessionId: 'zzz', match: 'exact' });
    await store(byDave, session('2', 'dave-phone'));
    await store(bySessionFilter);
    clock.advance(1);

    await cache.invalidate(endpoint, [
      { subjectId: null, sessionId: 'never-cached' },
    ]);

    deepEqual(await present(byDave, bySessionFilter), [false, true]);
  });

  it('drops the pages of every viewer, and every history page', async () => {
    const alices = admin({}, 'alice');
    const bobs = admin({}, 'bob');
    const history = key({ mode: 'removals', query: { countRequested: '25' } });
    await store(alices);
    await store(bobs);
    await store(history);
    clock.advance(1);

    await cache.invalidate(endpoint, [{ subjectId: '99', sessionId: 's' }]);

    deepEqual(await present(alices, bobs, history), [false, false, false]);
  });

  it('matches contains filters in either ASCII case, as the server does', async () => {
    const upper = admin({ subjectId: 'AB', match: 'contains' });
    const exactUpper = admin({ subjectId: 'AB', match: 'exact' });
    await store(upper);
    await store(exactUpper);
    clock.advance(1);

    await cache.invalidate(endpoint, [{ subjectId: 'xab', sessionId: 's' }]);

    deepEqual(await present(upper, exactUpper), [false, true]);
  });

  it('leaves other endpoints alone', async () => {
    const elsewhere = key({ endpoint: 'https://other.test/sessions' });
    await store(elsewhere);
    clock.advance(1);

    await cache.invalidate(endpoint, [{ subjectId: null, sessionId: null }]);

    deepEqual(await present(elsewhere), [true]);
  });

  it('refuses a page fetched before the removal and stored after it', async () => {
    const requestedAt = clock.now();
    clock.advance(5);
    await cache.invalidate(endpoint, [{ subjectId: '10', sessionId: null }]);
    clock.advance(5);

    const page = pageOf(session('10', 'removed'));
    await cache.put(admin({}), page, rowsOf(page), requestedAt);

    equal(await cache.get(admin({})), null);
  });
});

describe('what a report says was removed', () => {
  const report = (
    removed: RemovedSession[] | null,
    removedTruncated = false,
  ) => ({
    removalId: 'r',
    sessionsMatched: removed?.length ?? 1,
    sessionsRemoved: removed?.length ?? 1,
    tokensRevoked: 0,
    consentsRevoked: 0,
    backchannel: [],
    removed,
    removedTruncated,
  });
  const guess = [{ subjectId: '10', sessionId: null }];

  it('is exactly the listed sessions when the host lists them', () => {
    const listed = [{ subjectId: '10', sessionId: 'a' }];

    deepEqual(reportedTargets(report(listed), guess), listed);
    deepEqual(reportedTargets(report([]), guess), []);
  });

  it('adds the request’s own targets when the list is cut short', () => {
    const listed = [{ subjectId: '10', sessionId: 'a' }];

    deepEqual(reportedTargets(report(listed, true), guess), [
      ...listed,
      ...guess,
    ]);
  });

  it('is the request’s targets without a report or without a list', () => {
    deepEqual(reportedTargets(null, guess), guess);
    deepEqual(reportedTargets(report(null), guess), guess);
  });
});
