import { and, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { decodeJson, jsonList, parsedJson } from "../../db/json.js";
import { allKeysBut, prunedObjects, type PlannedRelation } from "../../graphql/prefetch.js";
import type { Policy } from "../../privacy/policy.js";
import { mayRead } from "../../privacy/scope.js";
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

const i = interactions;

/** An interaction as its history lists it. */
const INTERACTION_FIELDS = {
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
};

/** A customer's first history page as planned: `limit` + 1 rows (the extra one says there is a next page) in `order`, and the count when selected. */
export interface PlannedInteractionPage {
  rows: InteractionRow[];
  count?: number;
  order: InteractionOrder;
}

/**
 * `Customer.interactions(first)` planned into the customer's statement (graphql/prefetch.ts):
 * the first page only, in the order the caller's history is read in (`interactionOrder`); a page
 * after a cursor, a backward page (last/before) or one under a filter is loaded by the field itself.
 * `pageSize` validates `first` (undefined: not planned, the resolver reports it).
 */
export function interactionsRelation(pageSize: (first: unknown) => number | undefined): PlannedRelation<PlannedInteractionPage> {
  // A row's id and time make its cursor and order; its customer, the audit's subject. The rest is built when selected.
  const objectFor = prunedObjects(INTERACTION_FIELDS, allKeysBut(INTERACTION_FIELDS, ["id", "customerId", "occurredAt"]), "edges.node.");
  return {
    variant: (policy) => interactionOrder(policy),
    select(id, args, subfields, order) {
      const limit = pageSize(args.first);
      if (limit === undefined || args.after != null || args.last != null || args.before != null || args.filter != null) return undefined;
      const rows = jsonList(objectFor(subfields), sql`from ${i} where ${i.customerId} = ${id}`, order === "ID" ? sql`${i.id} desc` : sql`${i.occurredAt} desc, ${i.id} desc`, limit + 1);
      const count = subfields.has("totalCount") ? sql`(select count(*)::int from ${i} where ${i.customerId} = ${id})` : sql`null`;
      // The order as a literal, not a parameter: its text is one of two, and the plan's statement is compiled once per shape.
      return sql`json_build_object('rows', ${rows}, 'count', ${count}, 'order', ${sql.raw(order === "ID" ? "'ID'" : "'TIME'")}::text)`;
    },
    decode(value) {
      const page = parsedJson<{ rows: Record<string, unknown>[]; count: number | null; order: InteractionOrder }>(value);
      return { rows: page.rows.map((row) => decodeJson<InteractionRow>(INTERACTION_FIELDS, row)), count: page.count ?? undefined, order: page.order };
    },
  };
}

/**
 * How a history page is ordered: newest first (TIME), or by id (ID) for a principal that does not
 * read `occurredAt` — the order of a list reveals the value it is sorted by.
 */
export type InteractionOrder = "TIME" | "ID";

/** Sorting by a field reveals it: without occurredAt in full, the history is in id order (random, reveals nothing). */
export function interactionOrder(policy: Policy): InteractionOrder {
  return mayRead(policy, ["Interaction.occurredAt"]) ? "TIME" : "ID";
}

/**
 * The newest `limit` interactions of each customer (past an optional keyset position), in one
 * statement: a window function ranks each customer's rows on the (customer_id, occurred_at) index.
 * In ID order (`from.occurredAt` unused) the rows are ranked by id alone. `backward` reads the
 * reversed order (oldest first) from `from`: a last/before page (graphql/connection.ts windowed).
 */
export async function selectRecentInteractions(
  db: DbOrTx,
  customerIds: readonly string[],
  p: { where?: SQL; from?: { occurredAt?: Date; id: string }; backward?: boolean; limit: number; order?: InteractionOrder },
): Promise<InteractionRow[]> {
  const byId = p.order === "ID";
  const past = sql.raw(p.backward ? ">" : "<");
  const dir = sql.raw(p.backward ? "asc" : "desc");
  const keyset = !p.from
    ? undefined
    : byId || !p.from.occurredAt
      ? sql`${i.id} ${past} ${p.from.id}::uuid`
      : sql`(${i.occurredAt}, ${i.id}) ${past} (${p.from.occurredAt.toISOString()}::timestamptz, ${p.from.id})`;
  const order = byId ? sql`${i.id} ${dir}` : sql`${i.occurredAt} ${dir}, ${i.id} ${dir}`;
  const ranked = db
    .select({
      ...INTERACTION_FIELDS,
      rank: sql<number>`row_number() over (partition by ${i.customerId} order by ${order})`.as("rank"),
    })
    .from(i)
    .where(and(inArray(i.customerId, [...customerIds]), p.where, keyset))
    .as("ranked");
  const rows = await db
    .select()
    .from(ranked)
    .where(sql`${ranked.rank} <= ${p.limit}`)
    .orderBy(...(byId ? [sql`${ranked.id} ${dir}`] : [sql`${ranked.occurredAt} ${dir}`, sql`${ranked.id} ${dir}`]));
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
