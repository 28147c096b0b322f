import type Database from 'better-sqlite3';
import Provider, {
  type Adapter,
  type AdapterConstructor,
  type AdapterPayload,
} from 'oidc-provider';

import type { Db } from './database.ts';

/**
 * oidc-provider's storage on SQLite. Sessions go to `sessions`, one row a
 * session with the columns the session API filters and shows; every other
 * model goes to `oidc_models`, with the payload fields that lookups and
 * removals search by copied into columns. Expired rows are never returned
 * and are deleted a batch at a time as writes come in.
 */

/** How often writes also sweep expired rows, and how many at a time. */
const pruneEveryMs = 60_000;
const pruneBatch = 500;

/** What a session row keeps across oidc-provider's change of its id. */
interface CarriedSession {
  key: number;
  created: number;
  userAgent: string | null;
  ipAddress: string | null;
}

interface ModelRow {
  payload: string;
  consumed_at: number | null;
}

interface AccountNames {
  name: string | null;
  email: string | null;
}

type Bound<Result = unknown> = Database.Statement<unknown[], Result>;

/**
 * The adapter class oidc-provider instantiates once per model name, bound
 * to `db`. Make one class per database: it remembers when it last swept
 * and which sessions are between the two steps of a change of id.
 */
export function createAdapterClass(db: Db): AdapterConstructor {
  const sql = prepareStatements(db);
  let lastPrune = 0;

  // oidc-provider changes a session's id (the cookie value) on every login
  // by destroying the old row and saving a new one with the same uid. The
  // destroyed row's key, creation time and origin are parked here, per
  // request, so the save in the same request can carry them over.
  const carried = new WeakMap<object, Map<string, CarriedSession>>();

  function pruneNow(now: number): void {
    if (now - lastPrune < pruneEveryMs) return;

    lastPrune = now;
    sql.pruneModels.run(now, pruneBatch);
    sql.pruneSessions.run(now, pruneBatch);
  }

  function upsertSession(id: string, payload: AdapterPayload, ttl?: number) {
    const now = Date.now();
    const uid = String(payload.uid);
    const ctx = Provider.ctx;
    const waiting = ctx ? carried.get(ctx) : undefined;
    const parked = waiting?.get(uid);
    waiting?.delete(uid);

    // The parked key may have been taken by a session created in between;
    // the row then takes a new key, which only moves it in paging order.
    const key =
      parked && sql.keyTaken.get(parked.key) === undefined ? parked.key : null;

    const subjectId =
      typeof payload.accountId === 'string' ? payload.accountId : null;
    const names = subjectId ? sql.accountNames.get(subjectId) : undefined;
    sql.upsertSession.run({
      key,
      id,
      sessionId: uid,
      subjectId,
      displayName: names?.name || names?.email || null,
      created: parked?.created ?? now,
      renewed: now,
      expires: expiryOf(payload, ttl, now),
      clientIds: JSON.stringify(Object.keys(payload.authorizations ?? {})),
      identityProvider: subjectId ? 'local' : null,
      authMethods: Array.isArray(payload.amr)
        ? JSON.stringify(payload.amr)
        : null,
      authTime:
        typeof payload.loginTs === 'number' ? payload.loginTs * 1000 : null,
      userAgent: parked ? parked.userAgent : ctx?.get('user-agent') || null,
      ipAddress: parked ? parked.ipAddress : ctx?.ip || null,
      payload: JSON.stringify(payload),
    });
  }

  function destroySession(id: string): void {
    const removed = sql.deleteSession.get(id);
    const ctx = Provider.ctx;
    if (!removed || !ctx) return;

    const parked = carried.get(ctx) ?? new Map<string, CarriedSession>();
    parked.set(removed.session_id, {
      key: removed.key,
      created: removed.created,
      userAgent: removed.user_agent,
      ipAddress: removed.ip_address,
    });
    carried.set(ctx, parked);
  }

  return class SqliteAdapter implements Adapter {
    readonly model: string;

    constructor(model: string) {
      this.model = model;
    }

    async upsert(
      id: string,
      payload: AdapterPayload,
      expiresIn?: number,
    ): Promise<void> {
      const now = Date.now();
      pruneNow(now);

      if (this.model === 'Session') {
        upsertSession(id, payload, expiresIn);
        return;
      }

      sql.upsertModel.run({
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        expiresAt: expiryOf(payload, expiresIn, now),
        consumedAt:
          typeof payload.consumed === 'number' ? payload.consumed * 1000 : null,
        grantId: textOrNull(payload.grantId),
        sessionUid: textOrNull(payload.sessionUid),
        accountId: textOrNull(payload.accountId),
        clientId: textOrNull(payload.clientId),
        uid: textOrNull(payload.uid),
        userCode: textOrNull(payload.userCode),
      });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Session') {
        return parsePayload(sql.findSession.get(id, Date.now()));
      }
      return modelPayload(sql.findModel.get(this.model, id, Date.now()));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Session') {
        return parsePayload(sql.findSessionByUid.get(uid, Date.now()));
      }
      return modelPayload(sql.findModelByUid.get(this.model, uid, Date.now()));
    }

    async findByUserCode(
      userCode: string,
    ): Promise<AdapterPayload | undefined> {
      return modelPayload(
        sql.findModelByUserCode.get(this.model, userCode, Date.now()),
      );
    }

    async consume(id: string): Promise<void> {
      sql.consumeModel.run(Date.now(), this.model, id);
    }

    async destroy(id: string): Promise<void> {
      if (this.model === 'Session') {
        destroySession(id);
        return;
      }
      sql.deleteModel.run(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      sql.revokeGrant.run(this.model, grantId);
    }
  };
}

