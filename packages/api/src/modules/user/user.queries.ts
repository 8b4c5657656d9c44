import { and, asc, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { runCompiled, type Preparable } from "../../db/statements.js";
import { users, type UserRow } from "./user.table.js";

export async function selectUserByUsername(db: DbOrTx, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row;
}

export function selectUsers(db: DbOrTx) {
  return db.select().from(users).orderBy(asc(users.username));
}

export async function insertUser(db: DbOrTx, row: typeof users.$inferInsert): Promise<UserRow> {
  const [created] = await db.insert(users).values(row).returning();
  return created!;
}

/** One user by id: every console request checks its session with it, so it is compiled once (db/statements.ts). */
export async function selectUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const build = () => db.select().from(users).where(eq(users.id, sql.placeholder("id")));
  const [row] = await runCompiled(db, "user.byId", build as () => Preparable<UserRow[]>, { id });
  return row;
}

/**
 * Spends one login attempt before the password is checked, in one statement: the attempt counts
 * as a failure until it succeeds, and from the `lockAfter`-th on the account locks for
 * `lockMinutes`. Concurrent guesses each take a row lock in turn, so no more than `lockAfter`
 * of them are ever checked. Undefined while the account is locked (nothing may be checked).
 */
export async function claimLoginAttempt(db: DbOrTx, id: string, lockAfter: number, lockMinutes: number): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({
      failedLogins: sql`${users.failedLogins} + 1`,
      lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${lockAfter} then now() + make_interval(mins => ${lockMinutes}) else ${users.lockedUntil} end`,
    })
    .where(and(eq(users.id, id), or(isNull(users.lockedUntil), lte(users.lockedUntil, sql`now()`))))
    .returning();
  return row;
}

/** Applies an access change and ends every session issued before it (SessionClaims.sessionVersion). */
export async function updateUserAccess(
  db: DbOrTx,
  id: string,
  set: Partial<Pick<UserRow, "role" | "disabledAt" | "passwordHash" | "awaitingApproval" | "clearance" | "mustChangePassword">>,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...set, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, id))
    .returning();
  return row;
}

/** Lifts a lockout (failed logins back to 0): no access changes, so sessions stay. */
export async function clearLockout(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, id)).returning();
  return row;
}

export async function recordSuccessfulLogin(db: DbOrTx, id: string) {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: sql`now()` }).where(eq(users.id, id));
}

/**
 * A user that only ever holds sessions issued in-process (the benchmark's, the tests' role users):
 * created on first use, with no usable password ("!" is no scrypt hash).
 */
export async function ensureSessionUser(db: DbOrTx, username: string, role: UserRow["role"], clearance = 5): Promise<UserRow> {
  // Test and bench sessions are cleared for every security level; clearance is tested with its own users.
  await db.insert(users).values({ username, role, passwordHash: "!", clearance }).onConflictDoNothing();
  const user = (await selectUserByUsername(db, username))!;
  if (user.role !== role) throw new Error(`user ${username} exists with role ${user.role}, not ${role}`);
  return user;
}
