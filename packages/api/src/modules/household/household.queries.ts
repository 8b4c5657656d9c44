import { and, asc, eq, getTableColumns, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { customers } from "../customer/customer.table.js";
import { plans, type PlanRow } from "../subscription/subscription.table.js";
import { householdMembers, households, type HouseholdMemberRow, type HouseholdRow } from "./household.table.js";

/** A membership with what the policy needs of its customer (Subject). */
export type MemberWithSubject = HouseholdMemberRow & { erasedAt: Date | null; processingRestricted: boolean };

export function selectHouseholds(db: DbOrTx, ids: readonly string[]): Promise<HouseholdRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.select().from(households).where(inArray(households.id, [...ids]));
}

/** The current memberships of these customers (at most one each). */
export function selectCurrentMemberships(db: DbOrTx, customerIds: readonly string[]): Promise<HouseholdMemberRow[]> {
  if (!customerIds.length) return Promise.resolve([]);
  return db
    .select()
    .from(householdMembers)
    .where(and(inArray(householdMembers.customerId, [...customerIds]), isNull(householdMembers.leftOn)));
}

const ROLE_ORDER = sql`array_position(array['HEAD','SPOUSE','PARENT','CHILD','OTHER']::household_role[], ${householdMembers.role})`;

/**
 * The current members of these households whose customer meets `where` (the caller's customer
 * scope), head first. Merged records are tombstones: never listed (their membership stays with
 * them, identity.rules.ts).
 */
export function selectCurrentMembers(db: DbOrTx, householdIds: readonly string[], where?: SQL): Promise<MemberWithSubject[]> {
  if (!householdIds.length) return Promise.resolve([]);
  return db
    .select({ ...getTableColumns(householdMembers), erasedAt: customers.erasedAt, processingRestricted: customers.processingRestricted })
    .from(householdMembers)
    .innerJoin(customers, eq(customers.id, householdMembers.customerId))
    .where(and(inArray(householdMembers.householdId, [...householdIds]), isNull(householdMembers.leftOn), isNull(customers.mergedInto), where))
    .orderBy(asc(householdMembers.householdId), ROLE_ORDER, asc(householdMembers.joinedOn), asc(householdMembers.customerId));
}

/** Every current member of a household, whoever may see them (the membership rules need the whole family). */
export function selectAllCurrentMembers(db: DbOrTx, householdId: string): Promise<HouseholdMemberRow[]> {
  return db
    .select()
    .from(householdMembers)
    .where(and(eq(householdMembers.householdId, householdId), isNull(householdMembers.leftOn)));
}

export async function selectPlan(db: DbOrTx, planId: string): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(plans).where(eq(plans.id, planId));
  return row;
}

export async function insertHousehold(db: DbOrTx, row: typeof households.$inferInsert): Promise<HouseholdRow> {
  const [created] = await db.insert(households).values(row).returning();
  return created!;
}

export async function insertMember(db: DbOrTx, row: typeof householdMembers.$inferInsert): Promise<HouseholdMemberRow> {
  const [created] = await db.insert(householdMembers).values(row).returning();
  return created!;
}

/** Moves the household's version on (optimistic concurrency); undefined when someone else moved it first. */
export async function bumpVersion(db: DbOrTx, id: string, expectedVersion: number): Promise<HouseholdRow | undefined> {
  const [row] = await db
    .update(households)
    .set({ version: sql`${households.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(households.id, id), eq(households.version, expectedVersion)))
    .returning();
  return row;
}

export async function endMembership(db: DbOrTx, id: string, leftOn: string): Promise<HouseholdMemberRow | undefined> {
  const [row] = await db
    .update(householdMembers)
    .set({ leftOn })
    .where(and(eq(householdMembers.id, id), isNull(householdMembers.leftOn)))
    .returning();
  return row;
}

/** Every household the customer is or was a member of, with the membership (the ACCESS export). */
export async function selectHouseholdsOfCustomer(db: DbOrTx, customerId: string): Promise<Record<string, unknown>[]> {
  return db
    .select({ id: households.id, name: households.name, planId: households.planId, role: householdMembers.role, joinedOn: householdMembers.joinedOn, leftOn: householdMembers.leftOn })
    .from(householdMembers)
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .where(eq(householdMembers.customerId, customerId))
    .orderBy(asc(householdMembers.joinedOn), asc(households.id));
}
