import { and, eq, getTableColumns, gt, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { listRelation } from "../../graphql/prefetch.js";
import { identifiers, type IdentifierRow } from "./identity.table.js";

/** A customer's identifiers, past and current: by type, then validity. */
const IDENTIFIER_ORDER = sql`${identifiers.type}, ${identifiers.validFrom}`;

/** `Customer.identifiers` planned into the customer's statement (graphql/prefetch.ts). */
export const identifiersRelation = listRelation<IdentifierRow>(getTableColumns(identifiers), (id: SQL) => sql`from ${identifiers} where ${identifiers.customerId} = ${id}`, IDENTIFIER_ORDER);

export function selectIdentifiersOfCustomers(db: DbOrTx, customerIds: readonly string[]): Promise<IdentifierRow[]> {
  return db
    .select()
    .from(identifiers)
    .where(inArray(identifiers.customerId, [...customerIds]))
    .orderBy(IDENTIFIER_ORDER);
}

/** The customer an identifier belonged to at `at`: valid_from <= at < valid_to (open-ended when null). */
export async function selectCustomerIdByIdentifier(
  db: DbOrTx,
  type: IdentifierRow["type"],
  value: string,
  at: Date,
): Promise<string | undefined> {
  const [row] = await db
    .select({ customerId: identifiers.customerId })
    .from(identifiers)
    .where(
      and(
        eq(identifiers.type, type),
        eq(identifiers.value, value),
        lte(identifiers.validFrom, at),
        or(isNull(identifiers.validTo), gt(identifiers.validTo, at)),
      ),
    )
    .orderBy(sql`${identifiers.validFrom} desc`)
    .limit(1);
  return row?.customerId;
}

/** Closes the open window of an identifier value (the number leaves this customer now). */
export async function closeIdentifier(db: DbOrTx, customerId: string, type: IdentifierRow["type"], value: string) {
  await db
    .update(identifiers)
    .set({ validTo: sql`now()` })
    .where(and(eq(identifiers.customerId, customerId), eq(identifiers.type, type), eq(identifiers.value, value), isNull(identifiers.validTo)));
}

export async function insertIdentifier(db: DbOrTx, row: typeof identifiers.$inferInsert) {
  await db.insert(identifiers).values(row);
}

/** Whether an identifier value is currently held by a customer other than `exceptCustomerId`. */
export async function identifierHeldByOther(db: DbOrTx, type: IdentifierRow["type"], value: string, exceptCustomerId?: string) {
  const holder = await selectCustomerIdByIdentifier(db, type, value, new Date());
  return holder !== undefined && holder !== exceptCustomerId ? holder : undefined;
}

export async function selectIdentifierById(db: DbOrTx, id: string): Promise<IdentifierRow | undefined> {
  const [row] = await db.select().from(identifiers).where(eq(identifiers.id, id)).limit(1);
  return row;
}

export async function insertIdentifierReturning(db: DbOrTx, row: typeof identifiers.$inferInsert): Promise<IdentifierRow> {
  const [created] = await db.insert(identifiers).values(row).returning();
  return created!;
}

/** Ends a window at `validTo` (the database's now() when absent). */
export async function updateIdentifierValidTo(db: DbOrTx, id: string, validTo: Date | undefined): Promise<IdentifierRow> {
  const [updated] = await db
    .update(identifiers)
    .set({ validTo: validTo ?? sql`now()` })
    .where(eq(identifiers.id, id))
    .returning();
  return updated!;
}
