import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { getNamedType, isObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../db/rows.js";
import { tesseraSchema } from "../../graphql/schema.js";
import { approveAsSecondAdmin } from "../../test/four-eyes.js";
import { startTestApp, type RequestOptions, type TestApp } from "../../test/app.js";
import { insertCustomers, insertGrants } from "../../test/builders.js";
import { refreshDuplicates } from "../identity/duplicates.service.js";
import { interactions } from "../interaction/interaction.table.js";

let app: TestApp;
let partnerKey: string;
let customerIds: string[];
let visible: string;
let invisible: string;
const made: Record<string, string> = {};
/** A customer with a history of its own (no case, so no intake contact) and its interaction ids, inserted so that id order and time order are opposite. */
let historyOf: string;
let historyIds: string[];

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
  await moreToPage(partnerId);
}, 90_000);

/** Rows for the other connections to page through (each at least two pages of 3). */
async function moreToPage(partnerId: string) {
  const db = app.database.db;
  // Audience members are the segment's customers who consented to its purpose: more of them than the one visible customer.
  await insertGrants(db, customerIds.slice(2), "MARKETING");
  // Interactions: ids ascending while time descends, so the time order and the id order differ.
  historyOf = customerIds[6]!;
  historyIds = Array.from({ length: 7 }, () => randomUUID()).sort();
  await db
    .insert(interactions)
    .values(historyIds.map((id, n) => ({ id, customerId: historyOf, occurredAt: new Date(Date.UTC(2026, 8, 1 + n)), channel: "APP" as const, type: "CONSULTATION" as const })));
  // Care tasks: special-care customers are due today (care.rules SPECIAL_CARE), all on one date: ties broken by customer.
  await insertCustomers(db, 5, { region: "Careland", specialCare: ["ELDERLY"] });
  // Duplicate candidates: two more batches whose phones repeat the first batch's (insertCustomers numbers phones from 0).
  await insertCustomers(db, 3, { region: "Dupland", name: "Dup A" });
  await insertCustomers(db, 3, { region: "Dupland", name: "Dup B" });
  await refreshDuplicates(app.database);
  // Webhook deliveries: each consent change of a customer the partner sees is a CONSENT_CHANGED delivery (no dispatcher runs here: they stay PENDING).
  const hook = await app.gql(`mutation($p: ID!) { createWebhook(partnerId: $p, url: "http://127.0.0.1:9/hook", events: [CONSENT_CHANGED]) { webhook { id } } }`, { p: partnerId }, { as: "ADMIN" });
  expect(hook.errors).toBeUndefined();
  for (const status of ["WITHDRAWN", "GRANTED", "WITHDRAWN", "GRANTED", "WITHDRAWN", "GRANTED"]) {
    const input = { customerId: visible, purpose: "MARKETING", status, source: "APP", policyVersion: "2026-03" };
    expect((await app.gql(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, { input })).errors).toBeUndefined();
  }
}
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

/** A node's identity in its list: its id, or for types without one the fields that make it one. */
function keyOf(node: any): string {
  if (node.id) return node.id;
  if (node.seq != null) return String(node.seq);
  if (node.customerA) return `${node.customerA.id}~${node.customerB.id}`;
  return `${node.kind}@${node.customer.id}`;
}

/** Every node of a connection (by keyOf), paging forward with first/after or backward with last/before. */
async function pageAll(list: PagedList, direction: "forward" | "backward", size: number, options: RequestOptions | undefined = list.options, customer = visible) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  for (;;) {
    const vars = direction === "forward" ? { first: size, after: cursor } : { last: size, before: cursor };
    const res = await app.gql(list.query, list.query.includes("$id: ID!") ? { ...vars, id: customer } : vars, options ?? { as: "STEWARD" });
    expect(res.errors).toBeUndefined();
    const conn = list.path(res.data);
    pages.push(conn.edges.map((e: any) => keyOf(e.node)));
    const more = direction === "forward" ? conn.pageInfo.hasNextPage : conn.pageInfo.hasPreviousPage;
    if (!more) return pages;
    cursor = direction === "forward" ? conn.pageInfo.endCursor : conn.pageInfo.startCursor;
  }
}

