import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { purpose } from "../consent/consent.table.js";
import { partnerApps } from "../partner/partner.table.js";
import { segments } from "../segment/segment.table.js";

/**
 * PENDING: asked for, waiting for a second admin (four eyes: publishing discloses segment
 * membership to a partner); PUBLISHED: the partner reads it; UNPUBLISHED: withdrawn (kept as a record).
 */
export const audienceStatus = pgEnum("audience_status", ["PENDING", "PUBLISHED", "UNPUBLISHED"]);

/** A segment published to a partner app under one purpose the partner holds (issue 14 item 4). */
export const audiences = pgTable(
  "audiences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    segmentId: uuid("segment_id")
      .notNull()
      .references(() => segments.id, { onDelete: "cascade" }),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => partnerApps.id, { onDelete: "cascade" }),
    purpose: purpose("purpose").notNull(),
    status: audienceStatus("status").notNull().default("PENDING"),
    requestedBy: text("requested_by").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true, precision: 3 }),
    unpublishedAt: timestamp("unpublished_at", { withTimezone: true, precision: 3 }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // One live publication of a segment per partner and purpose.
    uniqueIndex("audiences_live_idx").on(t.segmentId, t.partnerId, t.purpose).where(sql`${t.status} <> 'UNPUBLISHED'`),
    index("audiences_partner_idx").on(t.partnerId, t.status),
  ],
);

/**
 * The members the partner was last told about (ids only): the snapshot membership changes are
 * diffed against, so entering or leaving emits AUDIENCE_MEMBER_ADDED / _REMOVED exactly once.
 * Reads never use it: members are evaluated live, so a withdrawal hides a member at once.
 */
export const audienceMembers = pgTable(
  "audience_members",
  {
    audienceId: uuid("audience_id")
      .notNull()
      .references(() => audiences.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").notNull(),
    addedAt: timestamp("added_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.audienceId, t.customerId] }), index("audience_members_customer_idx").on(t.customerId)],
);

export type AudienceRow = typeof audiences.$inferSelect;
