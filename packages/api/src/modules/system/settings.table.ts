import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Installation-wide settings kept in the database so every replica agrees: the token-signing
 * secret when TESSERA_SECRET is unset, and whether this is a demo database.
 */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
