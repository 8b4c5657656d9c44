import type { CatalogType, RetentionKey } from "@tessera/schema/catalog";
import { eq, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { cases } from "../case/case.table.js";
import { feedback } from "../feedback/feedback.table.js";
import { interactions } from "../interaction/interaction.table.js";
import { LEGAL_HOLD } from "../dsr/dsr.rules.js";
import { usageMonths } from "../usage/usage.table.js";
import { outboxEvents, webhookDeliveries } from "../webhook/webhook.table.js";

/** Rows a retention rule works on: the table, its key (batches walk it) and the age of a row. */
export interface RetentionTarget {
  /** What the rows are, in the audit trail and the report (`UsageMonth.*`): their catalog type, or their record's name. */
  type: string;
  table: PgTable;
  keys: PgColumn[];
  customerId: PgColumn;
  /** The moment the period counts from. */
  age: PgColumn | SQL;
  /** Only these rows are subject to the rule (e.g. closed cases). */
  scope?: SQL;
  /** Rows younger than this many months are never touched, whatever the policy says (legal holds). */
  floorMonths?: number;
  /**
   * Rows of another target that belong to a row here (`on` joins them): the row is due only once
   * every one of them is due too, so deleting it never takes a row the rule keeps along with it.
   */
  heldBy?: { target: RetentionTarget; on: SQL };
}

/**
 * What `tessera retention run --apply` does for each retention key of the catalog (SPEC §4.8):
 * - SCRUB_TEXT: clear the catalog's free-text fields (mask TEXT) carrying that key on rows older
 *   than the period; the rows stay, so counts and trends are unchanged;
 * - DELETE_ROWS: delete rows older than the period, target by target in the order listed (rows
 *   that belong to another target's rows first);
 * - ERASE_CUSTOMERS: anonymise customers closed for longer than the period, exactly as an
 *   ERASURE request does (legal holds included);
 * - NONE: nothing for the run to do, and `note` says why.
 */
export type RetentionRule =
  | { action: "SCRUB_TEXT"; target: RetentionTarget & { type: CatalogType }; note: string }
  | { action: "DELETE_ROWS"; targets: RetentionTarget[]; note: string }
  | { action: "ERASE_CUSTOMERS"; note: string }
  | { action: "NONE"; note: string };

/** A delivery is settled once DELIVERED or DEAD; a PENDING one (due, retrying or replayed) is never removed. */
const settledDeliveries: RetentionTarget = {
  type: "WebhookDelivery",
  table: webhookDeliveries,
  keys: [webhookDeliveries.id],
  customerId: webhookDeliveries.customerId,
  // Its last outcome: a replayed delivery counts again from when it was delivered or dead-lettered anew.
  age: sql`coalesce(${webhookDeliveries.deliveredAt}, ${webhookDeliveries.lastAttemptAt}, ${webhookDeliveries.createdAt})`,
  scope: sql`${webhookDeliveries.status} <> 'PENDING'`,
};

export const RETENTION_RULES: Record<RetentionKey, RetentionRule> = {
  PROFILE: {
    action: "ERASE_CUSTOMERS",
    note: "anonymise customers CLOSED longer than the period (their last update counts as the closing), as an ERASURE request would",
  },
  INTERACTION_TEXT: {
    action: "SCRUB_TEXT",
    target: { type: "Interaction", table: interactions, keys: [interactions.id], customerId: interactions.customerId, age: interactions.occurredAt },
    note: "clear the free text of older interactions; the rows stay for aggregates",
  },
  USAGE: {
    action: "DELETE_ROWS",
    targets: [
      {
        type: "UsageMonth",
        table: usageMonths,
        keys: [usageMonths.customerId, usageMonths.month],
        customerId: usageMonths.customerId,
        age: usageMonths.month,
        // The longest billing hold runs from the end of the month: no shorter policy may cut into it.
        floorMonths: LEGAL_HOLD.unpaidMonths + 1,
      },
    ],
    note: "delete older billing months; a month under a legal hold is never deleted",
  },
  FEEDBACK: {
    action: "SCRUB_TEXT",
    target: { type: "Feedback", table: feedback, keys: [feedback.id], customerId: feedback.customerId, age: feedback.submittedAt },
    note: "clear comments and survey answers of older feedback; scores stay",
  },
  CASE: {
    action: "SCRUB_TEXT",
    target: {
      type: "Case",
      table: cases,
      keys: [cases.id],
      customerId: cases.customerId,
      age: sql`coalesce(${cases.closedAt}, ${cases.resolvedAt}, ${cases.openedAt})`,
      scope: sql`${cases.status} = 'CLOSED'`,
    },
    note: "clear subject and resolution of cases closed longer ago than the period; category, timing and satisfaction stay",
  },
  CONSENT: {
    action: "NONE",
    note: "nothing to do: expired consents stop counting at read time, and the ledger is kept as proof of what was agreed",
  },
  AUDIT: {
    action: "NONE",
    note: "never touched here: audit_events is append-only; at the end of the period whole monthly partitions are dropped",
  },
  DERIVED: { action: "NONE", note: "nothing to do: derived data (insight, care tasks) is recomputed from the data above, so it never outlives its sources" },
  WEBHOOK_DELIVERY: {
    action: "DELETE_ROWS",
    targets: [
      settledDeliveries,
      {
        type: "OutboxEvent",
        table: outboxEvents,
        keys: [outboxEvents.id],
        customerId: outboxEvents.customerId,
        age: outboxEvents.occurredAt,
        // Deleting an event cascades to its deliveries: it waits for the last one (pending, or settled within the period).
        heldBy: { target: settledDeliveries, on: eq(webhookDeliveries.eventId, outboxEvents.id) },
      },
    ],
    note: "delete delivered and dead webhook deliveries settled longer ago than the period (the replay window), then older outbox events none of whose deliveries is left; a pending delivery and its event are never deleted",
  },
};

/** Placeholder for expired free text in columns that cannot be null (a case subject). */
export const EXPIRED_TEXT = "[expired]";

/** `now` minus whole calendar months (UTC), the day clamped to the month's length (31 March − 1 = 28/29 February). */
export function monthsBefore(now: Date, months: number): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(now);
  d.setUTCFullYear(y, m, Math.min(now.getUTCDate(), lastDay));
  return d;
}
