import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/app.js";
import { insertFullCustomer } from "../test/builders.js";

let app: TestApp;
let customer: Awaited<ReturnType<typeof insertFullCustomer>>;

beforeAll(async () => {
  app = await startTestApp();
  customer = await insertFullCustomer(app.database.db, { grantPurposes: ["SERVICE", "MARKETING"] });
  await insertFullCustomer(app.database.db, { grantPurposes: ["SERVICE"], phone: "+8613900002222" });
});
afterAll(() => app?.close());

/** Everything a client could read out of a cursor without the key: the text itself and its base64 decodings. */
function readable(cursor: string): string {
  return [cursor, Buffer.from(cursor, "base64url").toString("utf8"), Buffer.from(cursor, "base64").toString("latin1")].join("\n");
}

const INTERACTIONS = `query($id: ID!, $after: String) { customer(id: $id) { interactions(first: 1, after: $after) { edges { cursor node { id occurredAt } } } } }`;

describe("cursors", () => {
  it("carry no interaction time the answer withholds (occurredAt is not in scope for MARKETING)", async () => {
    const res = await app.gql(INTERACTIONS, { id: customer.id }, { purpose: "MARKETING" });
    const edge = res.data!.customer.interactions.edges[0];
    expect(edge.node.occurredAt).toBeNull();
    const text = readable(edge.cursor);
    for (const leak of ["2026-10-02", "2026", "08:00"]) expect(text).not.toContain(leak);
  });

  it("carry no sort value of any list: names, due dates and ids stay out of every cursor", async () => {
    const lists = [
      [`{ customers(first: 1, orderBy: { field: NAME }) { edges { cursor node { id name } } } }`, (d: any) => d.customers.edges],
      [`{ cases(first: 1) { edges { cursor node { id dueAt } } } }`, (d: any) => d.cases.edges],
      [`{ careTasks(first: 1) { edges { cursor node { id } } } }`, (d: any) => d.careTasks.edges],
    ] as const;
    let checked = 0;
    for (const [query, edgesOf] of lists) {
      const res = await app.gql(query);
      expect(res.errors).toBeUndefined();
      for (const edge of edgesOf(res.data)) {
        const text = readable(edge.cursor);
        expect(text).not.toContain(customer.name);
        expect(text).not.toContain(customer.id);
        if (edge.node.dueAt) expect(text).not.toContain(edge.node.dueAt.slice(0, 10));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it("still page: the next page starts after the cursor", async () => {
    const first = await app.gql(`{ customers(first: 1) { edges { cursor node { id } } } }`);
    const [edge] = first.data!.customers.edges;
    const next = await app.gql(`query($after: String) { customers(first: 1, after: $after) { edges { node { id } } } }`, { after: edge.cursor });
    expect(next.errors).toBeUndefined();
    expect(next.data!.customers.edges).toHaveLength(1);
    expect(next.data!.customers.edges[0].node.id).not.toBe(edge.node.id);
  });

  it("refuse a forged, altered or foreign cursor with BAD_USER_INPUT", async () => {
    const page = await app.gql(`{ customers(first: 1) { edges { cursor } } }`);
    const cursor: string = page.data!.customers.edges[0].cursor;
    // A plaintext cursor as the API used to issue them, naming a position of the caller's choosing.
    const forged = Buffer.from(JSON.stringify(["CREATED_AT", "2000-01-01T00:00:00.000Z", customer.id])).toString("base64url");
    const altered = `${cursor.slice(0, 10)}${cursor[10] === "A" ? "B" : "A"}${cursor.slice(11)}`;
    for (const after of [forged, altered]) {
      const res = await app.gql(`query($after: String) { customers(first: 1, after: $after) { totalCount } }`, { after });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    }
    // A customers cursor is not a position in a customer's interactions.
    const foreign = await app.gql(INTERACTIONS, { id: customer.id, after: cursor });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });
});
