import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/app.js";
import { createUser, LOCK_AFTER_FAILURES } from "./user.service.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await createUser(app.database.db, { username: "steward", role: "STEWARD", password: "correct horse battery" });
  await createUser(app.database.db, { username: "victim", role: "AGENT", password: "correct horse battery" });
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
});
