import { systemAudit, type AuditCollector } from "../../audit/audit.collector.js";
import type { DbOrTx } from "../../db/client.js";
import type { Context } from "../../graphql/context.js";
import { AppError, BadInputError, ConflictError, ErrorCode, NotFoundError } from "../../graphql/errors.js";
import { hashPassword, verifyPassword } from "../../lib/password.js";
import { InputValidator } from "../../lib/validation.js";
import type { Principal, Role } from "../../privacy/principal.js";
import type { SessionClaims } from "../../privacy/tokens.js";
import { claimLoginAttempt, insertUser, recordSuccessfulLogin, selectUserById, selectUserByUsername, selectUsers, updateUserAccess } from "./user.queries.js";
import type { UserRow } from "./user.table.js";

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
const USERNAME = /^[a-z][a-z0-9._-]{1,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Same scrypt parameters as a real hash: an unknown, disabled or locked user costs one full scrypt
// run like a wrong password, so timing does not tell existing usernames from unknown ones.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

function invalidCredentials() {
  return new AppError(ErrorCode.UNAUTHENTICATED, "Invalid username or password");
}

/** May this user hold a session at all? (Disabled users and users awaiting a second admin may not.) */
function mayLogIn(user: UserRow): boolean {
  return !user.disabledAt && !user.awaitingApproval;
}

/**
 * Password login. Every path runs exactly one scrypt (against a dummy hash when there is no
 * account to check) and no path waits longer than another (a per-account back-off would tell
 * existing names from unknown ones). The attempt is spent before the password is checked
 * (claimLoginAttempt), so concurrent guesses cannot outrun the lock: the LOCK_AFTER_FAILURES-th
 * failure locks the account for LOCK_MINUTES; the rate limiter bounds guessing across accounts.
 */
export async function login(ctx: Context, username: string, password: string) {
  const found = await selectUserByUsername(ctx.db, username.trim().toLowerCase());
  const user = found && mayLogIn(found) ? found : undefined;
  const attempt = user && (await claimLoginAttempt(ctx.db, user.id, LOCK_AFTER_FAILURES, LOCK_MINUTES));
  const ok = await verifyPassword(password, attempt ? attempt.passwordHash : DUMMY_HASH);
  if (attempt && ok) {
    await recordSuccessfulLogin(ctx.db, attempt.id);
    await ctx.audit.write(ctx.db, { action: "LOGIN", operation: "login", customerIds: [], fields: [] }, { principal: userPrincipal(attempt) });
    const session = await ctx.tokens.issue({ userId: attempt.id, username: attempt.username, role: attempt.role, sessionVersion: attempt.sessionVersion });
    return { ...session, user: attempt };
  }
  const reason = !user ? "unknown or disabled user" : !attempt ? "account locked" : "wrong password";
  // The attempted name is not recorded: people type passwords into the username field.
  await ctx.audit.write(
    ctx.db,
    { action: "LOGIN_FAILED", operation: "login", customerIds: [], fields: [], changes: [{ field: "reason", before: null, after: reason }] },
    user ? { principal: userPrincipal(user) } : undefined,
  );
  if (user && !attempt) {
    const lockedUntil = (await selectUserById(ctx.db, user.id))?.lockedUntil ?? new Date();
    throw new AppError(ErrorCode.RATE_LIMITED, `Too many failed logins; try again after ${lockedUntil.toISOString()}`, { retryAfter: lockedUntil.toISOString() });
  }
  throw invalidCredentials();
}

/**
 * The principal of a console session, checked against the user's current state on every request
 * (one primary-key read): a deleted, disabled or not-yet-approved user, or a session issued before
 * the user's last access change (sessionVersion), is refused; the role is the current one.
 */
export async function authenticateSession(db: DbOrTx, claims: SessionClaims): Promise<Principal | undefined> {
  if (!UUID.test(claims.userId)) return undefined;
  const user = await selectUserById(db, claims.userId);
  if (!user || !mayLogIn(user) || user.sessionVersion !== claims.sessionVersion) return undefined;
  return userPrincipal(user);
}

export function listUsers(ctx: Context) {
  return selectUsers(ctx.db);
}

function userPrincipal(user: UserRow): Principal & { kind: "USER" } {
  return { kind: "USER", id: user.id, name: user.username, role: user.role, clearance: user.clearance };
}

/** Creates a console user; `by` records who did it (the system principal when omitted: CLI, demo). */
export async function createUser(
  db: DbOrTx,
  input: { username: string; role: Role; password: string; displayName?: string | null; awaitingApproval?: boolean; clearance?: number },
  by: AuditCollector = systemAudit("createUser"),
): Promise<UserRow> {
  const v = new InputValidator("");
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) v.fail("username", "must be 2–63 characters: a letter, then letters, digits, '.', '_' or '-'");
  if (input.password.length < 10) v.fail("password", "must be at least 10 characters");
  v.intRange("clearance", input.clearance, 1, 5);
  v.done();
  if (await selectUserByUsername(db, username)) throw new ConflictError(`User ${username} already exists`, { field: "username" });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const created = await insertUser(tx, { username, role: input.role, displayName: input.displayName ?? null, passwordHash, awaitingApproval: input.awaitingApproval ?? false, clearance: input.clearance ?? 1 });
    // Never the password or its hash.
    await by.write(tx, {
      action: "ADMIN",
      customerIds: [],
      fields: [],
      changes: [
        { field: "user", before: null, after: created.id },
        { field: "username", before: null, after: created.username },
        { field: "role", before: null, after: created.role },
        { field: "clearance", before: null, after: created.clearance },
        ...(created.awaitingApproval ? [{ field: "awaitingApproval", before: null, after: true }] : []),
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

function accessAudit(user: UserRow, changes: { field: string; before: unknown; after: unknown }[]) {
  return { action: "ADMIN" as const, customerIds: [], fields: [], changes: [{ field: "user", before: user.id, after: user.id }, ...changes] };
}

export async function existingUser(db: DbOrTx, id: string): Promise<UserRow> {
  const user = UUID.test(id) ? await selectUserById(db, id) : undefined;
  if (!user) throw new NotFoundError("User", id);
  return user;
}

/** Disables a console user: their sessions end at their next request. */
export async function disableUser(db: DbOrTx, id: string, by: AuditCollector): Promise<UserRow> {
  const user = await existingUser(db, id);
  if (user.disabledAt) return user;
  return db.transaction(async (tx) => {
    const updated = (await updateUserAccess(tx, id, { disabledAt: new Date() }))!;
    await by.write(tx, accessAudit(user, [{ field: "disabledAt", before: null, after: updated.disabledAt }]));
    return updated;
  });
}

/** Applies a role change now (callers decide whether it needs a second admin first: grant.service). */
export async function applyUserRole(db: DbOrTx, user: UserRow, role: Role, by: AuditCollector): Promise<UserRow> {
  const updated = (await updateUserAccess(db, user.id, { role }))!;
  await by.write(db, accessAudit(user, [{ field: "role", before: user.role, after: role }]));
  return updated;
}

/** The caller's own password: checks the current one, ends every other session, answers a new one. */
export async function changePassword(ctx: Context, currentPassword: string, newPassword: string) {
  const p = ctx.principal;
  const user = p.kind === "USER" ? await selectUserById(ctx.db, p.id) : undefined;
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) throw BadInputError.field("currentPassword", "is not your current password");
  const v = new InputValidator("");
  if (newPassword.length < 10) v.fail("newPassword", "must be at least 10 characters");
  v.done();
  const passwordHash = await hashPassword(newPassword);
  const updated = await ctx.db.transaction(async (tx) => {
    const row = (await updateUserAccess(tx, user.id, { passwordHash }))!;
    // Never the password or its hash: only that it changed.
    await ctx.audit.write(tx, accessAudit(user, [{ field: "password", before: null, after: "changed" }]));
    return row;
  });
  const session = await ctx.tokens.issue({ userId: updated.id, username: updated.username, role: updated.role, sessionVersion: updated.sessionVersion });
  return { ...session, user: updated };
}
