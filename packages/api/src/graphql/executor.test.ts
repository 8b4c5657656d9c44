import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/app.js";
import { uniquePhone } from "../test/builders.js";
import { executorRuns } from "./executor.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await app.gql(`{ __typename }`, {}, { as: "STEWARD" });
});
afterAll(() => app.close());

/** What one request ran on: the compiled executor or graphql-js. */
async function ranOn(query: string, variables: Record<string, unknown> = {}) {
  const before = executorRuns();
  const res = await app.gql(query, variables, { as: "STEWARD" });
  const after = executorRuns();
  return { res, compiled: after.compiled - before.compiled, interpreted: after.interpreted - before.interpreted };
}

describe("executor (graphql/executor.ts)", () => {
  it("runs queries compiled, and they answer as the schema says", async () => {
    const { res, compiled, interpreted } = await ranOn(`query { customers(first: 2) { totalCount edges { node { id kind createdAt } } } }`);
    expect(res.errors).toBeUndefined();
    expect([compiled, interpreted]).toEqual([1, 0]);
    expect(res.data!.customers.edges.every((e: { node: { createdAt: string } }) => /^\d{4}-\d\d-\d\dT.*Z$/.test(e.node.createdAt))).toBe(true);
  });

  it("runs mutations and introspection on graphql-js", async () => {
    const mutation = await ranOn(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`, {
      input: { kind: "INDIVIDUAL", name: "Executor Test", phone: uniquePhone(), region: "Beijing" },
    });
    expect(mutation.res.errors).toBeUndefined();
    expect([mutation.compiled, mutation.interpreted]).toEqual([0, 1]);
    const introspection = await ranOn(`{ __schema { queryType { name } } }`);
    expect(introspection.res.data!.__schema.queryType.name).toBe("Query");
    expect([introspection.compiled, introspection.interpreted]).toEqual([0, 1]);
  });

  it("never sees variables that do not coerce: they are refused before execution (BAD_USER_INPUT, status 400)", async () => {
    const { res, compiled, interpreted } = await ranOn(`query($id: ID!) { customer(id: $id) { id } }`, { id: { not: "an id" } });
    expect([compiled, interpreted]).toEqual([0, 0]);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("keeps a resolver error's code and path on the compiled path", async () => {
    const { res, compiled } = await ranOn(`query { customers(first: 1, after: "not-a-cursor") { totalCount } }`);
    expect(compiled).toBe(1);
    expect(res.errors?.[0]).toMatchObject({ path: ["customers"], extensions: { code: "BAD_USER_INPUT" } });
  });
});
