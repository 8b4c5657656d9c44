import { boolean, index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { purpose } from "../consent/consent.table.js";

/**
 * What a partner app may do besides reading under its purposes. INTEGRATION: it is a feeding
 * system (billing, CRM) and may call the feed mutations (upsertCustomers, recordUsage, …).
 * The write capabilities make it a channel app (issue 14, docs/partners.md): OPEN_CASE,
 * LOG_INTERACTION, SUBMIT_FEEDBACK and RECORD_CONSENT each allow the one mutation of that name,
 * for customers visible to the app, through the APP channel. Access is decided in
 * privacy/permissions.ts; granting any of them waits for a second admin (modules/grant).
 */
export const partnerCapability = pgEnum("partner_capability", ["INTEGRATION", "OPEN_CASE", "LOG_INTERACTION", "SUBMIT_FEEDBACK", "RECORD_CONSENT"]);

/** A partner application: which purposes it may declare and which catalog fields it may read. */
export const partnerApps = pgTable("partner_apps", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  allowedPurposes: purpose("allowed_purposes").array().notNull(),
  /** Catalog fields as `Type.field` (or `Type.*`). */
  fieldAllowlist: text("field_allowlist").array().notNull(),
  /** Capabilities beyond reading (distinct from purposes): INTEGRATION for feeding systems, the write capabilities for channel apps. */
  capabilities: partnerCapability("capabilities").array().notNull().default(sql`'{}'`),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  /** Created through the API and not yet approved by a second admin (four eyes): its keys do not authenticate. */
  awaitingApproval: boolean("awaiting_approval").notNull().default(false),
});

/** API keys `tsk_<keyId>_<secret>`: only the sha-256 of the secret is stored. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    keyId: text("key_id").notNull().unique(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partnerApps.id, { onDelete: "cascade" }),
    secretHash: text("secret_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, precision: 3 }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [index("api_keys_partner_idx").on(t.partnerId)],
);

export type PartnerAppRow = typeof partnerApps.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
