import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type As, type TestApp } from "../test/app.js";
import { insertFullCustomer } from "../test/builders.js";
import { createPartner, issueKey } from "../modules/partner/partner.service.js";

/**
 * Planned reads (graphql/prefetch.ts) answer exactly what the field resolvers answer on their
 * own: the same customer selection is read once through `customer(id)` (its nested lists planned
 * into one statement) and once through `cases { customer }` (not planned: every list loaded by
 * its field resolver), for a steward and for a partner, and both answers must be equal.
 */
const SELECTION = /* GraphQL */ `
  id version name phone email kind status region city nationalId birthDate gender address specialCare securityLevel createdAt updatedAt erasedAt
  identifiers { id type value validFrom validTo source }
  subscriptions { id msisdn startedOn contractEnd status plan { id code name monthlyFee dataQuotaMb voiceQuotaMinutes services } }
  usage(months: 12) { month billAmount dataMb voiceMinutes smsCount paid arrears charges { service amount } }
  last2: usage(months: 2) { month }
  consents { eventId purpose channel partnerId status granted expired expiresAt capturedAt source policyVersion }
  interactions(first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id occurredAt channel type summary agent outcome caseId } } }
  cases { id kind category priority status subject owner openedAt dueAt resolvedAt overdue history { action at note } }
  feedback { id kind score aspect channel comment submittedAt }
  insight { valueTier churnRisk { level } }
`;

let app: TestApp;
let customerId: string;
let phone: string;
let partnerKey: string;
beforeAll(async () => {
  app = await startTestApp();
  const partner = await createPartner(app.database.db, { name: "Prefetch partner", purposes: ["MARKETING"], fields: ["name", "phone", "Interaction.*", "ConsentState.*", "UsageMonth.billAmount"] });
  partnerKey = (await issueKey(app.database.db, partner.id)).key;
  const raw = await insertFullCustomer(app.database.db, { grantPurposes: ["MARKETING"], partnerId: partner.id });
  customerId = raw.id;
  phone = raw.phone;
});
afterAll(() => app.close());

/** The planned read, and the same selection reached where nothing is planned (a case's customer, or a lookup by phone). */
async function both(as: As, purpose: string, loadedVia: "case" | "lookup", selection = SELECTION) {
  const planned = await app.gql(`query($id: ID!) { customer(id: $id) { ${selection} } }`, { id: customerId }, { as, purpose });
  const loaded =
    loadedVia === "case"
      ? await app.gql(`query($id: ID!) { cases(first: 5, filter: { customerId: $id }) { edges { node { customer { ${selection} } } } } }`, { id: customerId }, { as, purpose })
      : await app.gql(`query($phone: String!) { customerByIdentifier(type: MSISDN, value: $phone) { ${selection} } }`, { phone }, { as, purpose });
  expect(planned.errors).toBeUndefined();
  expect(loaded.errors).toBeUndefined();
  return { planned: planned.data!.customer, loaded: loadedVia === "case" ? loaded.data!.cases.edges[0]?.node.customer : loaded.data!.customerByIdentifier };
}

describe("planned reads", () => {
  it("a steward's customer 360 read in one statement equals the one its field resolvers load", async () => {
    const { planned, loaded } = await both("STEWARD", "SERVICE", "case");
    expect(planned.identifiers.length).toBeGreaterThan(0);
    expect(planned.subscriptions[0].plan.code).toBeTruthy();
    expect(planned.usage[0].charges.length).toBeGreaterThan(0);
    expect(planned.cases.length).toBeGreaterThan(0);
    expect(planned).toEqual(loaded);
  });

  it("an analyst's masked 360 equals the one its field resolvers load", async () => {
    const { planned, loaded } = await both("ANALYST", "ANALYTICS", "case");
    expect(planned).toEqual(loaded);
  });

  it("a partner under MARKETING sees the same planned and loaded answer, masked by its allowlist", async () => {
    const { planned, loaded } = await both({ apiKey: partnerKey }, "MARKETING", "lookup");
    expect(planned.name).not.toBeNull();
    expect(planned.email).toBeNull();
    expect(planned.interactions.edges.length).toBe(1);
    expect(planned).toEqual(loaded);
  });
});

/**
 * A narrow selection: each list names a few fields, so the planned rows leave the rest out. What
 * the policy, the row rules, the cursors and the derived fields read is built all the same.
 */
const NARROW = /* GraphQL */ `
  id
  consents { status }
  interactions(first: 2) { edges { cursor node { type } } }
  cases { overdue allowedActions breachedClocks }
  feedback { score }
`;

