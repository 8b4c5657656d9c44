import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { customers } from "../customer/customer.table.js";
import { usageCharges, usageMonths } from "../usage/usage.table.js";
import type { KeyAccountTier, MonthBill } from "./account.rules.js";
import { accountWarnings, keyAccounts, type AccountWarningRow, type KeyAccountRow } from "./account.table.js";

/** What the policy needs of the account's customer (erased, restricted), and its account manager. */
const subject = { erasedAt: customers.erasedAt, processingRestricted: customers.processingRestricted, accountManager: customers.accountManager };

export type KeyAccountWithSubject = KeyAccountRow & { erasedAt: Date | null; processingRestricted: boolean; accountManager: string | null };
export type AccountWarningWithSubject = AccountWarningRow & { erasedAt: Date | null; processingRestricted: boolean };

/** The tier of a key account, or null for any other customer (the case clocks read it). */
export async function selectTierOf(db: DbOrTx, customerId: string): Promise<KeyAccountTier | null> {
  const [row] = await db.select({ tier: keyAccounts.tier }).from(keyAccounts).where(eq(keyAccounts.customerId, customerId));
  return row?.tier ?? null;
}

/** Key accounts by customer id, or by group (the branches), within `where` over the joined customer. */
export function selectKeyAccounts(db: DbOrTx, by: { customerIds?: readonly string[]; groupIds?: readonly string[]; accountManager?: string }, where?: SQL): Promise<KeyAccountWithSubject[]> {
  return db
    .select({ ...getTableColumns(keyAccounts), ...subject })
    .from(keyAccounts)
    .innerJoin(customers, eq(customers.id, keyAccounts.customerId))
    .where(
      and(
        by.customerIds ? inArray(keyAccounts.customerId, [...by.customerIds]) : undefined,
        by.groupIds ? inArray(keyAccounts.groupId, [...by.groupIds]) : undefined,
        by.accountManager !== undefined ? eq(customers.accountManager, by.accountManager) : undefined,
        where,
      ),
    )
    .orderBy(asc(keyAccounts.tier), asc(customers.name), asc(keyAccounts.customerId));
}

export async function upsertKeyAccount(db: DbOrTx, row: typeof keyAccounts.$inferInsert, expectedVersion: number | null): Promise<KeyAccountRow | undefined> {
  const { customerId: _id, ...values } = row;
  if (expectedVersion === null) {
    const [created] = await db.insert(keyAccounts).values(row).onConflictDoNothing().returning();
    return created;
  }
  const [updated] = await db
    .update(keyAccounts)
    .set({ ...values, version: sql`${keyAccounts.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(keyAccounts.customerId, row.customerId), eq(keyAccounts.version, expectedVersion)))
    .returning();
  return updated;
}

/** Warnings with their customer's state, by id, of accounts, or of a manager; open ones only unless `all`. */
export function selectWarnings(db: DbOrTx, by: { ids?: readonly string[]; customerIds?: readonly string[]; accountManager?: string; openOnly?: boolean }, where?: SQL): Promise<AccountWarningWithSubject[]> {
  return db
    .select({ ...getTableColumns(accountWarnings), erasedAt: customers.erasedAt, processingRestricted: customers.processingRestricted })
    .from(accountWarnings)
    .innerJoin(customers, eq(customers.id, accountWarnings.customerId))
    .where(
      and(
        by.ids ? inArray(accountWarnings.id, [...by.ids]) : undefined,
        by.customerIds ? inArray(accountWarnings.customerId, [...by.customerIds]) : undefined,
        by.accountManager !== undefined ? eq(accountWarnings.accountManager, by.accountManager) : undefined,
        by.openOnly ? eq(accountWarnings.status, "OPEN") : undefined,
        where,
      ),
    )
    .orderBy(desc(accountWarnings.month), asc(accountWarnings.customerId), asc(accountWarnings.service));
}

export async function closeWarningIfVersion(
  db: DbOrTx,
  id: string,
  expectedVersion: number,
  patch: Pick<AccountWarningRow, "cause" | "retentionAction" | "note" | "closedBy">,
): Promise<AccountWarningRow | undefined> {
  const [row] = await db
    .update(accountWarnings)
    .set({ ...patch, status: "CLOSED", closedAt: sql`now()`, version: sql`${accountWarnings.version} + 1` })
    .where(and(eq(accountWarnings.id, id), eq(accountWarnings.version, expectedVersion), eq(accountWarnings.status, "OPEN")))
    .returning();
  return row;
}

/**
 * The bills the warning rule reads: for each key account among `customerIds`, its latest billed
 * month and the months before it (enough for the reference), with per-service charges.
 */
export async function selectRecentBills(db: DbOrTx, customerIds: readonly string[], months: number): Promise<Map<string, MonthBill[]>> {
  const out = new Map<string, MonthBill[]>();
  if (!customerIds.length) return out;
  const rows = await db
    .select({ customerId: usageMonths.customerId, month: usageMonths.month, total: usageMonths.billAmount })
    .from(usageMonths)
    .innerJoin(keyAccounts, eq(keyAccounts.customerId, usageMonths.customerId))
    .where(
      and(
        inArray(usageMonths.customerId, [...customerIds]),
        // The latest `months` billed months of each account.
        sql`${usageMonths.month} >= (select min(m.month) from (select u.month from usage_months u where u.customer_id = ${usageMonths.customerId} order by u.month desc limit ${months}) m)`,
      ),
    );
  if (!rows.length) return out;
  const charges = await db
    .select()
    .from(usageCharges)
    .where(and(inArray(usageCharges.customerId, [...new Set(rows.map((r) => r.customerId))]), inArray(usageCharges.month, [...new Set(rows.map((r) => r.month))])));
  for (const r of rows) {
    const bill: MonthBill = { month: r.month, total: Number(r.total), charges: {} };
    for (const c of charges) if (c.customerId === r.customerId && c.month === r.month) bill.charges[c.service] = Number(c.amount);
    out.set(r.customerId, [...(out.get(r.customerId) ?? []), bill]);
  }
  return out;
}

export function insertWarnings(db: DbOrTx, rows: (typeof accountWarnings.$inferInsert)[]): Promise<AccountWarningRow[]> {
  if (!rows.length) return Promise.resolve([]);
  // One warning per account, month and service: re-sent bills do not open it twice.
  return db.insert(accountWarnings).values(rows).onConflictDoNothing().returning();
}
