import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveAsSecondAdmin } from "../../test/four-eyes.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers, insertGrants } from "../../test/builders.js";

let app: TestApp;
let partnerKey: string;
let customerIds: string[];
let visible: string;
let invisible: string;
const made: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  const created = await app.gql(`mutation { createPartnerApp(name: "node-partner", purposes: [MARKETING], fields: ["Customer.name"]) { id } }`, {}, { as: "ADMIN" });
  const partnerId = created.data!.createPartnerApp.id;
  await approveAsSecondAdmin(app, partnerId);
  partnerKey = (await app.gql(`mutation($id: ID!) { createApiKey(partnerId: $id) { key } }`, { id: partnerId }, { as: "ADMIN" })).data!.createApiKey.key;
  customerIds = await insertCustomers(app.database.db, 7, { region: "Pageland" });
  [visible, invisible] = customerIds as [string, string];
  await insertGrants(app.database.db, [visible], "MARKETING");
  made.Case = (await app.gql(`mutation($id: ID!) { openCase(input: { customerId: $id, kind: FAULT, category: NETWORK_QUALITY, subject: "No signal" }) { id } }`, { id: visible })).data!.openCase.id;
  // More cases (the work queue pages below): same kind, so ties on due time are broken by id.
  for (const id of customerIds.slice(2, 6))
    await app.gql(`mutation($id: ID!) { openCase(input: { customerId: $id, kind: COMPLAINT, category: BILLING, subject: "Charged twice" }) { id } }`, { id });
  for (const id of customerIds.slice(2, 5)) await app.gql(`mutation($id: ID!) { requestDataSubjectAction(customerId: $id, type: ACCESS, jurisdiction: PIPL) { id } }`, { id });
  made.DataSubjectRequest = (await app.gql(`mutation($id: ID!) { requestDataSubjectAction(customerId: $id, type: ACCESS, jurisdiction: PIPL) { id } }`, { id: visible })).data!.requestDataSubjectAction.id;
  for (const name of ["Pages A", "Pages B", "Pages C", "Pages D"]) {
    made.Segment = (await app.gql(`mutation($n: String!) { createSegment(name: $n, definition: { field: REGION, op: EQ, value: "Pageland" }) { id } }`, { n: name })).data!.createSegment.id;
  }
  made.Audience = (await app.gql(`mutation($s: ID!, $p: ID!) { publishAudience(segmentId: $s, partnerId: $p, purpose: MARKETING) { id } }`, { s: made.Segment, p: partnerId })).data!.publishAudience.id;
  made.Customer = visible;
}, 60_000);
afterAll(() => app?.close());

/** Each Node type: its own query and the fields compared (as a steward, the role that reads all of them). */
const OWN: Record<string, { query: string; fields: string }> = {
  Customer: { query: "customer", fields: "id name phone nationalId version" },
  Case: { query: "case", fields: "id subject status customerId" },
  Segment: { query: "segment", fields: "id name memberCount definition" },
  DataSubjectRequest: { query: "dataSubjectRequest", fields: "id type status customerId" },
  Audience: { query: "audience", fields: "id name purpose status memberCount" },
};

describe("Relay: node(id)", () => {
  it("answers every implementing type exactly as the type's own query does", async () => {
    for (const [type, { query, fields }] of Object.entries(OWN)) {
      const id = made[type]!;
      const own = await app.gql(`query($id: ID!) { x: ${query}(id: $id) { ${fields} } }`, { id }, { as: "STEWARD" });
      const node = await app.gql(`query($id: ID!) { x: node(id: $id) { __typename ... on ${type} { ${fields} } } }`, { id }, { as: "STEWARD" });
      expect(own.data!.x, type).not.toBeNull();
      expect(node.data!.x, type).toEqual({ __typename: type, ...own.data!.x });
      // Masking is the type's own too (an agent reads the national id masked).
      if (type === "Customer") {
        const agent = await app.gql(`query($id: ID!) { node(id: $id) { ... on Customer { nationalId phone } } }`, { id }, { as: "AGENT" });
        const agentOwn = await app.gql(`query($id: ID!) { customer(id: $id) { nationalId phone } }`, { id }, { as: "AGENT" });
        expect(agent.data!.node).toEqual(agentOwn.data!.customer);
      }
    }
  }, 60_000);

  it("under a partner, an invisible customer is null exactly like a missing one; a type it may not query is null too", async () => {
    const ask = (id: string) => app.gql(`query($id: ID!) { node(id: $id) { id ... on Customer { name phone } } }`, { id }, { as: { apiKey: partnerKey }, purpose: "MARKETING" });
    const missing = await ask(randomUUID());
    expect(missing.data!.node).toBeNull();
    expect(await ask(invisible)).toEqual(missing);
    expect(await ask(made.Case!)).toEqual(missing);
    expect((await ask(visible)).data!.node).toEqual({ id: visible, name: expect.any(String), phone: null });
    expect(await ask("not-a-uuid")).toEqual({ ...missing });
  });
});

