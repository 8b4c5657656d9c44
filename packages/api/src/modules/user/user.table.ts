import { boolean, integer, pgEnum, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const role = pgEnum("role", ["ADMIN", "STEWARD", "AGENT", "ANALYST", "AUDITOR"]);

/** Console users. Passwords are scrypt hashes (`scrypt$N$r$p$salt$hash`), never stored in clear. */
export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  username: text("username").notNull().unique(),
  displayName: text("display_name"),
  role: role("role").notNull(),
  /**
   * The highest customer security level (1 normal … 5 highest, Customer.securityLevel) this user
   * may open: records above it do not exist for them (privacy/scope.ts customerCondition).
   */
  clearance: smallint("clearance").notNull().default(1),
  passwordHash: text("password_hash").notNull(),
  failedLogins: integer("failed_logins").notNull().default(0),
  lockedUntil: timestamp("locked_until", { withTimezone: true, precision: 3 }),
  lastLoginAt: timestamp("last_login_at", { withTimezone: true, precision: 3 }),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  disabledAt: timestamp("disabled_at", { withTimezone: true, precision: 3 }),
  /**
   * Bumped whenever the user's access shrinks or their credentials change (disable, role change,
   * password change); a session token carries the version it was issued under and dies with it.
   */
  sessionVersion: integer("session_version").notNull().default(0),
  /** Created with a role that reads personal data and not yet approved by a second admin (four eyes). */
  awaitingApproval: boolean("awaiting_approval").notNull().default(false),
  /**
   * An admin set a temporary password (resetUserPassword): the admin knows it, so until the user
   * chooses their own (changePassword) their sessions may only change it (privacy/permissions.ts).
   */
  mustChangePassword: boolean("must_change_password").notNull().default(false),
});

export type UserRow = typeof users.$inferSelect;
