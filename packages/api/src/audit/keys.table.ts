import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { customers } from "../modules/customer/customer.table.js";

/**
 * One random data key per customer, stored only wrapped (AES-256-GCM) under the master key,
 * which is never in the database (audit/keys.ts). Audit `changes` hash personal values under
 * it; erasure deletes the row (crypto-shredding).
 */
export const customerKeys = pgTable("customer_keys", {
  customerId: uuid("customer_id")
    .primaryKey()
    .references(() => customers.id, { onDelete: "cascade" }),
  /** base64(iv ‖ ciphertext ‖ tag); the customer id is the authenticated data. */
  wrapped: text("wrapped").notNull(),
  /** Fingerprint of the master key that wrapped it (rotation re-wraps every row). */
  masterKeyId: text("master_key_id").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** Keys of the system (the audit chain key, the key of personal values owned by no customer), wrapped like customer keys. */
export const systemKeys = pgTable("system_keys", {
  name: text("name").primaryKey(),
  wrapped: text("wrapped").notNull(),
  masterKeyId: text("master_key_id").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
