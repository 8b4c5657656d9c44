import { problem } from "@tessera/schema/problems";
import { PASSWORD_MIN_LENGTH } from "@tessera/schema/limits";
import { systemAudit, type AuditCollector } from "../../audit/audit.collector.js";
import type { DbOrTx } from "../../db/client.js";
import type { Context } from "../../graphql/context.js";
import { AppError, BadInputError, ConflictError, ErrorCode, NotFoundError } from "../../graphql/errors.js";
import { hashPassword, verifyPassword } from "../../lib/password.js";
import { InputValidator } from "../../lib/validation.js";
import type { Principal, Role } from "../../privacy/principal.js";
import type { SessionClaims } from "../../privacy/tokens.js";
import { claimLoginAttempt, clearLockout, insertUser, recordSuccessfulLogin, selectUserById, selectUserByUsername, selectUsers, updateUserAccess } from "./user.queries.js";
import type { UserRow } from "./user.table.js";

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
export const MIN_PASSWORD = PASSWORD_MIN_LENGTH;
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
 * The principal of a console session, checked against the user's current state (one primary-key
 * read; server/principal-cache.ts keeps its answer until the users table changes): a deleted,
 * disabled or not-yet-approved user, or a session issued before the user's last access change
 * (sessionVersion), is refused; the role is the current one.
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
  return { kind: "USER", id: user.id, name: user.username, role: user.role, clearance: user.clearance, ...(user.mustChangePassword ? { mustChangePassword: true } : {}) };
}

/** Creates a console user; `by` records who did it (the system principal when omitted: CLI, demo). */
export async function createUser(
  db: DbOrTx,
  input: { username: string; role: Role; password: string; displayName?: string | null; awaitingApproval?: boolean; clearance?: number },
  by: AuditCollector = systemAudit("createUser"),
): Promise<UserRow> {
  const v = new InputValidator("");
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) v.fail("username", problem("USERNAME_FORMAT"));
  if (input.password.length < MIN_PASSWORD) v.fail("password", problem("TOO_SHORT", { min: MIN_PASSWORD }));
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
  if (!roles.includes(value)) throw BadInputError.field("role", problem("NOT_ONE_OF", { value, allowed: roles.join(", ") }));
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

/**
 * Enables a disabled user again. It restores the role and clearance they were already granted
 * (each through four eyes), adds none: it applies at once. Their old sessions stay ended (the
 * version moved when they were disabled); they sign in again.
 */
export async function enableUser(db: DbOrTx, id: string, by: AuditCollector): Promise<UserRow> {
  const user = await existingUser(db, id);
  if (!user.disabledAt) return user;
  return db.transaction(async (tx) => {
    const updated = (await updateUserAccess(tx, id, { disabledAt: null }))!;
    await by.write(tx, accessAudit(user, [{ field: "disabledAt", before: user.disabledAt, after: null }]));
    return updated;
  });
}

/**
 * An admin sets a temporary password for a user who forgot theirs. The admin knows it, so the user
 * must choose their own before doing anything else (mustChangePassword: their session may only
 * call changePassword and me); every session of the user ends (the version moves), and a lockout
 * is lifted so the temporary password can be used.
 */
export async function resetUserPassword(db: DbOrTx, id: string, temporaryPassword: string, by: AuditCollector): Promise<UserRow> {
  const v = new InputValidator("");
  if (temporaryPassword.length < MIN_PASSWORD) v.fail("temporaryPassword", problem("TOO_SHORT", { min: MIN_PASSWORD }));
  v.done();
  const user = await existingUser(db, id);
  const passwordHash = await hashPassword(temporaryPassword);
  return db.transaction(async (tx) => {
    await clearLockout(tx, id);
    const updated = (await updateUserAccess(tx, id, { passwordHash, mustChangePassword: true }))!;
    // Never the password or its hash: only that an admin reset it.
    await by.write(tx, accessAudit(user, [{ field: "password", before: null, after: "reset" }, { field: "mustChangePassword", before: user.mustChangePassword, after: true }]));
    return updated;
  });
}

/** Lifts a lockout after failed logins: the user may try again at once. Their access does not change. */
export async function unlockUser(db: DbOrTx, id: string, by: AuditCollector): Promise<UserRow> {
  const user = await existingUser(db, id);
  return db.transaction(async (tx) => {
    const updated = (await clearLockout(tx, id))!;
    await by.write(tx, accessAudit(user, [{ field: "lockedUntil", before: user.lockedUntil, after: null }, { field: "failedLogins", before: user.failedLogins, after: 0 }]));
    return updated;
  });
}

export function assertClearance(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 5) throw BadInputError.field("clearance", problem("NOT_AN_INTEGER_IN_RANGE", { min: 1, max: 5 }));
  return value;
}

/** Applies a clearance change now (callers decide whether it needs a second admin first: grant.service). */
export async function applyUserClearance(db: DbOrTx, user: UserRow, clearance: number, by: AuditCollector): Promise<UserRow> {
  const updated = (await updateUserAccess(db, user.id, { clearance }))!;
  await by.write(db, accessAudit(user, [{ field: "clearance", before: user.clearance, after: clearance }]));
  return updated;
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
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) throw BadInputError.field("currentPassword", problem("NOT_CURRENT_PASSWORD"));
  const v = new InputValidator("");
  if (newPassword.length < MIN_PASSWORD) v.fail("newPassword", problem("TOO_SHORT", { min: MIN_PASSWORD }));
  // A temporary password was chosen by an admin: keeping it would leave the admin able to sign in as this user.
  if (user.mustChangePassword && newPassword === currentPassword) v.fail("newPassword", problem("PASSWORD_UNCHANGED"));
  v.done();
  const passwordHash = await hashPassword(newPassword);
  const updated = await ctx.db.transaction(async (tx) => {
    const row = (await updateUserAccess(tx, user.id, { passwordHash, mustChangePassword: false }))!;
    // Never the password or its hash: only that it changed.
    await ctx.audit.write(tx, accessAudit(user, [{ field: "password", before: null, after: "changed" }]));
    return row;
  });
  const session = await ctx.tokens.issue({ userId: updated.id, username: updated.username, role: updated.role, sessionVersion: updated.sessionVersion });
  return { ...session, user: updated };
}
