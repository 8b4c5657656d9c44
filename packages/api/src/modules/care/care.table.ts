import { date, integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { customers } from "../customer/customer.table.js";

/**
 * The work state of a computed care task (tasks themselves are derived from the record, care.queries.ts):
 * who it is assigned to and until when it is snoozed. Keyed by the task's natural key; `due_on` is null
 * for kinds due every day until handled (care.rules `RECURRING_KINDS`), so their state survives the day.
 * Completing a task logs an interaction (which is what closes it) and deletes its state row.
 */
export const careTaskStates = pgTable(
  "care_task_states",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    dueOn: date("due_on", { mode: "string" }),
    /** Hidden from the queue until this day (exclusive: it shows again on that day). */
    snoozedUntil: date("snoozed_until", { mode: "string" }),
    /** Username of the staff member the task is assigned to. */
    assignee: text("assignee"),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedBy: text("updated_by"),
  },
  (t) => [unique("care_task_states_task").on(t.customerId, t.kind, t.dueOn).nullsNotDistinct()],
);

export type CareTaskStateRow = typeof careTaskStates.$inferSelect;
