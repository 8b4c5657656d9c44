import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * What a grant request widens: a console user's role or clearance (the security levels they may
 * open), a partner app's purposes/fields/capabilities, or a segment's membership disclosed to a
 * partner (an audience).
 */
export const grantKind = pgEnum("grant_kind", ["USER_ROLE", "PARTNER_ACCESS", "AUDIENCE", "USER_CLEARANCE"]);
export const grantStatus = pgEnum("grant_status", ["PENDING", "APPROVED", "REJECTED"]);

/**
 * Four eyes (issue 10 item 9): a change that widens access to personal data waits here until a
 * second, different admin approves it. `current` is the target's access when asked, `proposed` the
 * access it would get; neither holds customer data.
 */
export const grantRequests = pgTable(
  "grant_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: grantKind("kind").notNull(),
    /** The user or partner app the grant is for. */
    targetId: uuid("target_id").notNull(),
    targetName: text("target_name").notNull(),
    current: jsonb("current").$type<Record<string, unknown> | null>(),
    proposed: jsonb("proposed").$type<Record<string, unknown>>().notNull(),
    status: grantStatus("status").notNull().default("PENDING"),
    requestedById: text("requested_by_id").notNull(),
    requestedBy: text("requested_by").notNull(),
    decidedById: text("decided_by_id"),
    decidedBy: text("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true, precision: 3 }),
    reason: text("reason"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("grant_requests_status_idx").on(t.status, t.createdAt)],
);

export type GrantRequestRow = typeof grantRequests.$inferSelect;
