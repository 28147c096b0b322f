import type { Db } from './database.ts';
import { hashPassword, passwordMatches } from './passwords.ts';

/** A person who can sign in to the reference IdP. */
export interface Account {
  readonly subjectId: string;
  readonly username: string;
  readonly name: string | null;
  readonly email: string | null;

  /**
   * Whether the account may be granted `sessions.admin`. The schema has no
   * role column, so operators are the demo accounts marked as such.
   */
  readonly operator: boolean;
}

/** A demo account and the password it signs in with. */
export interface DemoAccount {
  readonly subjectId: string;
  readonly username: string;
  readonly name: string;
  readonly email: string;
  readonly password: string;
  readonly operator: boolean;
}

/**
 * The accounts every IdP database starts with. The passwords are public on
 * purpose: this IdP exists for demos and tests. Subjects `1`, `10` and `21`
 * are there because a substring filter on `1` matches all three, which is
 * the mistake the session API must not make when it decides what a user
 * may see.
 */
export const demoAccounts: readonly DemoAccount[] = [
  {
    subjectId: 'admin',
    username: 'admin',
    name: 'Ada Operator',
    email: 'admin@example.test',
    password: 'admin-demo-password',
    operator: true,
  },
  {
    subjectId: '1',
    username: 'alice',
    name: 'Alice Example',
    email: 'alice@example.test',
    password: 'alice-demo-password',
    operator: false,
  },
  {
    subjectId: '10',
    username: 'bob',
    name: 'Bob Example',
    email: 'bob@example.test',
    password: 'bob-demo-password',
    operator: false,
  },
  {
    subjectId: '21',
    username: 'carol',
    name: 'Carol Example',
    email: 'carol@example.test',
    password: 'carol-demo-password',
    operator: false,
  },
  {
    subjectId: '2',
    username: 'dave',
    name: 'Dave Example',
    email: 'dave@example.test',
    password: 'dave-demo-password',
    operator: false,
  },
];

const operatorSubjects = new Set(
  demoAccounts.filter((account) => account.operator).map((a) => a.subjectId),
);

// Hashing the demo passwords costs tens of milliseconds each; tests start
// many IdPs in one process, so each password is hashed once per process.
const demoHashes = new Map<string, string>();

interface AccountRow {
  subject_id: string;
  username: string;
  name: string | null;
  email: string | null;
  password_hash: string;
}

/** The `accounts` table: who can sign in, and their claims. */
export class AccountStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Adds the demo accounts that are missing; existing rows are kept. */
  ensureDemoAccounts(): void {
    const insert = this.#db.prepare(
      `INSERT OR IGNORE INTO accounts
         (subject_id, username, name, email, password_hash)
       VALUES (?, ?, ?, ?, ?)`,
    );

    this.#db.transaction(() => {
      for (const account of demoAccounts) {
        insert.run(
          account.subjectId,
          account.username,
          account.name,
          account.email,
          demoHash(account),
        );
      }
    })();
  }

  /**
   * The account whose username and password these are, or undefined. The
   * caller learns nothing about which of the two was wrong.
   */
  async verifyPassword(
    username: string,
    password: string,
  ): Promise<Account | undefined> {
    const row = this.#db
      .prepare<[string], AccountRow>(
        'SELECT * FROM accounts WHERE username = ?',
      )
      .get(username);

    const matches = await passwordMatches(row?.password_hash, password);

    return row && matches ? toAccount(row) : undefined;
  }

  find(subjectId: string): Account | undefined {
    const row = this.#db
      .prepare<[string], AccountRow>(
        'SELECT * FROM accounts WHERE subject_id = ?',
      )
      .get(subjectId);
    return row ? toAccount(row) : undefined;
  }
}

function demoHash(account: DemoAccount): string {
  let hash = demoHashes.get(account.username);
  if (!hash) {
    hash = hashPassword(account.password);
    demoHashes.set(account.username, hash);
  }
  return hash;
}

function toAccount(row: AccountRow): Account {
  return {
    subjectId: row.subject_id,
    username: row.username,
    name: row.name,
    email: row.email,
    operator: operatorSubjects.has(row.subject_id),
  };
}
