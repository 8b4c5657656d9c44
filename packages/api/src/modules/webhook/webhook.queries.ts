import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, getTableColumns, lt, sql, type SQL } from "drizzle-orm";
import { customers, type CustomerRow } from "../customer/customer.table.js";
import type { DbOrTx } from "../../db/client.js";
import { sqlArray } from "../../db/arrays.js";
import { rowsOf } from "../../db/rows.js";
import { partnerApps, type PartnerAppRow } from "../partner/partner.table.js";
import { outboxEvents, webhookDeliveries, webhooks, type EventType, type WebhookDeliveryRow, type WebhookRow } from "./webhook.table.js";

/** Enabled webhooks subscribed to `type`, with their partner app. */
export function selectSubscribers(db: DbOrTx, type: EventType): Promise<{ webhook: WebhookRow; partner: PartnerAppRow }[]> {
  return db
    .select({ webhook: webhooks, partner: partnerApps })
    .from(webhooks)
    .innerJoin(partnerApps, eq(partnerApps.id, webhooks.partnerId))
    .where(and(eq(webhooks.enabled, true), sql`${type}::event_type = any(${webhooks.events})`));
}

/**
 * Partners the audit trail shows received data of the customer: reads and exports under their
 * keys, and the webhook deliveries that reached them (each recorded as a READ by the partner,
 * webhook.delivery.ts recordOutcome).
 */
export async function selectPartnersThatReceived(db: DbOrTx, customerId: string): Promise<string[]> {
  const rows = rowsOf<{ partner_id: string }>(
    await db.execute(sql`select distinct partner_id from audit_events
      where partner_id is not null and action in ('READ', 'EXPORT') and customer_ids @> array[${customerId}]::uuid[]`),
  );
  return rows.map((r) => r.partner_id);
}

/**
 * Evaluates `(partnerId, purpose, condition)` triples for many customers in one statement (one
 * branch per triple, each an index lookup of the ids); answers the triples whose condition holds,
 * per customer.
 */
export async function selectHolding(
  db: DbOrTx,
  customerIds: readonly string[],
  checks: { partnerId: string; purpose: string; condition: SQL }[],
): Promise<{ customerId: string; partnerId: string; purpose: string }[]> {
  if (!checks.length || !customerIds.length) return [];
  const ids = sqlArray([...new Set(customerIds)], "uuid");
  const branches = checks.map(
    (c) => sql`select customers.id as customer_id, ${c.partnerId}::uuid as partner_id, ${c.purpose}::text as purpose from customers where customers.id = any(${ids}) and ${c.condition}`,
  );
  const rows = rowsOf<{ customer_id: string; partner_id: string; purpose: string }>(await db.execute(sql.join(branches, sql` union all `)));
  return rows.map((r) => ({ customerId: r.customer_id, partnerId: r.partner_id, purpose: r.purpose }));
}

/** Inserts the events in one statement, in order (their seq follows the list); answers id and seq of each, in the same order. */
export async function insertOutboxEvents(db: DbOrTx, rows: (typeof outboxEvents.$inferInsert)[]): Promise<{ id: string; seq: number }[]> {
  if (!rows.length) return [];
  // Ids are chosen here, so each returned row is matched to its event whatever order RETURNING uses.
  const withIds = rows.map((row) => ({ ...row, id: row.id ?? randomUUID() }));
  const created = await db.insert(outboxEvents).values(withIds).returning({ id: outboxEvents.id, seq: outboxEvents.seq });
  const seqOf = new Map(created.map((c) => [c.id, c.seq]));
  return withIds.map((row) => ({ id: row.id, seq: seqOf.get(row.id)! }));
}

export async function insertDeliveries(db: DbOrTx, rows: (typeof webhookDeliveries.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(webhookDeliveries).values(rows);
}

export async function insertWebhook(db: DbOrTx, row: typeof webhooks.$inferInsert): Promise<WebhookRow> {
  const [created] = await db.insert(webhooks).values(row).returning();
  return created!;
}

export function selectWebhooksOf(db: DbOrTx, partnerId: string | undefined) {
  return db
    .select()
    .from(webhooks)
    .where(partnerId ? eq(webhooks.partnerId, partnerId) : undefined)
    .orderBy(asc(webhooks.createdAt));
}

export interface DeliveryFilter {
  partnerId?: string;
  webhookId?: string;
  status?: WebhookDeliveryRow["status"];
  /** Keyset: rows past this delivery in the list's order (newest first), or before it when `backward`. */
  from?: { createdAt: Date; id: string };
  /** Read the reversed order from `from` (a last/before page, graphql/connection.ts windowed). */
  backward?: boolean;
  limit: number;
}

function deliveryWhere(f: Omit<DeliveryFilter, "limit" | "backward">, backward = false) {
  const d = webhookDeliveries;
  return and(
    f.partnerId ? eq(d.partnerId, f.partnerId) : undefined,
    f.webhookId ? eq(d.webhookId, f.webhookId) : undefined,
    f.status ? eq(d.status, f.status) : undefined,
    f.from ? sql`(${d.createdAt}, ${d.id}) ${sql.raw(backward ? ">" : "<")} (${f.from.createdAt.toISOString()}::timestamptz, ${f.from.id}::uuid)` : undefined,
  );
}

export function selectDeliveries(db: DbOrTx, f: DeliveryFilter) {
  const d = webhookDeliveries;
  return db
    .select({ delivery: d, type: outboxEvents.type, occurredAt: outboxEvents.occurredAt })
    .from(d)
    .innerJoin(outboxEvents, eq(outboxEvents.id, d.eventId))
    .where(deliveryWhere(f, f.backward))
    .orderBy(...(f.backward ? [asc(d.createdAt), asc(d.id)] : [desc(d.createdAt), desc(d.id)]))
    .limit(f.limit);
}

export async function countDeliveries(db: DbOrTx, f: Omit<DeliveryFilter, "limit" | "from" | "backward">): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(webhookDeliveries).where(deliveryWhere(f));
  return row!.n;
}

