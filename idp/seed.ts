import type { Db } from './database.ts';
import { suspendSessionIndexes } from './seed/bulk-load.ts';
import { amrJson, documentationAddress, userAgents } from './seed/devices.ts';
import { makeAccount } from './seed/people.ts';
import { cookieIds, randomId, seededRandom } from './seed/random.ts';

export { seededRandom } from './seed/random.ts';

/**
 * Synthetic sessions for demos and load tests: many accounts, each with a
 * handful of sessions from believable browsers and documentation-range
 * addresses, stored exactly as the adapter stores a real sign-in so that
 * queries and removals treat them alike.
 */

export interface SeedOptions {
  /**
   * The issuer the sessions belong to. Rows do not store it (the session
   * store adds its own issuer to every session it shows), so it only
   * states whose sessions a seeding makes.
   */
  issuer: string;

  /** Each session is signed in to one to three of these. */
  clientIds: string[];

  /**
   * Source of randomness in [0, 1). Left out, a fixed-seed generator mixed
   * with the next free key is used, so a seeding is repeatable and a second
   * seeding of the same database draws fresh ids. Cookie values never come
   * from it: they are bearer secrets, so they come from node:crypto.
   */
  random?: () => number;
}

export interface SeedReport {
  sessions: number;
  accounts: number;
  ms: number;
}

const day = 24 * 60 * 60 * 1000;
const sessionLifetime = 14 * day;
const meanSessionsPerAccount = 12;

/**
 * From this many sessions on, and when the seeding at least doubles the
 * table, indexes are rebuilt after the load instead of kept up row by row.
 */
const bulkThreshold = 10_000;

/** Page cache while seeding: 256 MiB (SQLite reads negative as KiB). */
const seedCacheSize = -256 * 1024;

interface SeededAccount {
  subjectId: string;
  subjectIdJson: string;
  displayName: string | null;
}

/**
 * Adds `count` signed-in sessions over new accounts, in one transaction.
 * Keys continue after the highest existing one, and subject ids that are
 * already taken are skipped, so seeding an existing database is safe.
 */
export function seedSessions(
  db: Db,
  count: number,
  options: SeedOptions,
): SeedReport {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(
      `count must be a whole number of sessions, got ${String(count)}`,
    );
  }

  const started = performance.now();
  const firstKey = nextKey(db);
  const random = options.random ?? seededRandom(0x5eed ^ firstKey);
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(random() * items.length)] as T;
  const clientJson = [...new Set(options.clientIds)].map(
    (clientId) => `${JSON.stringify(clientId)}:`,
  );
  const accountCount =
    count === 0 ? 0 : Math.max(1, Math.round(count / meanSessionsPerAccount));

  const insertAccount = db.prepare(
    `INSERT INTO accounts (subject_id, username, name, email, password_hash)
     VALUES (?, ?, ?, ?, '!')`,
  );
  const insertSession = db.prepare(
    `INSERT INTO sessions (key, id, session_id, subject_id, display_name,
       created, renewed, expires, client_ids, identity_provider,
       auth_methods, auth_time, user_agent, ip_address, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'local', ?, ?, ?, ?, ?)`,
  );
  const takenSubjects = new Set(
    db.prepare('SELECT subject_id FROM accounts').pluck().all() as string[],
  );

  const previousCacheSize = db.pragma('cache_size', { simple: true });
  db.pragma(`cache_size = ${seedCacheSize}`);
  const bulk = count >= Math.max(bulkThreshold, firstKey - 1);
  try {
    db.transaction(() => {
      const suspended = bulk ? suspendSessionIndexes(db) : undefined;

      const accounts: SeededAccount[] = [];
      for (let index = 0; index < accountCount; index++) {
        const account = makeAccount(random, pick, takenSubjects);
        insertAccount.run(
          account.subjectId,
          account.username,
          account.name,
          account.email,
        );
        accounts.push({
          subjectId: account.subjectId,
          subjectIdJson: JSON.stringify(account.subjectId),
          displayName: account.name ?? account.email,
        });
      }

      // Creation times rise with the key, as they do for real sign-ins.
      const draw = {
        random,
        pick,
        clientJson,
        cookieId: cookieIds(),
        now: Date.now(),
      };
      const windowStart = draw.now - 30 * day;
      for (let index = 0; index < count; index++) {
        const created = Math.floor(
          windowStart + ((index + random()) / count) * 30 * day,
        );
        insertSession.run(
          firstKey + index,
          ...makeSession(draw, pick(accounts), created),
        );
      }

      suspended?.restore(firstKey);
    })();
  } finally {
    db.pragma(`cache_size = ${String(previousCacheSize)}`);
  }

  return {
    sessions: count,
    accounts: accountCount,
    ms: Math.round(performance.now() - started),
  };
}

interface SessionDraw {
  random: () => number;
  pick: <T>(items: readonly T[]) => T;
  /** The client ids as JSON object keys, `"spa":`. */
  clientJson: readonly string[];
  cookieId: () => string;
  now: number;
}

/**
 * The columns of one session after `key`, in the insert's order. It is
 * still valid: renewed within its lifetime, or never expiring.
 */
function makeSession(
  draw: SessionDraw,
  account: SeededAccount,
  created: number,
): unknown[] {
  const { random, pick, now } = draw;
  const renewedFrom = Math.max(created, now - sessionLifetime + day);
  const renewed = Math.floor(renewedFrom + random() * (now - renewedFrom));
  const expires = random() < 0.1 ? null : renewed + sessionLifetime;
  const jti = draw.cookieId();
  const uid = randomId(random);
  const amr = pick(amrJson);
  const loginTs = Math.floor(created / 1000);

  // Built as text: JSON.stringify of a fresh object per row costs more
  // than the insert, and every value here is a number, an id from the
  // URL-safe alphabet or text JSON-encoded once up front.
  let authorizations = '';
  let clientIds = '';
  for (const client of pickClients(random, draw.clientJson)) {
    const separator = authorizations === '' ? '' : ',';
    authorizations += `${separator}${client}{"sid":"${randomId(random)}"}`;
    clientIds += `${separator}${client.slice(0, -1)}`;
  }
  const payload =
    `{"iat":${Math.floor(renewed / 1000)},` +
    (expires === null ? '' : `"exp":${Math.floor(expires / 1000)},`) +
    `"jti":"${jti}","uid":"${uid}","kind":"Session",` +
    `"accountId":${account.subjectIdJson},"loginTs":${loginTs},` +
    `"amr":${amr},"authorizations":{${authorizations}}}`;

  return [
    jti,
    uid,
    account.subjectId,
    account.displayName,
    created,
    renewed,
    expires,
    `[${clientIds}]`,
    amr,
    loginTs * 1000,
    pick(userAgents),
    documentationAddress(random),
    payload,
  ];
}

function nextKey(db: Db): number {
  const highest = db.prepare('SELECT max(key) FROM sessions').pluck().get();
  return typeof highest === 'number' ? highest + 1 : 1;
}

/**
 * One to three distinct entries of `clients`, each the JSON text
 * `"clientId":` ready to open that client's authorization object.
 */
function pickClients(
  random: () => number,
  clients: readonly string[],
): string[] {
  const wanted = Math.min(clients.length, 1 + Math.floor(random() * 3));
  const chosen = new Set<string>();
  while (chosen.size < wanted) {
    chosen.add(clients[Math.floor(random() * clients.length)] as string);
  }
  return [...chosen];
}
