import Database from 'better-sqlite3';

/**
 * The reference IdP keeps everything in one SQLite file: oidc-provider's
 * models, the queryable sessions table, accounts and the removal history.
 * The schema is versioned with `user_version`; each entry of `migrations`
 * moves a database one version forward, inside a transaction.
 */

export type Db = Database.Database;

/** How much of the file SQLite may read through a memory map: 1 GiB. */
const mmapBytes = 1024 * 1024 * 1024;

/**
 * The client ids a session row lists, as a `json_each` source with its
 * WHERE: the text entries of a JSON array, and none for anything else,
 * the rule the API uses when it shows a session's clients. `row` is a
 * table alias or a trigger's `new` or `old`. Changing it changes what an
 * existing migration did; add a migration instead.
 */
function clientListOf(row: string): string {
  const list = `${row}.client_ids`;
  return (
    `json_each(CASE WHEN json_valid(${list}) AND ` +
    `json_type(${list}) = 'array' THEN ${list} ELSE '[]' END) ` +
    "WHERE type = 'text'"
  );
}

/**
 * SQL adding the client rows of every signed-in session from `firstKey`
 * on, in one statement, for when no trigger keeps the table: the
 * migration that creates it, and the seed after a bulk load. Read in key
 * order, each client's rows arrive in its own key order, so the table
 * grows at its ends instead of being sorted first (about a third quicker at
 * 200,000 sessions). Out of a trigger, OR IGNORE drops a client a list
 * names twice.
 */
export function fillSessionClientsSql(firstKey: number): string {
  if (!Number.isSafeInteger(firstKey)) {
    throw new RangeError(`firstKey must be a key, got ${String(firstKey)}`);
  }

  return `
  INSERT OR IGNORE INTO session_clients (client_id, session_key)
  SELECT value, s.key FROM sessions s, ${clientListOf('s')}
    AND s.key >= ${firstKey} AND s.subject_id IS NOT NULL;`;
}

/** Counts the client rows again, from scratch. */
export const countSessionClientsSql = `
  DELETE FROM session_client_count;
  INSERT INTO session_client_count (client_id, rows)
  SELECT client_id, count(*) FROM session_clients GROUP BY client_id;`;

