import { setTimeout as sleep } from "node:timers/promises";
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
    throw invalidCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    throw new AppError(ErrorCode.RATE_LIMITED, `Too many failed logins; try again after ${user.lockedUntil.toISOString()}`, {
      retryAfter: user.lockedUntil.toISOString(),
    });
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    const after = await recordFailedLogin(ctx.db, user.id, LOCK_AFTER_FAILURES, LOCK_MINUTES);
    await ctx.audit.write(ctx.db, { action: "LOGIN_FAILED", operation: "login", customerIds: [], fields: [] });
    await sleep(Math.min(2_000, 100 * 2 ** Math.min(after.failedLogins, 5)));
    throw invalidCredentials();
  }
  await recordSuccessfulLogin(ctx.db, user.id);
  const session = await ctx.tokens.issue({ userId: user.id, username: user.username, role: user.role });
  return { ...session, user };
}

export function listUsers(ctx: Context) {
  return selectUsers(ctx.db);
}

export async function createUser(db: DbOrTx, input: { username: string; role: Role; password: string; displayName?: string | null }): Promise<UserRow> {
  const v = new InputValidator("");
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) v.fail("username", "must be 2–63 characters: a letter, then letters, digits, '.', '_' or '-'");
  if (input.password.length < 10) v.fail("password", "must be at least 10 characters");
  v.done();
  if (await selectUserByUsername(db, username)) throw new ConflictError(`User ${username} already exists`, { field: "username" });
  return insertUser(db, { username, role: input.role, displayName: input.displayName ?? null, passwordHash: await hashPassword(input.password) });
}

export function assertRole(value: string): Role {
  const roles = ["ADMIN", "STEWARD", "AGENT", "ANALYST", "AUDITOR"];
  if (!roles.includes(value)) throw BadInputError.field("role", `must be one of ${roles.join(", ")}`);
  return value as Role;
}
