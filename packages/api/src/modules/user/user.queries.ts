import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
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

/** Counts a failed login; from the `lockAfter`-th failure on, locks the account for `lockMinutes`. */
export async function recordFailedLogin(db: DbOrTx, id: string, lockAfter: number, lockMinutes: number): Promise<UserRow> {
  const [row] = await db
    .update(users)
    .set({
      failedLogins: sql`${users.failedLogins} + 1`,
      lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${lockAfter} then now() + make_interval(mins => ${lockMinutes}) else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, id))
    .returning();
  return row!;
}

export async function recordSuccessfulLogin(db: DbOrTx, id: string) {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: sql`now()` }).where(eq(users.id, id));
}
