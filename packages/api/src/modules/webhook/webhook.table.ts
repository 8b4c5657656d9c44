import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { partnerApps } from "../partner/partner.table.js";

/** The outbound event types of SPEC §8. */
export const eventType = pgEnum("event_type", [
  "CONSENT_CHANGED",
  "CUSTOMER_UPDATED",
  "CUSTOMER_RESTRICTED",
  "CUSTOMER_ERASED",
  "CUSTOMER_MERGED",
  "CASE_STATUS_CHANGED",
  "CHURN_RISK_HIGH",
  // A customer entered or left an audience published to the partner (modules/audience).
  "AUDIENCE_MEMBER_ADDED",
  "AUDIENCE_MEMBER_REMOVED",
]);

/** A partner's endpoint and the event types it subscribes to. The secret signs deliveries, so it is kept (shown once). */
export const webhooks = pgTable(
  "webhooks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partnerApps.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    events: eventType("events").array().notNull(),
    secret: text("secret").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("webhooks_partner_idx").on(t.partnerId)],
);

/**
 * The transactional outbox: one row per change worth announcing, written in the transaction of
 * the change (modules/webhook/outbox.ts emitEvent). `data` holds ids, enums and field names only,
 * never a personal value: what a partner may read is looked up when a delivery is sent.
 */
export const outboxEvents = pgTable(
  "outbox_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Commit-independent order of emission: deliveries of one customer to one webhook go out in this order. */
    seq: bigint("seq", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    type: eventType("type").notNull(),
    customerId: uuid("customer_id").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** The partners the event was fanned out to (decided in the writing transaction). */
    recipients: uuid("recipients").array().notNull().default(sql`'{}'`),
    occurredAt: timestamp("occurred_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("outbox_events_customer_idx").on(t.customerId)],
);

export const deliveryStatus = pgEnum("webhook_delivery_status", ["PENDING", "DELIVERED", "DEAD"]);

/** One event to one webhook: its attempts, backoff and outcome. Written with the event (same transaction). */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => outboxEvents.id, { onDelete: "cascade" }),
    webhookId: uuid("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    partnerId: uuid("partner_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    /** The event's seq, copied so the per-customer ordering check reads one table. */
    eventSeq: bigint("event_seq", { mode: "number" }).notNull(),
    status: deliveryStatus("status").notNull().default("PENDING"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** PostgreSQL: when the delivery was handed to the job queue (null: not yet, or again after a replay). */
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true, precision: 3 }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true, precision: 3 }),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true, precision: 3 }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("webhook_deliveries_order_idx").on(t.webhookId, t.customerId, t.eventSeq),
    index("webhook_deliveries_partner_idx").on(t.partnerId, t.createdAt),
    // Deleting an event (retention) looks up its deliveries: the cascade and the retention rule's hold.
    index("webhook_deliveries_event_idx").on(t.eventId),
  ],
);

export type WebhookRow = typeof webhooks.$inferSelect;
export type OutboxEventRow = typeof outboxEvents.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type EventType = (typeof eventType.enumValues)[number];
