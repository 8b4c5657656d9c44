import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/app.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe("http server", () => {
  it("reports liveness and readiness with migrations current", async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { migrations: { applied: number; expected: number } };
    expect(body.migrations.applied).toBe(body.migrations.expected);
  });

  it("answers malformed requests with BAD_USER_INPUT and no internals", async () => {
    const badJson = await fetch(`${app.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(badJson.status).toBe(400);
    const parse = await app.gql("{ customers(first: ");
    expect(parse.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const unknown = await app.gql("{ nothingHere }");
    expect(unknown.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(unknown)).not.toContain("stacktrace");
  });

  it("readiness turns 503 when the database is gone", async () => {
    const other = await startTestApp();
    await other.database.close();
    const res = await fetch(`${other.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "database unreachable" });
  });
});

describe("query limits", () => {
  it("refuses an operation whose cost exceeds the limit with QUERY_TOO_COMPLEX", async () => {
    const deep = `{ customers(first: 100) { edges { node { id interactions(first: 100) { edges { node { id summary channel type occurredAt } } } consentHistory { id evidence } } } } }`;
    const res = await app.gql(deep);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: 50_000 });
    const ok = await app.gql(`{ customers(first: 100) { edges { node { id consents { purpose } interactions(first: 5) { edges { node { id } } } } } } }`);
    expect(ok.errors).toBeUndefined();
  });
});