describe("planned rows hold what the selection and the rules read", () => {
  const plannedSql = async (selection: string) => {
    app.database.statements.length = 0;
    const { errors } = await app.gql(`query($id: ID!) { customer(id: $id) { ${selection} } }`, { id: customerId }, { as: "STEWARD" });
    expect(errors).toBeUndefined();
    return app.database.statements.find((s) => /"interactions"/.test(s)) ?? "";
  };

  it("a field that is not selected is not built", async () => {
    const narrow = await plannedSql(NARROW);
    expect(narrow).toMatch(/"interactions"\."type"/);
    for (const column of ['"interactions"."summary"', '"interactions"."agent"', '"cases"."history"', '"feedback"."comment"', '"feedback"."answers"', "consent_events.status = 'GRANTED'"]) expect(narrow).not.toContain(column);
    const wide = await plannedSql(SELECTION);
    for (const column of ['"interactions"."summary"', '"interactions"."agent"', '"cases"."history"', '"feedback"."comment"']) expect(wide).toContain(column);
  });

  it("narrow selections answer as the field resolvers do, for a steward and for a partner (whose consent rows are filtered by purpose)", async () => {
    for (const [as, purpose, via] of [["STEWARD", "SERVICE", "case"], [{ apiKey: partnerKey }, "MARKETING", "lookup"]] as const) {
      const { planned, loaded } = await both(as, purpose, via, NARROW);
      expect(planned.consents.length).toBeGreaterThan(0);
      expect(planned).toEqual(loaded);
    }
  });

  it("one response key selected twice is planned with both selections (GraphQL merges them)", async () => {
    const twice = `id interactions(first: 1) { edges { node { id } } } interactions(first: 1) { edges { node { summary agent } } }`;
    const { planned, loaded } = await both("STEWARD", "SERVICE", "case", twice);
    expect(planned.interactions.edges[0].node.summary).toBeTruthy();
    expect(planned).toEqual(loaded);
  });
});

describe("kept plans", () => {
  it("a costly key is built only for a client that selects it (a usage month's charges)", async () => {
    const read = async (fields: string) => {
      app.database.statements.length = 0;
      const { data, errors } = await app.gql(`query($id: ID!) { customer(id: $id) { usage(months: 12) { ${fields} } } }`, { id: customerId }, { as: "STEWARD" });
      expect(errors).toBeUndefined();
      return { usage: data!.customer.usage, sql: app.database.statements.join("\n") };
    };
    const without = await read("month billAmount");
    expect(without.usage.length).toBeGreaterThan(0);
    expect(without.sql).not.toMatch(/usage_charges/);
    const withCharges = await read("month billAmount charges { service amount }");
    expect(withCharges.sql).toMatch(/usage_charges/);
    expect(withCharges.usage.some((m: { charges: unknown[] }) => m.charges.length > 0)).toBe(true);
    expect(withCharges.usage.map((m: { month: string; billAmount: number }) => [m.month, m.billAmount])).toEqual(without.usage.map((m: { month: string; billAmount: number }) => [m.month, m.billAmount]));
  });

  it("planned consent states leave the ledger's receipts in the database (a ConsentState has none)", async () => {
    app.database.statements.length = 0;
    const { data, errors } = await app.gql(`query($id: ID!) { customer(id: $id) { consents { purpose status granted } } }`, { id: customerId }, { as: "STEWARD" });
    expect(errors).toBeUndefined();
    expect(data!.customer.consents.length).toBeGreaterThan(0);
    const planned = app.database.statements.find((s) => /consent_events/.test(s));
    expect(planned).toBeDefined();
    expect(planned).not.toMatch(/evidence|receipt_hash|recorded_by/);
  });

  it("a document whose planned arguments are variables is planned anew for each request's values", async () => {
    const schema = await import("../db/schema.js");
    await app.database.db.insert(schema.usageMonths).values({ customerId, month: "2026-09-01", voiceMinutes: 1, smsCount: 1, dataMb: 1, billAmount: 10, paid: true, arrears: 0 });
    await app.database.db.insert(schema.interactions).values({ customerId, occurredAt: new Date("2026-09-02T08:00:00Z"), channel: "HOTLINE", type: "COMPLAINT", summary: "second", outcome: "done" });
    const all = await app.gql(`query($id: ID!) { customer(id: $id) { usage(months: 12) { month } interactions(first: 50) { edges { node { id } } } } }`, { id: customerId }, { as: "STEWARD" });
    const months = all.data!.customer.usage.length;
    const interactions = all.data!.customer.interactions.edges.length;
    expect(months).toBeGreaterThan(1);
    expect(interactions).toBeGreaterThan(1);
    const query = `query($id: ID!, $m: Int!, $n: Int!) { customer(id: $id) { usage(months: $m) { month } interactions(first: $n) { edges { node { id } } } } }`;
    for (const [m, n] of [[1, 1], [12, 50], [1, 1]] as const) {
      const { data, errors } = await app.gql(query, { id: customerId, m, n }, { as: "STEWARD" });
      expect(errors).toBeUndefined();
      expect(data!.customer.usage).toHaveLength(Math.min(m, months));
      expect(data!.customer.interactions.edges).toHaveLength(Math.min(n, interactions));
    }
  });
});
