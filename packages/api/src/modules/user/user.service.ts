import { setTimeout as sleep } from "node:timers/promises";
import { systemAudit, type AuditCollector } from "../../audit/audit.collector.js";
import type { DbOrTx } from "../../db/client.js";
import type { Context } from "../../graphql/context.js";
import { AppError, BadInputError, ConflictError, ErrorCode } from "../../graphql/errors.js";
import { hashPassword, verifyPassword } from "../../lib/password.js";
import { InputValidator } from "../../lib/validation.js";
import type { Role } from "../../privacy/principal.js";
import { insertUser, recordFailedLogin, recordSuccessfulLogin, selectUserByUsername, selectUsers } from "./user.queries.js";
import type { UserRow } from "./user.table.js";

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
const USERNAME = /^[a-z][a-z0-9._-]{1,62}$/;
// Hash of a random password: failed look-ups spend the same time as wrong passwords.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

function invalidCredentials() {
  return new AppError(ErrorCode.UNAUTHENTICATED, "Invalid username or password");
}

/**
 * Password login. Each failure answers a little later than the last (up to 2 s), and the
 * LOCK_AFTER_FAILURES-th locks the account for LOCK_MINUTES: guessing becomes impractical.
 */
export async function login(ctx: Context, username: string, password: string) {
  const user = await selectUserByUsername(ctx.db, username.trim().toLowerCase());
  if (!user || user.disabledAt) {
    await verifyPassword(password, DUMMY_HASH);
    // The attempted name is not recorded: people type passwords into the username field.
    await ctx.audit.write(ctx.db, { action: "LOGIN_FAILED", operation: "login", customerIds: [], fields: [], changes: [{ field: "reason", before: null, after: "unknown or disabled user" }] });
    throw invalidCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    throw new AppError(ErrorCode.RATE_LIMITED, `Too many failed logins; try again after ${user.lockedUntil.toISOString()}`, {
      retryAfter: user.lockedUntil.toISOString(),
    });
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    const after = await recordFailedLogin(ctx.db, user.id, LOCK_AFTER_FAILURES, LOCK_MINUTES);
    await ctx.audit.write(ctx.db, { action: "LOGIN_FAILED", operation: "login", customerIds: [], fields: [], changes: [{ field: "reason", before: null, after: "wrong password" }] }, { principal: userPrincipal(user) });
    await sleep(Math.min(2_000, 100 * 2 ** Math.min(after.failedLogins, 5)));
    throw invalidCredentials();
  }
  await recordSuccessfulLogin(ctx.db, user.id);
  await ctx.audit.write(ctx.db, { action: "LOGIN", operation: "login", customerIds: [], fields: [] }, { principal: userPrincipal(user) });
  const session = await ctx.tokens.issue({ userId: user.id, username: user.username, role: user.role });
  return { ...session, user };
}

export function listUsers(ctx: Context) {
  return selectUsers(ctx.db);
}

function userPrincipal(user: UserRow) {
  return { kind: "USER" as const, id: user.id, name: user.username, role: user.role };
}

/** Creates a console user; `by` records who did it (the system principal when omitted: CLI, demo). */
export async function createUser(
  db: DbOrTx,
  input: { username: string; role: Role; password: string; displayName?: string | null },
  by: AuditCollector = systemAudit("createUser"),
): Promise<UserRow> {
  const v = new InputValidator("");
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) v.fail("username", "must be 2–63 characters: a letter, then letters, digits, '.', '_' or '-'");
  if (input.password.length < 10) v.fail("password", "must be at least 10 characters");
  v.done();
  if (await selectUserByUsername(db, username)) throw new ConflictError(`User ${username} already exists`, { field: "username" });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const created = await insertUser(tx, { username, role: input.role, displayName: input.displayName ?? null, passwordHash });
    // Never the password or its hash.
    await by.write(tx, {
      action: "ADMIN",
      customerIds: [],
      fields: [],
      changes: [
        { field: "user", before: null, after: created.id },
        { field: "username", before: null, after: created.username },
        { field: "role", before: null, after: created.role },
      ],
    });
    return created;
  });
}

export function assertRole(value: string): Role {
  const roles = ["ADMIN", "STEWARD", "AGENT", "ANALYST", "AUDITOR"];
  if (!roles.includes(value)) throw BadInputError.field("role", `must be one of ${roles.join(", ")}`);
  return value as Role;
}
