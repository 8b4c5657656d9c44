import { and, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { interactions, type InteractionRow } from "./interaction.table.js";
import type { InteractionFilter } from "./interaction.inputs.js";

export function interactionFilterCondition(filter?: InteractionFilter): SQL | undefined {
  if (!filter) return undefined;
  return and(
    filter.type?.length ? inArray(interactions.type, filter.type as InteractionRow["type"][]) : undefined,
    filter.channel?.length ? inArray(interactions.channel, filter.channel as InteractionRow["channel"][]) : undefined,
    filter.from ? gte(interactions.occurredAt, filter.from) : undefined,
    filter.to ? lt(interactions.occurredAt, filter.to) : undefined,
  );
}

/**
 * The newest `limit` interactions of each customer (after an optional keyset position), in one
 * statement: a window function ranks each customer's rows on the (customer_id, occurred_at) index.
 */
export async function selectRecentInteractions(
  db: DbOrTx,
  customerIds: readonly string[],
  p: { where?: SQL; before?: { occurredAt: Date; id: string }; limit: number },
): Promise<InteractionRow[]> {
  const i = interactions;
  const keyset = p.before ? sql`(${i.occurredAt}, ${i.id}) < (${p.before.occurredAt.toISOString()}::timestamptz, ${p.before.id})` : undefined;
  const ranked = db
    .select({
      id: i.id,
      customerId: i.customerId,
      occurredAt: i.occurredAt,
      channel: i.channel,
      type: i.type,
      summary: i.summary,
      agent: i.agent,
      outcome: i.outcome,
      caseId: i.caseId,
      externalId: i.externalId,
      createdAt: i.createdAt,
      rank: sql<number>`row_number() over (partition by ${i.customerId} order by ${i.occurredAt} desc, ${i.id} desc)`.as("rank"),
    })
    .from(i)
    .where(and(inArray(i.customerId, [...customerIds]), p.where, keyset))
    .as("ranked");
  const rows = await db
    .select()
    .from(ranked)
    .where(sql`${ranked.rank} <= ${p.limit}`)
    .orderBy(sql`${ranked.occurredAt} desc`, sql`${ranked.id} desc`);
  return rows.map(({ rank: _rank, ...row }) => row);
}

export async function countInteractionsOfCustomers(db: DbOrTx, customerIds: readonly string[], where?: SQL) {
  return db
    .select({ customerId: interactions.customerId, n: sql<number>`count(*)::int` })
    .from(interactions)
    .where(and(inArray(interactions.customerId, [...customerIds]), where))
    .groupBy(interactions.customerId);
}


export async function insertInteraction(db: DbOrTx, row: typeof interactions.$inferInsert): Promise<InteractionRow> {
  const [created] = await db.insert(interactions).values(row).returning();
  return created!;
}

export async function interactionExternalIdExists(db: DbOrTx, externalId: string) {
  const [row] = await db.select({ id: interactions.id }).from(interactions).where(eq(interactions.externalId, externalId)).limit(1);
  return Boolean(row);
}
