/**
 * User lifecycle for admins (issue 13 "the console for daily work": edit role, disable, reset
 * password, unlock, "with the four-eyes rule of the privacy-edges issue where it widens access";
 * docs/security.md "Four-eyes grants" and "Sessions").
 */
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../audit/audit.table.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers } from "../../test/builders.js";
import { createUser, LOCK_AFTER_FAILURES } from "./user.service.js";

const PASSWORD = "correct horse battery";
let app: TestApp;
let secret: string;
let second: { authorization: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  for (const [username, role] of [
    ["admin.two", "ADMIN"],
    ["cleared", "AGENT"],
    ["leaving", "AGENT"],
    ["forgot", "STEWARD"],
    ["locked", "AGENT"],
  ] as const) {
    ids[username] = (await createUser(app.database.db, { username, role, password: PASSWORD })).id;
  }
  // A government record at security level 3: it does not exist for a user cleared for 1.
  [secret] = await insertCustomers(app.database.db, 1, { kind: "GOVERNMENT", name: "市公安局", securityLevel: 3 });
  second = await sessionOf("admin.two");
  // Migrations plus six scrypt hashes and a login, on a shared machine.
}, 180_000);
afterAll(() => app.close());

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { mustChangePassword } } }`;
async function sessionOf(username: string, password = PASSWORD) {
  const res = await app.gql(LOGIN, { u: username, p: password }, { as: "ANONYMOUS" });
  if (!res.data?.login) throw new Error(`${username} cannot log in: ${JSON.stringify(res.errors)}`);
  return { authorization: `Bearer ${res.data.login.token}` };
}
const as = (headers: { authorization: string }) => ({ as: "ANONYMOUS" as const, headers });
const ME = `{ me { name role } }`;
const SECRET = `query($id: ID!) { customer(id: $id) { id } }`;
const pendingFor = async (targetId: string) =>
  (await app.gql(`{ pendingGrants { id kind targetId current proposed } }`, {}, { as: "ADMIN" })).data!.pendingGrants.filter((g: any) => g.targetId === targetId);
const userOf = async (id: string) => (await app.gql(`{ users { id role clearance disabledAt lockedUntil mustChangePassword } }`, {}, { as: "ADMIN" })).data!.users.find((u: any) => u.id === id);
const APPROVE = `mutation($id: ID!) { approveGrant(id: $id) { status } }`;
const CLEARANCE = `mutation($id: ID!, $c: Int!) { setUserClearance(userId: $id, clearance: $c) { clearance } }`;

describe("clearance: raising it waits for a second admin, lowering applies at once", () => {
  it("a clearance raised by one admin is not applied until a different admin approves; the requester cannot approve their own", async () => {
    const before = await sessionOf("cleared");
    expect((await app.gql(SECRET, { id: secret }, as(before))).data!.customer).toBeNull();

    const asked = await app.gql(CLEARANCE, { id: ids.cleared, c: 3 }, { as: "ADMIN" });
    expect(asked.data!.setUserClearance.clearance).toBe(1);
    const [grant] = await pendingFor(ids.cleared);
    expect(grant).toMatchObject({ kind: "USER_CLEARANCE", current: { clearance: 1 }, proposed: { clearance: 3 } });
    // Still level 1 while it waits: the record does not exist for the user.
    expect((await app.gql(SECRET, { id: secret }, as(before))).data!.customer).toBeNull();

    const own = await app.gql(APPROVE, { id: grant.id }, { as: "ADMIN" });
    expect(own.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await userOf(ids.cleared)).clearance).toBe(1);

    expect((await app.gql(APPROVE, { id: grant.id }, as(second))).data!.approveGrant.status).toBe("APPROVED");
    expect((await userOf(ids.cleared)).clearance).toBe(3);
    const after = await sessionOf("cleared");
    expect((await app.gql(SECRET, { id: secret }, as(after))).data!.customer).toEqual({ id: secret });
  }, 60_000);

  it("lowering a clearance applies at once, files no request, and the user's open session no longer finds the record", async () => {
    const session = await sessionOf("cleared");
    expect((await app.gql(SECRET, { id: secret }, as(session))).data!.customer).toEqual({ id: secret });
    const lowered = await app.gql(CLEARANCE, { id: ids.cleared, c: 2 }, { as: "ADMIN" });
    expect(lowered.data!.setUserClearance.clearance).toBe(2);
    expect(await pendingFor(ids.cleared)).toEqual([]);
    // The session ended with the access change; a new one is cleared for 2 only.
    expect((await app.gql(ME, {}, as(session))).errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect((await app.gql(SECRET, { id: secret }, as(await sessionOf("cleared")))).data!.customer).toBeNull();
  }, 60_000);

  it("a clearance outside 1–5 is refused naming the field", async () => {
    const res = await app.gql(CLEARANCE, { id: ids.cleared, c: 6 }, { as: "ADMIN" });
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(JSON.stringify(res.errors![0]!.extensions)).toContain("clearance");
  });
});

describe("disable and enable", () => {
  it("a disabled user's session ends at once; enabling lets them sign in again but does not revive the old session", async () => {
    const session = await sessionOf("leaving");
    expect((await app.gql(ME, {}, as(session))).data!.me.name).toBe("leaving");
    await app.gql(`mutation($id: ID!) { disableUser(userId: $id) { id } }`, { id: ids.leaving }, { as: "ADMIN" });
    const refused = await app.gql(ME, {}, as(session));
    expect([refused.status, refused.errors![0]!.extensions!.code]).toEqual([401, "UNAUTHENTICATED"]);
    const enabled = await app.gql(`mutation($id: ID!) { enableUser(userId: $id) { disabledAt role } }`, { id: ids.leaving }, { as: "ADMIN" });
    expect(enabled.data!.enableUser).toEqual({ disabledAt: null, role: "AGENT" });
    expect((await app.gql(ME, {}, as(session))).errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect((await app.gql(ME, {}, as(await sessionOf("leaving")))).data!.me.name).toBe("leaving");
  }, 60_000);
});

describe("reset password: an admin sets a temporary one, the user must choose their own", () => {
  const RESET = `mutation($id: ID!, $p: String!) { resetUserPassword(userId: $id, temporaryPassword: $p) { mustChangePassword } }`;

  it("the user's sessions end, the temporary password only lets them change it, and their own password restores everything", async () => {
    const old = await sessionOf("forgot");
    const reset = await app.gql(RESET, { id: ids.forgot, p: "temporary-passphrase" }, { as: "ADMIN" });
    expect(reset.data!.resetUserPassword.mustChangePassword).toBe(true);
    expect((await app.gql(ME, {}, as(old))).errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect((await app.gql(LOGIN, { u: "forgot", p: PASSWORD }, { as: "ANONYMOUS" })).errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");

    const login = await app.gql(LOGIN, { u: "forgot", p: "temporary-passphrase" }, { as: "ANONYMOUS" });
    expect(login.data!.login.user.mustChangePassword).toBe(true);
    const temporary = { authorization: `Bearer ${login.data!.login.token}` };
    expect((await app.gql(ME, {}, as(temporary))).data!.me.name).toBe("forgot");
    // The admin knows this password: nothing but changing it works.
    const read = await app.gql(`{ customers(first: 1) { totalCount } }`, {}, as(temporary));
    expect(read.errors![0]!.extensions).toMatchObject({ code: "FORBIDDEN", passwordChangeRequired: true });
    const same = await app.gql(`mutation { changePassword(currentPassword: "temporary-passphrase", newPassword: "temporary-passphrase") { token } }`, {}, as(temporary));
    expect(JSON.stringify(same.errors![0]!.extensions)).toContain("newPassword");

    const changed = await app.gql(`mutation { changePassword(currentPassword: "temporary-passphrase", newPassword: "my own passphrase") { token user { mustChangePassword } } }`, {}, as(temporary));
    expect(changed.data!.changePassword.user.mustChangePassword).toBe(false);
    const own = { authorization: `Bearer ${changed.data!.changePassword.token}` };
    expect((await app.gql(`{ customers(first: 1) { totalCount } }`, {}, as(own))).errors).toBeUndefined();
    expect((await app.gql(ME, {}, as(temporary))).errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  }, 60_000);

  it("the audit row says the password was reset, never the password", async () => {
    await app.gql(RESET, { id: ids.forgot, p: "another-temporary-1" }, { as: "ADMIN" });
    const [row] = await app.database.db.select().from(auditEvents).where(eq(auditEvents.operation, "resetUserPassword")).orderBy(desc(auditEvents.seq)).limit(1);
    expect(row!.principal).toBe("user:admin");
    expect(JSON.stringify(row!.changes)).toContain("reset");
    expect(JSON.stringify(row)).not.toContain("another-temporary-1");
  });

  it("a temporary password shorter than 10 characters is refused naming the field", async () => {
    const res = await app.gql(RESET, { id: ids.forgot, p: "short" }, { as: "ADMIN" });
    expect(JSON.stringify(res.errors![0]!.extensions)).toContain("temporaryPassword");
  });
});

describe("unlock", () => {
  it("after LOCK_AFTER_FAILURES wrong passwords the right one is refused until an admin unlocks the account", async () => {
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) await app.gql(LOGIN, { u: "locked", p: `wrong-${i}` }, { as: "ANONYMOUS" });
    expect((await app.gql(LOGIN, { u: "locked", p: PASSWORD }, { as: "ANONYMOUS" })).errors![0]!.extensions!.code).toBe("RATE_LIMITED");
    expect((await userOf(ids.locked)).lockedUntil).toBeTruthy();
    const unlocked = await app.gql(`mutation($id: ID!) { unlockUser(userId: $id) { lockedUntil } }`, { id: ids.locked }, { as: "ADMIN" });
    expect(unlocked.data!.unlockUser.lockedUntil).toBeNull();
    expect((await app.gql(LOGIN, { u: "locked", p: PASSWORD }, { as: "ANONYMOUS" })).data!.login.token).toBeTruthy();
    const [row] = await app.database.db.select().from(auditEvents).where(and(eq(auditEvents.operation, "unlockUser"), eq(auditEvents.action, "ADMIN"))).limit(1);
    expect(row!.principal).toBe("user:admin");
  }, 60_000);
});

describe("only admins manage users", () => {
  it.each(["enableUser", "unlockUser"])("%s is FORBIDDEN for a steward", async (mutation) => {
    const res = await app.gql(`mutation($id: ID!) { ${mutation}(userId: $id) { id } }`, { id: ids.locked }, { as: "STEWARD" });
    expect(res.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });
  it("setUserClearance and resetUserPassword are FORBIDDEN for a steward", async () => {
    expect((await app.gql(CLEARANCE, { id: ids.locked, c: 5 }, { as: "STEWARD" })).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const reset = await app.gql(`mutation($id: ID!) { resetUserPassword(userId: $id, temporaryPassword: "steward-chosen-1") { id } }`, { id: ids.locked }, { as: "STEWARD" });
    expect(reset.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });
});
