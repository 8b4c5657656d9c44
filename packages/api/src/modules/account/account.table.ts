import { sql } from "drizzle-orm";
import { date, index, integer, numeric, pgEnum, pgTable, text, timestamp, unique, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { customers } from "../customer/customer.table.js";
import { billedService } from "../usage/usage.table.js";
import { KEY_ACCOUNT_TIERS, RETENTION_ACTIONS, WARNING_CAUSES } from "./account.rules.js";

export const keyAccountTier = pgEnum("key_account_tier", KEY_ACCOUNT_TIERS);
export const accountWarningStatus = pgEnum("account_warning_status", ["OPEN", "CLOSED"]);
export const accountWarningCause = pgEnum("account_warning_cause", WARNING_CAUSES);
export const retentionAction = pgEnum("retention_action", RETENTION_ACTIONS);

/**
 * A key account (大客户): an enterprise or government customer with its tier and dossier. The
 * hierarchy is group → branches (a branch names its group) → member lines (the subscriptions of
 * each account). The account manager is the customer's `account_manager` (one home).
 */
export const keyAccounts = pgTable(
  "key_accounts",
  {
    customerId: uuid("customer_id")
      .primaryKey()
      .references(() => customers.id, { onDelete: "cascade" }),
    version: integer("version").notNull().default(1),
    /** The group this account is a branch of; null for a group (or a stand-alone account). */
    groupId: uuid("group_id").references((): AnyPgColumn => customers.id, { onDelete: "set null" }),
    tier: keyAccountTier("tier").notNull(),
    networkStructure: text("network_structure"),
    equipment: text("equipment"),
    sites: text("sites").array().notNull().default(sql`'{}'`),
    technicalContactName: text("technical_contact_name"),
    technicalContactPhone: text("technical_contact_phone"),
    productsHeld: billedService("products_held").array().notNull().default(sql`'{}'`),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("key_accounts_group_idx").on(t.groupId)],
);

/**
 * An early warning and its cause-analysis task: opened when a key account's fee falls past the
 * line (account.rules.ts WARNING_RULE), assigned to the account manager, closed only with a
 * cause and a retention action. One per account, month and service (null: the total).
 */
export const accountWarnings = pgTable(
  "account_warnings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    version: integer("version").notNull().default(1),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    month: date("month", { mode: "string" }).notNull(),
    service: billedService("service"),
    reference: numeric("reference", { precision: 12, scale: 2, mode: "number" }),
    amount: numeric("amount", { precision: 12, scale: 2, mode: "number" }),
    dropPercent: numeric("drop_percent", { precision: 5, scale: 1, mode: "number" }),
    /** The account manager when the warning opened: the task is theirs. */
    accountManager: text("account_manager"),
    status: accountWarningStatus("status").notNull().default("OPEN"),
    cause: accountWarningCause("cause"),
    retentionAction: retentionAction("retention_action"),
    note: text("note"),
    openedAt: timestamp("opened_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true, precision: 3 }),
    closedBy: text("closed_by"),
  },
  (t) => [
    unique("account_warnings_once").on(t.customerId, t.month, t.service).nullsNotDistinct(),
    index("account_warnings_manager_idx").on(t.accountManager, t.status),
  ],
);

export type KeyAccountRow = typeof keyAccounts.$inferSelect;
export type AccountWarningRow = typeof accountWarnings.$inferSelect;
