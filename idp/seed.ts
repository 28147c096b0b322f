import { randomFillSync } from 'node:crypto';

import {
  countSessionClientsSql,
  fillSessionClientsSql,
  type Db,
} from './database.ts';

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

const firstNames = (
  'Ada,Aisha,Alejandro,Amara,Anders,Ana,Arjun,Astrid,Beatriz,Bilal,' +
  'Camille,Chen,Chloé,Dmitri,Elif,Emeka,Emma,Fatima,Finn,Freya,' +
  'Gabriel,Hana,Hiroshi,Ingrid,Isabel,Jamal,Jonas,José,Kai,Karin,' +
  'Kwame,Lars,Layla,Leon,Lucía,Mai,Malik,María,Mateo,Mei,Mia,' +
  'Mohammed,Nadia,Nia,Noah,Olga,Omar,Oscar,Priya,Rafael,Ravi,Rosa,' +
  'Saanvi,Sami,Sara,Sofia,Søren,Tariq,Thandiwe,Tomás,Yara,Yusuf,' +
  'Zoë,Zhang Wei'
).split(',');

const lastNames = (
  'Abara,Andersson,Bakker,Becker,Chen,Costa,da Silva,Dubois,Dupont,' +
  'Eriksen,Fernández,Fischer,García,Gupta,Haddad,Hansen,Ivanova,' +
  'Jensen,Kim,Kowalski,Kumar,Larsen,Lee,Li,Mbeki,Moreau,Müller,' +
  "Nakamura,Nguyen,O'Brien,Okafor,Okonkwo,Papadopoulos,Patel," +
  'Petrov,Rahman,Rossi,Sato,Schmidt,Silva,Smith,Smith-Jones,Suzuki,' +
  'Tanaka,van der Berg,Wang,Weber,Williams,Yilmaz,Zhou'
).split(',');

const mailDomains = [
  'example.com',
  'example.org',
  'example.net',
  'mail.example',
  'corp.example',
];

const userAgents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 ' +
    '(KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 ' +
    '(KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.0.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:141.0) Gecko/20100101 ' +
    'Firefox/141.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 ' +
    '(KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 ' +
    '(KHTML, like Gecko) Version/18.5 Safari/605.1.15',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:141.0) Gecko/20100101 ' +
    'Firefox/141.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 ' +
    '(KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.0.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/138.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:141.0) Gecko/20100101 ' +
    'Firefox/141.0',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like ' +
    'Gecko) Chrome/138.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Android 15; Mobile; rv:141.0) Gecko/141.0 Firefox/141.0',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like ' +
    'Gecko) Chrome/138.0.0.0 Mobile Safari/537.36 EdgA/138.0.0.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) ' +
    'AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 ' +
    'Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) ' +
    'AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/138.0.0.0 ' +
    'Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPad; CPU OS 18_5 like Mac OS X) AppleWebKit/605.1.15 ' +
    '(KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
];

/** Authentication method lists as JSON; passwords are the common case. */
const amrJson = [
  '["pwd"]',
  '["pwd"]',
  '["pwd"]',
  '["pwd","otp","mfa"]',
  '["hwk","mfa"]',
];

const idAlphabet =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const idCodes: number[] = new Array<number>(21).fill(0);

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
 * Sets aside the sessions table's secondary indexes, search triggers,
 * row-count triggers and client triggers for a bulk load. `restore`
 * builds each index again from the finished table, feeds the new rows to
 * the search index and the client table in one statement each and
 * recounts once, which is many times faster than a million single
 * insertions or increments.
 */
