import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/app.js";
import { insertCustomers, insertFullCustomer, insertGrants, insertInteractionsFor } from "../test/builders.js";
import { createPartner, issueKey } from "../modules/partner/partner.service.js";
import { statementCacheStats } from "../db/statements.js";

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

/**
 * Statements that read customer data: everything but the read audit's own (its table, its lock,
 * its transaction) and the session check (the signed-in user's row).
 */
const readsOf = (statements: readonly string[]) => statements.filter((s) => !/audit|advisory|from "users"|"api_keys"|^\s*(begin|commit|rollback|savepoint|release)\b/i.test(s));

/**
 * A request's statements but its credential check: the server remembers a principal for a moment
 * (server/principal-cache.ts), so whether a request checks its session again depends on how long
 * the previous one took (a slow CI machine saw one page check it and the other not).
 */
const withoutCredentialCheck = (statements: readonly string[]) => statements.filter((s) => !/from "users"|"api_keys"/i.test(s));

async function statementsFor(first: number) {
  app.database.statements.length = 0;
  const res = await app.gql(PAGE, { first });
  expect(res.errors).toBeUndefined();
  expect(res.data!.customers.edges).toHaveLength(first);
  return { count: withoutCredentialCheck(app.database.statements).length, reads: readsOf(app.database.statements).length, res };
}

/** The customer 360 of `tessera bench` W1: the record and every nested list it shows. */
const CUSTOMER_360 = /* GraphQL */ `
  query C360($id: ID!) {
    customer(id: $id) {
      id name phone
      identifiers { type value } subscriptions { id plan { code } } usage(months: 12) { month billAmount }
      consents { purpose granted } interactions(first: 20) { totalCount edges { node { id summary } } }
      cases { id } feedback { id } insight { valueTier }
    }
  }
`;

describe("batching", () => {
  // The first request of a role signs its user up; count from the second on.
  beforeAll(async () => {
    await app.gql(`{ __typename }`);
  });

  it("a page of 100 customers with nested lists costs the same statements as a page of 10", async () => {
    const small = await statementsFor(10);
    const large = await statementsFor(100);
    expect(large.count).toBe(small.count);
    // The page and every nested list are one statement (planned from the selection,
    // graphql/prefetch.ts), totalCount a second; the read audit adds its own.
    expect(large.reads).toBe(2);
    const first = large.res.data!.customers.edges[0].node;
    expect(first.consents).toEqual([{ purpose: "MARKETING", granted: true }]);
    expect(first.interactions.totalCount).toBe(6);
    expect(first.interactions.edges).toHaveLength(5);
  });

  it("a customer 360 (record, eight nested lists, a count) is one statement that reads data", async () => {
    const [id] = await insertCustomers(app.database.db, 1, { region: "Batch360" });
    await insertGrants(app.database.db, [id!]);
    await insertInteractionsFor(app.database.db, [id!], 25);
    app.database.statements.length = 0;
    const res = await app.gql(CUSTOMER_360, { id });
    expect(res.errors).toBeUndefined();
    expect(readsOf(app.database.statements)).toHaveLength(1);
    const customer = res.data!.customer;
    expect(customer.interactions.totalCount).toBe(25);
    expect(customer.interactions.edges).toHaveLength(20);
    expect(customer.consents).toEqual([{ purpose: "MARKETING", granted: true }]);
  });

  it("a customer read with no nested list runs its compiled statement, built once for every such request", async () => {
    const [a, b] = await insertCustomers(app.database.db, 2, { region: "BatchPlain" });
    const query = `query($id: ID!) { customer(id: $id) { id name region } }`;
    await app.gql(query, { id: a });
    const before = statementCacheStats();
    for (const id of [a, b, a]) {
      const res = await app.gql(query, { id });
      expect(res.errors).toBeUndefined();
      expect(res.data!.customer).toMatchObject({ id, region: "BatchPlain" });
    }
    const after = statementCacheStats();
    // At least the three reads (the cache is the process's: a session's credential check, due
    // again once its cached principal expires on a slow machine, runs a compiled statement too).
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(3);
    expect(after.misses).toBe(before.misses);
  });

  it("a partner's 360, whose history is in id order (MARKETING does not read occurredAt), is one statement that reads data too", async () => {
    const partner = await createPartner(app.database.db, { name: "Batching partner", purposes: ["MARKETING"], fields: ["name", "phone", "Interaction.*", "ConsentState.*"] });
    const apiKey = (await issueKey(app.database.db, partner.id)).key;
    const { id } = await insertFullCustomer(app.database.db, { grantPurposes: ["MARKETING"], partnerId: partner.id });
    await insertInteractionsFor(app.database.db, [id], 3);
    await app.gql(`{ __typename }`, {}, { as: { apiKey }, purpose: "MARKETING" });
    app.database.statements.length = 0;
    const res = await app.gql(CUSTOMER_360, { id }, { as: { apiKey }, purpose: "MARKETING" });
    expect(res.errors).toBeUndefined();
    expect(readsOf(app.database.statements)).toHaveLength(1);
    const edges = res.data!.customer.interactions.edges as { node: { id: string } }[];
    expect(edges.length).toBe(4);
    const ids = edges.map((e) => e.node.id);
    expect(ids).toEqual([...ids].sort().reverse());
  });
});
