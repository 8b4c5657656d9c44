import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/app.js";
import { insertCustomers, insertGrants, insertInteractionsFor } from "../test/builders.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  const ids = await insertCustomers(app.database.db, 120, { region: "Batch" });
  await insertGrants(app.database.db, ids);
  await insertInteractionsFor(app.database.db, ids, 6);
});
afterAll(() => app.close());

const PAGE = /* GraphQL */ `
  query Page($first: Int!) {
    customers(first: $first, filter: { region: ["Batch"] }) {
      totalCount
      edges { node {
        id name
        consents { purpose granted }
        interactions(first: 5) { totalCount edges { node { id occurredAt } } }
        identifiers { type } subscriptions { id } usage(months: 3) { month } cases { id } feedback { id }
      } }
    }
  }
`;

async function statementsFor(first: number) {
  app.database.statements.length = 0;
  const res = await app.gql(PAGE, { first });
  expect(res.errors).toBeUndefined();
  expect(res.data!.customers.edges).toHaveLength(first);
  return { count: app.database.statements.length, res };
}

describe("batching", () => {
  it("a page of 100 customers with nested lists costs the same statements as a page of 10", async () => {
    const small = await statementsFor(10);
    const large = await statementsFor(100);
    expect(large.count).toBe(small.count);
    // page + count + one statement per nested list (8) + the read audit (lock, chain head, insert)
    expect(large.count).toBeLessThanOrEqual(13);
    const first = large.res.data!.customers.edges[0].node;
    expect(first.consents).toEqual([{ purpose: "MARKETING", granted: true }]);
    expect(first.interactions.totalCount).toBe(6);
    expect(first.interactions.edges).toHaveLength(5);
  });
});