export async function selectDelivery(db: DbOrTx, id: string, options: { lock?: boolean } = {}) {
  const query = db
    .select({ delivery: webhookDeliveries, event: outboxEvents, webhook: webhooks, partner: partnerApps })
    .from(webhookDeliveries)
    .innerJoin(outboxEvents, eq(outboxEvents.id, webhookDeliveries.eventId))
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .innerJoin(partnerApps, eq(partnerApps.id, webhookDeliveries.partnerId))
    .where(eq(webhookDeliveries.id, id));
  const [row] = options.lock ? await query.for("update", { of: webhookDeliveries, skipLocked: true }) : await query;
  return row;
}

/** Pending deliveries due now, oldest event first. */
export async function selectDue(db: DbOrTx, limit: number, options: { notEnqueued?: boolean } = {}): Promise<Pick<WebhookDeliveryRow, "id" | "webhookId" | "customerId" | "nextAttemptAt">[]> {
  const d = webhookDeliveries;
  const query = db
    .select({ id: d.id, webhookId: d.webhookId, customerId: d.customerId, nextAttemptAt: d.nextAttemptAt })
    .from(d)
    .where(and(eq(d.status, "PENDING"), options.notEnqueued ? sql`${d.enqueuedAt} is null` : sql`${d.nextAttemptAt} <= now()`))
    .orderBy(asc(d.eventSeq))
    .limit(limit);
  return options.notEnqueued ? query.for("update", { skipLocked: true }) : query;
}

/** The earliest still-pending delivery to the same webhook about the same customer before this one (ordering). */
export async function selectBlocker(db: DbOrTx, delivery: Pick<WebhookDeliveryRow, "webhookId" | "customerId" | "eventSeq">) {
  const d = webhookDeliveries;
  const [row] = await db
    .select({ id: d.id, nextAttemptAt: d.nextAttemptAt })
    .from(d)
    .where(and(eq(d.webhookId, delivery.webhookId), eq(d.customerId, delivery.customerId), eq(d.status, "PENDING"), lt(d.eventSeq, delivery.eventSeq)))
    .orderBy(asc(d.eventSeq))
    .limit(1);
  return row;
}

export async function updateDelivery(db: DbOrTx, id: string, patch: Partial<typeof webhookDeliveries.$inferInsert>): Promise<WebhookDeliveryRow | undefined> {
  const [row] = await db.update(webhookDeliveries).set(patch).where(eq(webhookDeliveries.id, id)).returning();
  return row;
}

export async function markEnqueued(db: DbOrTx, ids: readonly string[]) {
  if (ids.length) await db.execute(sql`update webhook_deliveries set enqueued_at = now() where id = any(${sqlArray(ids, "uuid")})`);
}

/**
 * The customer's erasure and restriction state, its row locked (key share) until the caller's
 * transaction ends: erasure and restriction lock it for update before they list the partners to
 * notify, so they wait for the caller, or have committed before it reads (webhook.delivery.ts).
 */
export async function selectStateLockingCustomer(db: DbOrTx, id: string): Promise<Pick<CustomerRow, "erasedAt" | "processingRestricted"> | undefined> {
  const [row] = await db
    .select({ erasedAt: customers.erasedAt, processingRestricted: customers.processingRestricted })
    .from(customers)
    .where(eq(customers.id, id))
    .for("key share");
  return row;
}

/** Whether an event of `type` about the customer was addressed to the partner (it is among the event's recipients). */
export async function wasAddressed(db: DbOrTx, customerId: string, type: EventType, partnerId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: outboxEvents.id })
    .from(outboxEvents)
    .where(and(eq(outboxEvents.customerId, customerId), eq(outboxEvents.type, type), sql`${outboxEvents.recipients} @> array[${partnerId}]::uuid[]`))
    .limit(1);
  return Boolean(row);
}

/** Whether the partner has an enabled webhook for `type`. */
export async function partnerSubscribes(db: DbOrTx, partnerId: string, type: EventType): Promise<boolean> {
  const [row] = await db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(eq(webhooks.partnerId, partnerId), eq(webhooks.enabled, true), sql`${type}::event_type = any(${webhooks.events})`))
    .limit(1);
  return Boolean(row);
}

/** `extra`: columns the policy needs to release the row (privacy/scope.ts subjectColumns). */
export async function selectCustomerRow(db: DbOrTx, id: string, extra: Record<string, SQL> = {}): Promise<CustomerRow | undefined> {
  const [row] = await db.select({ ...getTableColumns(customers), ...extra }).from(customers).where(eq(customers.id, id));
  return row;
}
