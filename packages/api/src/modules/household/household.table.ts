import { sql } from "drizzle-orm";
import { boolean, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { customers } from "../customer/customer.table.js";
import { plans } from "../subscription/subscription.table.js";
import { HOUSEHOLD_ROLES } from "./household.rules.js";

export const householdRole = pgEnum("household_role", HOUSEHOLD_ROLES);

/**
 * A household (家庭): a family account tying member lines together, optionally on a family plan.
 * The head is the member with role HEAD (household_members, one home); `version` moves with
 * every membership change so that concurrent edits of one family are refused, not interleaved.
 */
export const households = pgTable("households", {
  id: uuid("id").primaryKey().defaultRandom(),
  version: integer("version").notNull().default(1),
  /** What the family is called at the desk (e.g. "王家"): names people, catalogued, cleared when the head is erased. */
  name: text("name"),
  /** The family plan the household shares, if any. */
  planId: uuid("plan_id").references(() => plans.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/**
 * Membership of a customer in a household, current while `left_on` is null. Past memberships
 * stay as history. A customer is a current member of at most one household, and a household has
 * one current head (partial unique indexes: the database holds the rule under concurrency too).
 */
export const householdMembers = pgTable(
  "household_members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    role: householdRole("role").notNull(),
    /** A 亲情号码: calls between family numbers of the household are discounted or free. */
    familyNumber: boolean("family_number").notNull().default(false),
    joinedOn: date("joined_on", { mode: "string" }).notNull(),
    leftOn: date("left_on", { mode: "string" }),
  },
  (t) => [
    uniqueIndex("household_members_one_current").on(t.customerId).where(sql`${t.leftOn} is null`),
    uniqueIndex("household_members_one_head").on(t.householdId).where(sql`${t.role} = 'HEAD' and ${t.leftOn} is null`),
    index("household_members_household_idx").on(t.householdId, t.leftOn),
  ],
);

export type HouseholdRow = typeof households.$inferSelect;
export type HouseholdMemberRow = typeof householdMembers.$inferSelect;