/** Every id of a connection, paging forward with first/after or backward with last/before. */
async function pageAll(query: string, path: (data: any) => any, direction: "forward" | "backward", size: number, as: "STEWARD" = "STEWARD") {
  const ids: string[][] = [];
  let cursor: string | null = null;
  for (;;) {
    const vars = direction === "forward" ? { first: size, after: cursor } : { last: size, before: cursor };
    const res = await app.gql(query, vars, { as });
    expect(res.errors).toBeUndefined();
    const conn = path(res.data);
    ids.push(conn.edges.map((e: any) => e.node.id));
    const more = direction === "forward" ? conn.pageInfo.hasNextPage : conn.pageInfo.hasPreviousPage;
    if (!more) return ids;
    cursor = direction === "forward" ? conn.pageInfo.endCursor : conn.pageInfo.startCursor;
  }
}

const PAGE = `edges { node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;
const ARGS = `$first: Int, $after: String, $last: Int, $before: String`;
const PASS = `first: $first, after: $after, last: $last, before: $before`;

describe("Relay: last/before", () => {
  const lists: [string, string, (d: any) => any][] = [
    ["customers", `query(${ARGS}) { customers(${PASS}, filter: { region: ["Pageland"] }) { ${PAGE} } }`, (d) => d.customers],
    ["customers by name, descending", `query(${ARGS}) { customers(${PASS}, filter: { region: ["Pageland"] }, orderBy: { field: NAME, direction: DESC }) { ${PAGE} } }`, (d) => d.customers],
    ["segments", `query(${ARGS}) { segments(${PASS}) { ${PAGE} } }`, (d) => d.segments],
    ["the case work queue", `query(${ARGS}) { cases(${PASS}) { ${PAGE} } }`, (d) => d.cases],
    ["data-subject requests, most urgent first", `query(${ARGS}) { dataSubjectRequests(${PASS}) { ${PAGE} } }`, (d) => d.dataSubjectRequests],
    ["data-subject requests, latest received first", `query(${ARGS}) { dataSubjectRequests(${PASS}, orderBy: { field: RECEIVED_AT, direction: DESC }) { ${PAGE} } }`, (d) => d.dataSubjectRequests],
    ["segment members", `query(${ARGS}) { segments(first: 1) { edges { node { members(${PASS}) { ${PAGE} } } } } }`, (d) => d.segments.edges[0].node.members],
  ];
  for (const [name, query, path] of lists) {
    it(`${name}: backward pages are the forward pages reversed`, async () => {
      const forward = (await pageAll(query, path, "forward", 3)).flat();
      const backward = await pageAll(query, path, "backward", 3);
      expect(forward.length).toBeGreaterThanOrEqual(4);
      expect(backward.flatMap((page) => page).length).toBe(forward.length);
      // Each backward page is in list order; the pages come from the end.
      expect([...backward].reverse().flat()).toEqual(forward);
      expect(backward[0]).toEqual(forward.slice(-3));
    });
  }

  it("first with last, or after with before, is a clear BAD_USER_INPUT", async () => {
    const res = await app.gql(`{ customers(first: 2, last: 2) { edges { node { id } } } }`, {}, { as: "STEWARD" });
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  });
});