function suspendSessionIndexes(db: Db): { restore(firstKey: number): void } {
  const objects = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master
       WHERE sql IS NOT NULL AND (
         tbl_name = 'sessions' AND (type = 'index'
           OR name GLOB 'sessions_search_*' OR name GLOB 'sessions_count_*'
           OR name GLOB 'sessions_clients_*')
         OR name GLOB 'session_clients_count_*')`,
    )
    .all() as { type: 'index' | 'trigger'; name: string; sql: string }[];
  for (const { type, name } of objects) {
    db.exec(`DROP ${type === 'index' ? 'INDEX' : 'TRIGGER'} "${name}"`);
  }

  return {
    // The tables are filled before the triggers return, so that filling
    // one table does not fire the triggers that count it row by row.
    restore(firstKey) {
      if (objects.some(({ name }) => name.startsWith('sessions_search_'))) {
        fillSearchIndex(db, firstKey);
      }
      if (objects.some(({ name }) => name.startsWith('sessions_count_'))) {
        db.exec(
          'UPDATE session_count SET rows = (SELECT count(*) FROM sessions)',
        );
      }
      if (objects.some(({ name }) => name.startsWith('sessions_clients_'))) {
        db.exec(fillSessionClientsSql(firstKey));
        db.exec(countSessionClientsSql);
      }
      for (const { sql } of objects) db.exec(sql);
    },
  };
}

/**
 * Adds the sessions from `firstKey` on to the trigram index. Merging its
 * segments is put off until the rows are in (the load then takes about a
 * third less time) and left to later writes, at the usual pace.
 */
function fillSearchIndex(db: Db, firstKey: number): void {
  // FTS5 takes these settings only as integers, which better-sqlite3 binds
  // from BigInts (plain numbers go in as floating point).
  const setting = db.prepare<[string, bigint]>(
    'INSERT INTO sessions_search (sessions_search, rank) VALUES (?, ?)',
  );
  const configured = new Map(
    db.prepare('SELECT k, v FROM sessions_search_config').raw().all() as [
      string,
      unknown,
    ][],
  );
  const restoreTo = (name: string, fallback: number) =>
    BigInt(Number(configured.get(name) ?? fallback));
  setting.run('automerge', 0n);
  setting.run('crisismerge', 64n);

  db.prepare(
    `INSERT INTO sessions_search (rowid, subject_id, display_name)
     SELECT key, subject_id, display_name FROM sessions WHERE key >= ?`,
  ).run(firstKey);

  setting.run('automerge', restoreTo('automerge', 4));
  setting.run('crisismerge', restoreTo('crisismerge', 16));
}

interface SeedAccount {
  subjectId: string;
  username: string;
  name: string | null;
  email: string | null;
}

function makeAccount(
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
  takenSubjects: Set<string>,
): SeedAccount {
  const subjectId = freshSubjectId(random, takenSubjects);
  const first = pick(firstNames);
  const last = pick(lastNames);
  const local = `${first}.${last}`
    .normalize('NFD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
  const email = `${local}.${subjectId}@${pick(mailDomains)}`;

  // A few accounts have no name (the session shows the email instead) and
  // a very few have neither, so filters meet sessions without a name.
  const roll = random();
  return {
    subjectId,
    username: `${local}.${subjectId}`,
    name: roll < 0.05 ? null : `${first} ${last}`,
    email: roll < 0.01 ? null : email,
  };
}

/**
 * Numeric subject ids from one to twelve digits, drawn so every length is
 * about as likely: short ids run out quickly, which leaves ids like "7"
 * beside "17" and "700", the traps a substring filter falls into.
 */
function freshSubjectId(random: () => number, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const digits = 1 + Math.floor(random() * (attempt < 20 ? 12 : 15));
    const low = digits === 1 ? 1 : 10 ** (digits - 1);
    const value = low + Math.floor(random() * (10 ** digits - low));
    const subjectId = String(value);
    if (!taken.has(subjectId)) {
      taken.add(subjectId);
      return subjectId;
    }
  }
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

/**
 * A 21-character id in oidc-provider's alphabet. Each draw yields 30 bits,
 * five characters, and the characters are gathered as codes rather than
 * appended one by one, which keeps a million-session seeding quick.
 */
function randomId(random: () => number): string {
  for (let start = 0; start < 21; start += 5) {
    let bits = Math.floor(random() * 0x4000_0000);
    for (let index = start; index < start + 5 && index < 21; index++) {
      idCodes[index] = idAlphabet.charCodeAt(bits & 63);
      bits >>>= 6;
    }
  }
  return String.fromCharCode(...idCodes);
}

/**
 * Session cookie values (oidc-provider's session `jti`): 21 characters of
 * base64url from node:crypto, drawn a few thousand at a time.
 */
function cookieIds(): () => string {
  const pool = Buffer.alloc(16 * 4096);
  let offset = pool.length;
  return () => {
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const id = pool.toString('base64url', offset, offset + 16).slice(0, 21);
    offset += 16;
    return id;
  };
}

/** An address from the ranges RFC 5737 and RFC 3849 keep for examples. */
function documentationAddress(random: () => number): string {
  const host = 1 + Math.floor(random() * 254);
  const roll = random();
  if (roll < 0.3) return `192.0.2.${host}`;
  if (roll < 0.6) return `198.51.100.${host}`;
  if (roll < 0.85) return `203.0.113.${host}`;
  const word = Math.floor(random() * 0xffff).toString(16);
  return `2001:db8::${word}:${host.toString(16)}`;
}

/**
 * A small, fast generator (a 32-bit mixing counter) so that a seeding is
 * the same on every run; it is not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
    mixed ^= mixed >>> 16;
    return (mixed >>> 0) / 0x1_0000_0000;
  };
}