const migrations: readonly string[] = [
  `
  -- Every oidc-provider model but Session. The columns beside the payload
  -- are copies of payload fields that removals and lookups search by.
  CREATE TABLE oidc_models (
    model TEXT NOT NULL,
    id TEXT NOT NULL,
    payload TEXT NOT NULL,
    expires_at INTEGER,
    consumed_at INTEGER,
    grant_id TEXT,
    session_uid TEXT,
    account_id TEXT,
    client_id TEXT,
    uid TEXT,
    user_code TEXT,
    PRIMARY KEY (model, id)
  ) WITHOUT ROWID;
  CREATE INDEX oidc_models_grant ON oidc_models (grant_id)
    WHERE grant_id IS NOT NULL;
  CREATE INDEX oidc_models_session ON oidc_models (session_uid)
    WHERE session_uid IS NOT NULL;
  CREATE INDEX oidc_models_account ON oidc_models (account_id, client_id)
    WHERE account_id IS NOT NULL;
  CREATE INDEX oidc_models_uid ON oidc_models (uid) WHERE uid IS NOT NULL;
  CREATE INDEX oidc_models_user_code ON oidc_models (user_code)
    WHERE user_code IS NOT NULL;
  CREATE INDEX oidc_models_expiry ON oidc_models (expires_at)
    WHERE expires_at IS NOT NULL;

  -- oidc-provider's Session model, one row a session, with the fields the
  -- session API filters and shows. \`key\` orders pages (creation order);
  -- \`id\` is the cookie value, which oidc-provider rotates on each login,
  -- and \`session_id\` is the session's stable uid, the API's sessionId.
  CREATE TABLE sessions (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    session_id TEXT NOT NULL UNIQUE,
    subject_id TEXT,
    display_name TEXT,
    created INTEGER NOT NULL,
    renewed INTEGER NOT NULL,
    expires INTEGER,
    client_ids TEXT NOT NULL DEFAULT '[]',
    identity_provider TEXT,
    auth_methods TEXT,
    auth_time INTEGER,
    user_agent TEXT,
    ip_address TEXT,
    payload TEXT NOT NULL
  );
  CREATE INDEX sessions_subject ON sessions (subject_id, key);
  CREATE INDEX sessions_display_name ON sessions (display_name, key);
  CREATE INDEX sessions_expiry ON sessions (expires) WHERE expires IS NOT NULL;

  CREATE TABLE accounts (
    subject_id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    name TEXT,
    email TEXT,
    password_hash TEXT NOT NULL
  );

  -- One row a removal, admin or self-service: who asked, what for, and the
  -- report of what happened.
  CREATE TABLE removals (
    key INTEGER PRIMARY KEY,
    removal_id TEXT NOT NULL UNIQUE,
    at INTEGER NOT NULL,
    mode TEXT NOT NULL,
    actor_subject_id TEXT,
    actor_display_name TEXT,
    actor_client_id TEXT NOT NULL,
    target_subject_id TEXT,
    target_session_id TEXT,
    request TEXT NOT NULL,
    reason TEXT,
    report TEXT NOT NULL
  );
  CREATE INDEX removals_subject ON removals (target_subject_id, key);
  `,
  `
  -- Substring search for the session API's "contains" filters on subject
  -- and display name: a trigram index finds the candidates of a filter of
  -- three or more characters without reading every session, and the query
  -- then checks each candidate with LIKE. Session ids are left out: random
  -- ids make the index several times larger and slower to fill, and an
  -- operator who has a session id can use the exact match.
  CREATE VIRTUAL TABLE sessions_search USING fts5(
    subject_id, display_name,
    content = 'sessions', content_rowid = 'key',
    tokenize = 'trigram', detail = 'column'
  );
  CREATE TRIGGER sessions_search_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO sessions_search (rowid, subject_id, display_name)
    VALUES (new.key, new.subject_id, new.display_name);
  END;
  CREATE TRIGGER sessions_search_delete AFTER DELETE ON sessions BEGIN
    INSERT INTO sessions_search
      (sessions_search, rowid, subject_id, display_name)
    VALUES ('delete', old.key, old.subject_id, old.display_name);
  END;
  -- Every request that touches a session rewrites its row; only a change
  -- of the searched columns should touch the index.
  CREATE TRIGGER sessions_search_update
  AFTER UPDATE OF key, subject_id, display_name ON sessions
  WHEN old.key IS NOT new.key
    OR old.subject_id IS NOT new.subject_id
    OR old.display_name IS NOT new.display_name
  BEGIN
    INSERT INTO sessions_search
      (sessions_search, rowid, subject_id, display_name)
    VALUES ('delete', old.key, old.subject_id, old.display_name);
    INSERT INTO sessions_search (rowid, subject_id, display_name)
    VALUES (new.key, new.subject_id, new.display_name);
  END;
  INSERT INTO sessions_search (sessions_search) VALUES ('rebuild');
  `,
  `
  -- The number of rows in \`sessions\`, kept by triggers. An unfiltered
  -- session query counts what it shows as this figure less two index
  -- ranges (rows without a subject, expired rows not yet swept); counting
  -- the table itself reads a whole index, about 20 ms at a million rows,
  -- on every page. An upsert that updates fires neither trigger, and it
  -- does not change the number of rows either.
  CREATE TABLE session_count (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    rows INTEGER NOT NULL
  );
  INSERT INTO session_count (only, rows)
  SELECT 1, count(*) FROM sessions;
  CREATE TRIGGER sessions_count_insert AFTER INSERT ON sessions BEGIN
    UPDATE session_count SET rows = rows + 1;
  END;
  CREATE TRIGGER sessions_count_delete AFTER DELETE ON sessions BEGIN
    UPDATE session_count SET rows = rows - 1;
  END;
  `,
  `
  -- The session API's exact client filter: one row for each client in a
  -- signed-in session's client list, keyed so that one client's sessions
  -- are a range in key order, which is the order pages walk. Sessions
  -- without a subject are left out: no query shows them. The rows are
  -- filled before the triggers exist, and counted in one pass. A list
  -- that names a client twice is read with DISTINCT rather than INSERT
  -- OR IGNORE: inside a trigger the statement that fired it decides the
  -- conflict policy, and an upsert's is to fail.
  CREATE TABLE session_clients (
    client_id TEXT NOT NULL,
    session_key INTEGER NOT NULL,
    PRIMARY KEY (client_id, session_key)
  ) WITHOUT ROWID;
  ${fillSessionClientsSql(0)}

  -- How many rows each client has above, kept by triggers, so counting a
  -- client that half the sessions list does not read half the table.
  CREATE TABLE session_client_count (
    client_id TEXT PRIMARY KEY,
    rows INTEGER NOT NULL
  ) WITHOUT ROWID;
  ${countSessionClientsSql}
  CREATE TRIGGER session_clients_count_insert AFTER INSERT ON session_clients
  BEGIN
    INSERT INTO session_client_count (client_id, rows)
    VALUES (new.client_id, 1)
    ON CONFLICT (client_id) DO UPDATE SET rows = rows + 1;
  END;
  CREATE TRIGGER session_clients_count_delete AFTER DELETE ON session_clients
  BEGIN
    UPDATE session_client_count SET rows = rows - 1
    WHERE client_id = old.client_id;
  END;

  CREATE TRIGGER sessions_clients_insert AFTER INSERT ON sessions
  WHEN new.subject_id IS NOT NULL
  BEGIN
    INSERT INTO session_clients (client_id, session_key)
    SELECT DISTINCT value, new.key FROM ${clientListOf('new')};
  END;
  CREATE TRIGGER sessions_clients_delete AFTER DELETE ON sessions
  WHEN old.subject_id IS NOT NULL
  BEGIN
    DELETE FROM session_clients
    WHERE session_key = old.key
      AND client_id IN (SELECT value FROM ${clientListOf('old')});
  END;
  -- Each save of a session writes its client list again, mostly
  -- unchanged; only a real change, or a login completing, rewrites rows.
  CREATE TRIGGER sessions_clients_update
  AFTER UPDATE OF key, subject_id, client_ids ON sessions
  WHEN old.key IS NOT new.key
    OR (old.subject_id IS NULL) IS NOT (new.subject_id IS NULL)
    OR old.client_ids IS NOT new.client_ids
  BEGIN
    DELETE FROM session_clients
    WHERE old.subject_id IS NOT NULL AND session_key = old.key
      AND client_id IN (SELECT value FROM ${clientListOf('old')});
    INSERT INTO session_clients (client_id, session_key)
    SELECT DISTINCT value, new.key FROM ${clientListOf('new')}
      AND new.subject_id IS NOT NULL;
  END;
  `,
];

/** Opens (creating if need be) the database at `path` and migrates it. */
export function openDatabase(path: string): Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Contains filters confirm each trigram candidate against its row, up
  // to ten thousand rows scattered over the file for one count. Reading
  // those pages through a memory map instead of one read() call each
  // halves that time at a million sessions. The map only reserves address
  // space; the OS pages it in and out, and a file smaller than the limit
  // maps only what it has.
  db.pragma(`mmap_size = ${mmapBytes}`);
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `database schema version ${current} is newer than this IdP ` +
        `(${migrations.length}); use a newer IdP or a new database file`,
    );
  }

  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
