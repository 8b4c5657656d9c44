import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { verifyPassword } from "../../lib/password.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { createUser, LOCK_AFTER_FAILURES } from "./user.service.js";
import { users } from "./user.table.js";

// Counts scrypt runs (login timing is one scrypt per attempt, whatever the outcome).
vi.mock("../../lib/password.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../lib/password.js")>();
  return { ...original, verifyPassword: vi.fn(original.verifyPassword) };
});

let app: TestApp;
beforeAll(async () => {
  // Every login runs scrypt (tens of MB, ~0.1 s alone): 20 at once on a busy CI box outlast the default deadline.
  app = await startTestApp({ requestTimeoutMs: 120_000 });
  await createUser(app.database.db, { username: "steward", role: "STEWARD", password: "correct horse battery" });
  await createUser(app.database.db, { username: "victim", role: "AGENT", password: "correct horse battery" });
  await createUser(app.database.db, { username: "racer", role: "AGENT", password: "correct horse battery" });
  await createUser(app.database.db, { username: "leaver", role: "AGENT", password: "correct horse battery" });
  await createUser(app.database.db, { username: "boss", role: "ADMIN", password: "correct horse battery" });
  await createUser(app.database.db, { username: "forgetful", role: "AGENT", password: "correct horse battery" });
});
afterAll(() => app.close());

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { username role } } }`;

describe("console users", () => {
  it("log in with a password and use the session token as a bearer", async () => {
    const res = await app.gql(LOGIN, { u: "steward", p: "correct horse battery" }, { as: "ANONYMOUS" });
    expect(res.data!.login.user).toEqual({ username: "steward", role: "STEWARD" });
    const me = await app.gql(`{ me { kind name role purpose } }`, {}, { as: "ANONYMOUS", headers: { authorization: `Bearer ${res.data!.login.token}` } });
    expect(me.data!.me).toEqual({ kind: "USER", name: "steward", role: "STEWARD", purpose: "SERVICE" });
  });

  it("without a token only login works", async () => {
    const res = await app.gql(`{ customers { totalCount } }`, {}, { as: "ANONYMOUS" });
    expect(res.status).toBe(401);
    expect(res.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    const introspection = await app.gql(`{ __schema { queryType { name } } }`, {}, { as: "ANONYMOUS" });
    expect(introspection.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("a bad or tampered token is UNAUTHENTICATED", async () => {
    const bearer = await app.bearer("ADMIN");
    const tampered = await app.gql(`{ me { name } }`, {}, { as: "ANONYMOUS", headers: { authorization: `${bearer.slice(0, -3)}abc` } });
    expect(tampered.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("roles may only call what the access table allows", async () => {
    const res = await app.gql(`mutation { createCustomer(input: { kind: INDIVIDUAL, name: "X" }) { id } }`, {}, { as: "ANALYST" });
    expect(res.errors![0]!.extensions).toMatchObject({ code: "FORBIDDEN", fields: ["createCustomer"] });
    expect((await app.gql(`{ users { username } }`, {}, { as: "STEWARD" })).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await app.gql(`{ users { username } }`, {}, { as: "ADMIN" })).data!.users.map((u: any) => u.username)).toContain("steward");
  });

  it("repeated failed logins lock the account for a while, even for the right password", async () => {
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) {
      const res = await app.gql(LOGIN, { u: "victim", p: `wrong-${i}` }, { as: "ANONYMOUS" });
      expect(res.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    }
    const locked = await app.gql(LOGIN, { u: "victim", p: "correct horse battery" }, { as: "ANONYMOUS" });
    expect(locked.errors![0]!.extensions!.code).toBe("RATE_LIMITED");
  }, 60_000);

  it("an unknown user and a wrong password get the same answer", async () => {
    const unknown = await app.gql(LOGIN, { u: "nobody", p: "whatever-password" }, { as: "ANONYMOUS" });
    expect(unknown.errors![0]!.message).toBe("Invalid username or password");
  });

  it("concurrent wrong guesses cannot outrun the lock: at most LOCK_AFTER_FAILURES are checked, then the right password is refused", async () => {
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => app.gql(LOGIN, { u: "racer", p: `parallel-wrong-${i}` }, { as: "ANONYMOUS" })));
    const codes = guesses.map((g) => g.errors![0]!.extensions!.code);
    expect(codes.filter((c) => c === "UNAUTHENTICATED")).toHaveLength(LOCK_AFTER_FAILURES);
    expect(codes.filter((c) => c === "RATE_LIMITED")).toHaveLength(20 - LOCK_AFTER_FAILURES);
    const right = await app.gql(LOGIN, { u: "racer", p: "correct horse battery" }, { as: "ANONYMOUS" });
    expect(right.errors![0]!.extensions!.code).toBe("RATE_LIMITED");
  }, 150_000);
});

describe("login timing", () => {
  const scrypts = vi.mocked(verifyPassword);
  beforeEach(() => {
    scrypts.mockClear();
  });

  it("an unknown user, a disabled user, a locked user and a wrong password each cost exactly one scrypt", async () => {
    await createUser(app.database.db, { username: "locked.out", role: "AGENT", password: "correct horse battery" });
    await app.database.db.update(users).set({ lockedUntil: new Date(Date.now() + 60_000) }).where(eq(users.username, "locked.out"));
    await createUser(app.database.db, { username: "gone", role: "AGENT", password: "correct horse battery" });
    await app.database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.username, "gone"));
    const runs: Record<string, number> = {};
    for (const [label, u] of [
      ["unknown", "nobody-here"],
      ["wrong password", "steward"],
      ["locked", "locked.out"],
      ["disabled", "gone"],
    ] as const) {
      scrypts.mockClear();
      await app.gql(LOGIN, { u, p: "not-the-password" }, { as: "ANONYMOUS" });
      runs[label] = scrypts.mock.calls.length;
    }
    expect(runs).toEqual({ unknown: 1, "wrong password": 1, locked: 1, disabled: 1 });
  }, 60_000);
});

describe("sessions end when the user's access changes", () => {
  const ME = `{ me { name role } }`;
  const sessionOf = async (username: string) => {
    const res = await app.gql(LOGIN, { u: username, p: "correct horse battery" }, { as: "ANONYMOUS" });
    return { authorization: `Bearer ${res.data!.login.token}` };
  };
  const idOf = async (username: string) => (await app.gql(`{ users { id username } }`, {}, { as: "ADMIN" })).data!.users.find((u: any) => u.username === username).id;

  it("a disabled user's session is refused at the next request, and they cannot log in", async () => {
    const headers = await sessionOf("leaver");
    expect((await app.gql(ME, {}, { as: "ANONYMOUS", headers })).data!.me.name).toBe("leaver");
    const disabled = await app.gql(`mutation($id: ID!) { disableUser(userId: $id) { disabledAt } }`, { id: await idOf("leaver") }, { as: "ADMIN" });
    expect(disabled.data!.disableUser.disabledAt).toBeTruthy();
    const after = await app.gql(ME, {}, { as: "ANONYMOUS", headers });
    expect([after.status, after.errors![0]!.extensions!.code]).toEqual([401, "UNAUTHENTICATED"]);
    expect((await app.gql(LOGIN, { u: "leaver", p: "correct horse battery" }, { as: "ANONYMOUS" })).errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  }, 60_000);

  it("a demoted admin's session is refused at the next request; a new login has the new role", async () => {
    const headers = await sessionOf("boss");
    expect((await app.gql(`{ users { username } }`, {}, { as: "ANONYMOUS", headers })).errors).toBeUndefined();
    const demoted = await app.gql(`mutation($id: ID!) { setUserRole(userId: $id, role: ANALYST) { role } }`, { id: await idOf("boss") }, { as: "ADMIN" });
    expect(demoted.data!.setUserRole.role).toBe("ANALYST");
    const after = await app.gql(`{ users { username } }`, {}, { as: "ANONYMOUS", headers });
    expect([after.status, after.errors![0]!.extensions!.code]).toEqual([401, "UNAUTHENTICATED"]);
    expect((await app.gql(ME, {}, { as: "ANONYMOUS", headers: await sessionOf("boss") })).data!.me).toEqual({ name: "boss", role: "ANALYST" });
  }, 60_000);

  it("changing one's password ends the other sessions", async () => {
    const old = await sessionOf("forgetful");
    const changed = await app.gql(`mutation { changePassword(currentPassword: "correct horse battery", newPassword: "a brand new passphrase") { token } }`, {}, { as: "ANONYMOUS", headers: old });
    expect((await app.gql(ME, {}, { as: "ANONYMOUS", headers: old })).errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    const fresh = { authorization: `Bearer ${changed.data!.changePassword.token}` };
    expect((await app.gql(ME, {}, { as: "ANONYMOUS", headers: fresh })).data!.me.name).toBe("forgetful");
  }, 60_000);

  it("a validly signed token for a user id that does not exist is refused", async () => {
    const forged = await app.tokens.issue({ userId: randomUUID(), username: "admin", role: "ADMIN", sessionVersion: 0 });
    const res = await app.gql(ME, {}, { as: "ANONYMOUS", headers: { authorization: `Bearer ${forged.token}` } });
    expect([res.status, res.errors![0]!.extensions!.code]).toEqual([401, "UNAUTHENTICATED"]);
  });
});
