import {
  countSessionClientsSql,
  fillSessionClientsSql,
  type Db,
} from '../database.ts';

/**
 * Loading many sessions at once: what keeps the sessions table's indexes
 * and derived tables up row by row is set aside, and each is built once
 * from the finished table.
 */

/**
 * Sets aside the sessions table's secondary indexes, search triggers,
 * row-count triggers and client triggers for a bulk load. `restore`
 * builds each index again from the finished table, feeds the new rows to
 * the search index and the client table in one statement each and
 * recounts once, which is many times faster than a million single
 * insertions or increments.
 */
export function suspendSessionIndexes(db: Db): {
  restore(firstKey: number): void;
} {
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