const ARGS = `$first: Int, $after: String, $last: Int, $before: String`;
const PASS = `first: $first, after: $after, last: $last, before: $before`;
const pageOf = (node: string) => `edges { node { ${node} } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;
const PAGE = pageOf("id");

/** One connection paged both ways: the schema field it covers, the query, where the connection is in the answer, and who asks (default a steward). */
interface PagedList {
  field: string;
  name: string;
  query: string;
  path: (d: any) => any;
  options?: RequestOptions;
  /** The customer `$id` names (default the visible one). */
  customer?: () => string;
  /**
   * For a list that grows while it is paged (the audit trail: each read is audited), the items
   * that existed before the walk: the two walks are compared on those.
   */
  existing?: () => Promise<(key: string) => boolean>;
}

/** Audit events sealed into the trail so far (keyOf gives an event's seq): later ones are the walk's own reads. */
async function auditedSoFar() {
  const [row] = rowsOf<{ seq: number }>(await app.database.db.execute(sql`select coalesce(max(seq), 0)::float8 as seq from audit_events`));
  return (key: string) => Number(key) <= Number(row!.seq);
}

const HISTORY = `query(${ARGS}, $id: ID!) { customer(id: $id) { interactions(${PASS}) { ${PAGE} } } }`;

const LISTS: PagedList[] = [
  { field: "Query.customers", name: "customers", query: `query(${ARGS}) { customers(${PASS}, filter: { region: ["Pageland"] }) { ${PAGE} } }`, path: (d) => d.customers },
  {
    field: "Query.customers",
    name: "customers by name, descending",
    query: `query(${ARGS}) { customers(${PASS}, filter: { region: ["Pageland"] }, orderBy: { field: NAME, direction: DESC }) { ${PAGE} } }`,
    path: (d) => d.customers,
  },
  { field: "Query.segments", name: "segments", query: `query(${ARGS}) { segments(${PASS}) { ${PAGE} } }`, path: (d) => d.segments },
  { field: "Query.cases", name: "the case work queue", query: `query(${ARGS}) { cases(${PASS}) { ${PAGE} } }`, path: (d) => d.cases },
  {
    field: "Query.dataSubjectRequests",
    name: "data-subject requests, most urgent first",
    query: `query(${ARGS}) { dataSubjectRequests(${PASS}) { ${PAGE} } }`,
    path: (d) => d.dataSubjectRequests,
  },
  {
    field: "Query.dataSubjectRequests",
    name: "data-subject requests, latest received first",
    query: `query(${ARGS}) { dataSubjectRequests(${PASS}, orderBy: { field: RECEIVED_AT, direction: DESC }) { ${PAGE} } }`,
    path: (d) => d.dataSubjectRequests,
  },
  {
    field: "Segment.members",
    name: "segment members",
    query: `query(${ARGS}) { segments(first: 1) { edges { node { members(${PASS}) { ${PAGE} } } } } }`,
    path: (d) => d.segments.edges[0].node.members,
  },
  { field: "Audience.members", name: "audience members", query: `query(${ARGS}) { audiences { members(${PASS}) { ${PAGE} } } }`, path: (d) => d.audiences[0].members },
  {
    field: "Customer.interactions",
    name: "a customer's interactions, newest first (a caller that reads occurredAt)",
    query: HISTORY,
    path: (d) => d.customer.interactions,
    customer: () => historyOf,
  },
  {
    field: "Customer.interactions",
    name: "a customer's interactions in id order (a caller that may not read occurredAt)",
    query: HISTORY,
    path: (d) => d.customer.interactions,
    options: { as: "STEWARD", purpose: "MARKETING" },
    customer: () => historyOf,
  },
  { field: "Query.careTasks", name: "the care work queue", query: `query(${ARGS}) { careTasks(${PASS}) { ${pageOf("kind customer { id }")} } }`, path: (d) => d.careTasks },
  {
    field: "Query.careTasks",
    name: "the care work queue of one kind (ordered without its constant keys)",
    query: `query(${ARGS}) { careTasks(${PASS}, filter: { kind: [SPECIAL_CARE] }) { ${pageOf("kind customer { id }")} } }`,
    path: (d) => d.careTasks,
  },
  {
    field: "Query.auditEvents",
    name: "the audit trail",
    query: `query(${ARGS}) { auditEvents(${PASS}) { ${pageOf("seq")} } }`,
    path: (d) => d.auditEvents,
    options: { as: "AUDITOR" },
    existing: auditedSoFar,
  },
  {
    field: "Customer.accessLog",
    name: "a customer's access log",
    query: `query(${ARGS}, $id: ID!) { customer(id: $id) { accessLog(${PASS}) { ${pageOf("seq")} } } }`,
    path: (d) => d.customer.accessLog,
    existing: auditedSoFar,
  },
  {
    field: "Query.duplicateCandidates",
    name: "duplicate candidates, highest score first",
    query: `query(${ARGS}) { duplicateCandidates(${PASS}) { ${pageOf("score reasons customerA { id } customerB { id }")} } }`,
    path: (d) => d.duplicateCandidates,
  },
  {
    field: "Query.webhookDeliveries",
    name: "webhook deliveries, newest first",
    query: `query(${ARGS}) { webhookDeliveries(${PASS}) { ${PAGE} } }`,
    path: (d) => d.webhookDeliveries,
    options: { as: "ADMIN" },
  },
];

describe("Relay: last/before", () => {
  for (const list of LISTS) {
    it(`${list.name}: backward pages are the forward pages reversed`, async () => {
      const existed = list.existing ? await list.existing() : () => true;
      const walk = async (direction: "forward" | "backward") => (await pageAll(list, direction, 3, list.options, list.customer?.())).map((page) => page.filter(existed)).filter((page) => page.length);
      const forward = (await walk("forward")).flat();
      const backward = await walk("backward");
      expect(forward.length).toBeGreaterThanOrEqual(4);
      expect(new Set(forward).size).toBe(forward.length);
      expect(backward.flat().length).toBe(forward.length);
      // Each backward page is in list order; the pages come from the end.
      expect([...backward].reverse().flat()).toEqual(forward);
      expect(backward[0]).toEqual(forward.slice(-3));
    });
  }

  it("a customer's history pages backward newest first for a caller that reads occurredAt, in id order for one that may not", async () => {
    const [time, byId] = LISTS.filter((l) => l.field === "Customer.interactions") as [PagedList, PagedList];
    // The rule (interaction.service.ts): sorting by a field reveals it, so without occurredAt in full the history is in id order.
    expect((await pageAll(time, "backward", 3, time.options, historyOf)).reverse().flat()).toEqual([...historyIds].reverse());
    expect((await pageAll(byId, "backward", 3, byId.options, historyOf)).reverse().flat()).toEqual([...historyIds].sort().reverse());
    // A cursor of one order is no position in the other.
    const timeCursor = time.path((await app.gql(HISTORY, { last: 2, id: historyOf })).data).pageInfo.startCursor;
    const crossed = await app.gql(HISTORY, { last: 2, before: timeCursor, id: historyOf }, byId.options);
    expect(crossed.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "before" });
  });

  it("first with last, or after with before, is a clear BAD_USER_INPUT", async () => {
    const res = await app.gql(`{ customers(first: 2, last: 2) { edges { node { id } } } }`, {}, { as: "STEWARD" });
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("no connection pages forward only: every Connection field of the schema takes first/after and last/before, and is paged both ways above", async () => {
    const schema = await tesseraSchema();
    const connectionFields: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      for (const field of Object.values(type.getFields())) {
        if (!getNamedType(field.type).name.endsWith("Connection")) continue;
        const coordinate = `${type.name}.${field.name}`;
        connectionFields.push(coordinate);
        expect(field.args.map((a) => a.name), coordinate).toEqual(expect.arrayContaining(["first", "after", "last", "before"]));
      }
    }
    expect(connectionFields.length).toBeGreaterThanOrEqual(12);
    expect(connectionFields.filter((f) => !LISTS.some((l) => l.field === f))).toEqual([]);
  });
});
