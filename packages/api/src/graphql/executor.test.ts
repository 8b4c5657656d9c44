import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/app.js";
import { uniquePhone } from "../test/builders.js";
import { buildSchema, type GraphQLInputObjectType } from "graphql";
import { executorRuns, holdsSelfContaining } from "./executor.js";

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

  it("runs mutations compiled, their fields one after another in document order, and introspection on graphql-js", async () => {
    const input = () => ({ kind: "INDIVIDUAL", name: "Executor Test", phone: uniquePhone(), region: "Beijing" });
    const mutation = await ranOn(`mutation($a: CreateCustomerInput!, $b: CreateCustomerInput!) { a: createCustomer(input: $a) { id createdAt } b: createCustomer(input: $b) { id createdAt } }`, {
      a: input(),
      b: input(),
    });
    expect(mutation.res.errors).toBeUndefined();
    expect([mutation.compiled, mutation.interpreted]).toEqual([1, 0]);
    // Serial execution: the second field's transaction starts after the first committed, so its audit row is the newer one.
    const { a, b } = mutation.res.data!;
    const trail = await app.gql(`{ auditEvents(first: 2, filter: { action: CREATE }) { edges { node { customerIds } } } }`, {}, { as: "AUDITOR" });
    expect(trail.errors).toBeUndefined();
    expect(trail.data!.auditEvents.edges.map((e: { node: { customerIds: string[] } }) => e.node.customerIds[0])).toEqual([b.id, a.id]);
    const introspection = await ranOn(`{ __schema { queryType { name } } }`);
    expect(introspection.res.data!.__schema.queryType.name).toBe("Query");
    expect([introspection.compiled, introspection.interpreted]).toEqual([0, 1]);
  });

  it("runs an operation whose variables take a self-containing input type (a segment's filter tree) on graphql-js: graphql-jit would expand it without end", async () => {
    const definition = { or: [{ field: "REGION", op: "EQ", value: "Beijing" }, { not: { and: [{ field: "KIND", op: "EQ", value: "ENTERPRISE" }] } }] };
    const { res, compiled, interpreted } = await ranOn(`mutation($name: String!, $definition: SegmentFilter!) { createSegment(name: $name, definition: $definition) { id definition } }`, {
      name: "Executor segment",
      definition,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createSegment.definition).toEqual(definition);
    expect([compiled, interpreted]).toEqual([0, 1]);
  }, 10_000);

  it("finds a self-containing input type at any depth of a variable's type, and only there", () => {
    const schema = buildSchema(`
      input Tree { and: [Tree!], leaf: Leaf }
      input Leaf { value: String }
      input Holder { wrapper: Wrapper }
      input Wrapper { tree: Tree }
      input Pair { left: Leaf, right: Leaf }
      input Ring { next: Link }
      input Link { back: Ring }
      type Query { ok: Boolean }
    `);
    const holds = (name: string) => holdsSelfContaining(schema.getType(name) as GraphQLInputObjectType);
    expect(["Tree", "Holder", "Wrapper", "Ring", "Link"].filter(holds)).toEqual(["Tree", "Holder", "Wrapper", "Ring", "Link"]);
    expect(["Leaf", "Pair"].filter(holds)).toEqual([]);
  });

  it("refuses variables that do not coerce with BAD_USER_INPUT and status 400, on a document's first request and on later ones, compiled or not", async () => {
    const query = `query($id: ID!) { customer(id: $id) { id } }`;
    const mutation = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`;
    const badInput = { input: { kind: "NOT_A_KIND", name: "Executor Test", phone: uniquePhone(), region: "Beijing" } };
    // The first request of a document is refused by the cost check, which coerces them to price it.
    const first = await ranOn(query, { id: { not: "an id" } });
    expect([first.compiled, first.interpreted]).toEqual([0, 0]);
    // Later requests reuse the cost, and the executor's own coercion refuses them.
    await ranOn(query, { id: "00000000-0000-4000-8000-000000000000" });
    await ranOn(mutation, { input: { ...badInput.input, kind: "INDIVIDUAL" } });
    for (const [document, variables, ran] of [
      [query, { id: { not: "an id" } }, [1, 0]],
      [query, {}, [1, 0]],
      [mutation, badInput, [1, 0]],
    ] as const) {
      const { res, compiled, interpreted } = await ranOn(document, variables);
      expect([compiled, interpreted]).toEqual(ran);
      expect(res.status).toBe(400);
      expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(res.data ?? undefined).toBeUndefined();
    }
  });

  it("keeps a resolver error's code and path on the compiled path, for queries and mutations", async () => {
    const { res, compiled } = await ranOn(`query { customers(first: 1, after: "not-a-cursor") { totalCount } }`);
    expect(compiled).toBe(1);
    expect(res.errors?.[0]).toMatchObject({ path: ["customers"], extensions: { code: "BAD_USER_INPUT" } });
    const missing = await ranOn(`mutation { updateCustomer(id: "00000000-0000-4000-8000-000000000000", expectedVersion: 1, input: { name: "Nobody" }) { id } }`);
    expect(missing.compiled).toBe(1);
    expect(missing.res.errors?.[0]).toMatchObject({ path: ["updateCustomer"], extensions: { code: "NOT_FOUND" } });
  });
});
