import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { SegmentNode } from "./segment.definition.js";

/**
 * Stored segments: a filter tree over profile and insight fields (segment.definition.ts), and
 * the member count at the last refresh. Members are evaluated live, in one statement.
 */
export const segments = pgTable(
  "segments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    definition: jsonb("definition").$type<SegmentNode>().notNull(),
    memberCount: integer("member_count").notNull().default(0),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("segments_created_idx").on(t.createdAt, t.id)],
);

export type SegmentRow = typeof segments.$inferSelect;