/**
 * The id of the newest unexpired grant `accountId` gave `clientId`, from
 * any session, so consent follows the subject and the client rather than
 * the browser it was given in.
 */
export function findGrantId(
  db: Db,
  accountId: string,
  clientId: string,
): string | undefined {
  let statement = grantLookups.get(db);
  if (!statement) {
    statement = db
      .prepare<[string, string, number], string>(
        `SELECT id FROM oidc_models
         WHERE account_id = ? AND client_id = ? AND model = 'Grant'
           AND (expires_at IS NULL OR expires_at > ?)
         ORDER BY json_extract(payload, '$.iat') DESC, expires_at DESC
         LIMIT 1`,
      )
      .pluck();
    grantLookups.set(db, statement);
  }
  return statement.get(accountId, clientId, Date.now());
}

const grantLookups = new WeakMap<Db, Bound<string>>();

function prepareStatements(db: Db) {
  const live = '(expires_at IS NULL OR expires_at > ?)';
  const liveSession = '(expires IS NULL OR expires > ?)';
  return {
    upsertModel: db.prepare(
      `INSERT INTO oidc_models (model, id, payload, expires_at, consumed_at,
         grant_id, session_uid, account_id, client_id, uid, user_code)
       VALUES (@model, @id, @payload, @expiresAt, @consumedAt, @grantId,
         @sessionUid, @accountId, @clientId, @uid, @userCode)
       ON CONFLICT (model, id) DO UPDATE SET
         payload = excluded.payload, expires_at = excluded.expires_at,
         consumed_at = excluded.consumed_at, grant_id = excluded.grant_id,
         session_uid = excluded.session_uid,
         account_id = excluded.account_id, client_id = excluded.client_id,
         uid = excluded.uid, user_code = excluded.user_code`,
    ),
    findModel: db.prepare<[string, string, number], ModelRow>(
      `SELECT payload, consumed_at FROM oidc_models
       WHERE model = ? AND id = ? AND ${live}`,
    ),
    findModelByUid: db.prepare<[string, string, number], ModelRow>(
      `SELECT payload, consumed_at FROM oidc_models
       WHERE model = ? AND uid = ? AND ${live}`,
    ),
    findModelByUserCode: db.prepare<[string, string, number], ModelRow>(
      `SELECT payload, consumed_at FROM oidc_models
       WHERE model = ? AND user_code = ? AND ${live}`,
    ),
    consumeModel: db.prepare<[number, string, string]>(
      'UPDATE oidc_models SET consumed_at = ? WHERE model = ? AND id = ?',
    ),
    deleteModel: db.prepare<[string, string]>(
      'DELETE FROM oidc_models WHERE model = ? AND id = ?',
    ),
    revokeGrant: db.prepare<[string, string]>(
      'DELETE FROM oidc_models WHERE model = ? AND grant_id = ?',
    ),

    // A save keeps the key, the creation time and the origin of a row
    // that already holds this session, and fills an origin it lacks.
    upsertSession: db.prepare(
      `INSERT INTO sessions (key, id, session_id, subject_id, display_name,
         created, renewed, expires, client_ids, identity_provider,
         auth_methods, auth_time, user_agent, ip_address, payload)
       VALUES (@key, @id, @sessionId, @subjectId, @displayName, @created,
         @renewed, @expires, @clientIds, @identityProvider, @authMethods,
         @authTime, @userAgent, @ipAddress, @payload)
       ON CONFLICT (session_id) DO UPDATE SET
         id = excluded.id, subject_id = excluded.subject_id,
         display_name = excluded.display_name, renewed = excluded.renewed,
         expires = excluded.expires, client_ids = excluded.client_ids,
         identity_provider = excluded.identity_provider,
         auth_methods = excluded.auth_methods,
         auth_time = excluded.auth_time,
         user_agent = coalesce(user_agent, excluded.user_agent),
         ip_address = coalesce(ip_address, excluded.ip_address),
         payload = excluded.payload`,
    ),
    findSession: db.prepare<[string, number], { payload: string }>(
      `SELECT payload FROM sessions WHERE id = ? AND ${liveSession}`,
    ),
    findSessionByUid: db.prepare<[string, number], { payload: string }>(
      `SELECT payload FROM sessions WHERE session_id = ? AND ${liveSession}`,
    ),
    deleteSession: db.prepare<
      [string],
      {
        key: number;
        session_id: string;
        created: number;
        user_agent: string | null;
        ip_address: string | null;
      }
    >(
      `DELETE FROM sessions WHERE id = ?
       RETURNING key, session_id, created, user_agent, ip_address`,
    ),
    keyTaken: db.prepare<[number], number>(
      'SELECT 1 FROM sessions WHERE key = ?',
    ),
    accountNames: db.prepare<[string], AccountNames>(
      'SELECT name, email FROM accounts WHERE subject_id = ?',
    ),

    pruneModels: db.prepare<[number, number]>(
      `DELETE FROM oidc_models WHERE (model, id) IN (
         SELECT model, id FROM oidc_models WHERE expires_at <= ? LIMIT ?)`,
    ),
    pruneSessions: db.prepare<[number, number]>(
      `DELETE FROM sessions WHERE key IN (
         SELECT key FROM sessions WHERE expires <= ? LIMIT ?)`,
    ),
  };
}

/**
 * When a saved model lapses, in ms: the payload's own `exp` when it has
 * one, else the adapter's `expiresIn`, else never.
 */
function expiryOf(
  payload: AdapterPayload,
  expiresIn: number | undefined,
  now: number,
): number | null {
  if (typeof payload.exp === 'number') return payload.exp * 1000;
  if (typeof expiresIn === 'number') return now + expiresIn * 1000;
  return null;
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function parsePayload(
  row: { payload: string } | undefined,
): AdapterPayload | undefined {
  return row ? (JSON.parse(row.payload) as AdapterPayload) : undefined;
}

/** A model's payload, marked consumed when `consume` has been called. */
function modelPayload(row: ModelRow | undefined): AdapterPayload | undefined {
  const payload = parsePayload(row);
  if (payload && row?.consumed_at != null) {
    payload.consumed = Math.floor(row.consumed_at / 1000);
  }
  return payload;
}
