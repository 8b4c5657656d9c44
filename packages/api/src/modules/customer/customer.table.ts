import { sql } from "drizzle-orm";
import { boolean, date, index, integer, pgEnum, pgTable, smallint, text, timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";

export const customerKind = pgEnum("customer_kind", ["INDIVIDUAL", "FAMILY", "ENTERPRISE", "GOVERNMENT"]);
export const customerStatus = pgEnum("customer_status", ["PROSPECT", "ACTIVE", "SUSPENDED", "CLOSED"]);
export const gender = pgEnum("gender", ["FEMALE", "MALE", "OTHER", "UNDISCLOSED"]);
/** The privacy law that governs a customer's data (its legal bases, DSR deadlines). */
export const jurisdiction = pgEnum("dsr_jurisdiction", ["GDPR", "PIPL"]);
export const specialCareFlag = pgEnum("special_care_flag", ["ELDERLY", "DISABLED", "LIVES_ALONE"]);

export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    version: integer("version").notNull().default(1),
    kind: customerKind("kind").notNull(),
    status: customerStatus("status").notNull().default("ACTIVE"),
    name: text("name").notNull(),
    phone: text("phone"),
    email: text("email"),
    nationalId: text("national_id"),
    birthDate: date("birth_date", { mode: "string" }),
    gender: gender("gender"),
    address: text("address"),
    city: text("city"),
    region: text("region"),
    occupation: text("occupation"),
    language: text("language").notNull().default("zh-CN"),
    specialCare: specialCareFlag("special_care").array().notNull().default(sql`'{}'`),
    securityLevel: smallint("security_level").notNull().default(1),
    accountManager: text("account_manager"),
    jurisdiction: jurisdiction("jurisdiction").notNull().default("PIPL"),
    /** The customer's id in the operator's CRM or billing system: the natural key of feeds and imports. */
    externalId: text("external_id").unique(),
    processingRestricted: boolean("processing_restricted").notNull().default(false),
    erasedAt: timestamp("erased_at", { withTimezone: true, precision: 3 }),
    /** Set when this record was merged into another (identity/merge.service.ts): the record is then a tombstone. */
    mergedInto: uuid("merged_into").references((): AnyPgColumn => customers.id),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // Keyset orderings of the customer list: (sort key, id) so the cursor is total.
    index("customers_created_at_id_idx").on(t.createdAt, t.id),
    index("customers_updated_at_id_idx").on(t.updatedAt, t.id),
    index("customers_name_id_idx").on(t.name, t.id),
    index("customers_region_created_idx").on(t.region, t.createdAt, t.id),
    index("customers_kind_status_idx").on(t.kind, t.status),
    index("customers_phone_idx").on(t.phone),
    index("customers_email_lower_idx").on(sql`lower(${t.email})`),
    // Text search over name/phone/email uses trigram indexes (substring match at scale).
    index("customers_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    index("customers_phone_trgm_idx").using("gin", sql`${t.phone} gin_trgm_ops`),
    index("customers_email_trgm_idx").using("gin", sql`${t.email} gin_trgm_ops`),
  ],
);

export type CustomerRow = typeof customers.$inferSelect;
export type NewCustomerRow = typeof customers.$inferInsert;
