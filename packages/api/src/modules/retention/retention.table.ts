import type { RetentionKey } from "@tessera/schema/catalog";
import { integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** The catalog's retention keys; the type below fails to compile if the catalog gains one not listed here. */
export const RETENTION_KEYS = ["PROFILE", "INTERACTION_TEXT", "USAGE", "FEEDBACK", "CASE", "CONSENT", "AUDIT", "DERIVED", "WEBHOOK_DELIVERY"] as const satisfies readonly RetentionKey[];
export type AllRetentionKeysListed = [Exclude<RetentionKey, (typeof RETENTION_KEYS)[number]>] extends [never] ? true : never;
const _allListed: AllRetentionKeysListed = true;
void _allListed;

export const retentionKey = pgEnum("retention_key", RETENTION_KEYS);

/**
 * How long each retention class of the catalog is kept (SPEC §4.8). Defaults are inserted by the
 * migration; `tessera retention run` reads them. A null period means no time limit applies to
 * that class here (see `basis`).
 */
export const retentionPolicies = pgTable("retention_policies", {
  key: retentionKey("key").primaryKey(),
  periodMonths: integer("period_months"),
  /** What the period counts from, in words. */
  basis: text("basis").notNull(),
  description: text("description").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export type RetentionPolicyRow = typeof retentionPolicies.$inferSelect;
