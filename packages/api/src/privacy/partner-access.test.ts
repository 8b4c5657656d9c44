import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/app.js";
import { insertFullCustomer } from "../test/builders.js";
import { createPartner, issueKey, revokeApiKey } from "../modules/partner/partner.service.js";

let app: TestApp;
let key: string;
let keyId: string;
let partnerId: string;
let customer: Awaited<ReturnType<typeof insertFullCustomer>>;

beforeAll(async () => {
  app = await startTestApp();
  const partner = await createPartner(app.database.db, {
    name: "acme-marketing",
    purposes: ["MARKETING", "THIRD_PARTY_SHARING"],
    fields: ["Customer.name", "Customer.phone", "Customer.region"],
  });
  partnerId = partner.id;
  const issued = await issueKey(app.database.db, partner.id);
  key = issued.key;
  keyId = issued.row.keyId;
  customer = await insertFullCustomer(app.database.db, { grantPurposes: ["SERVICE"] });
});
afterAll(() => app.close());

const asPartner = (purpose = "MARKETING") => ({ as: { apiKey: key }, purpose });

/** Every way a partner could learn the customer exists: by id, identifier, list, filter and count. */
async function partnerSees(purpose = "MARKETING") {
  const byId = await app.gql(`query($id: ID!) { customer(id: $id) { id name } }`, { id: customer.id }, asPartner(purpose));
  const byIdentifier = await app.gql(`query($v: String!) { customerByIdentifier(type: MSISDN, value: $v) { id } }`, { v: customer.phone }, asPartner(purpose));
  const list = await app.gql(`{ customers(first: 100) { totalCount edges { node { id } } } }`, {}, asPartner(purpose));
  const filtered = await app.gql(`{ customers(first: 100, filter: { region: ["Guangdong"], search: "138123" }) { totalCount edges { node { id } } } }`, {}, asPartner(purpose));
  for (const res of [byId, byIdentifier, list, filtered]) expect(res.errors).toBeUndefined();
  return {
    byId: byId.data!.customer?.id === customer.id,
    byIdentifier: byIdentifier.data!.customerByIdentifier?.id === customer.id,
    inList: list.data!.customers.edges.some((e: any) => e.node.id === customer.id),
    listCount: list.data!.customers.totalCount,
    inFilter: filtered.data!.customers.edges.some((e: any) => e.node.id === customer.id),
    filterCount: filtered.data!.customers.totalCount,
  };
}

const INVISIBLE = { byId: false, byIdentifier: false, inList: false, listCount: 0, inFilter: false, filterCount: 0 };
const VISIBLE = { byId: true, byIdentifier: true, inList: true, listCount: 1, inFilter: true, filterCount: 1 };

const RECORD = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
const consent = (status: string, extra: Record<string, unknown> = {}) =>
  app.gql(RECORD, { input: { customerId: customer.id, purpose: "MARKETING", status, source: "APP", policyVersion: "2026-03", ...extra } }, { as: "STEWARD" });

describe("partner access", () => {
  it("a customer without marketing consent does not exist for a MARKETING partner: not by id, identifier, list, filter or count", async () => {
    expect(await partnerSees()).toEqual(INVISIBLE);
  });

  it("after a GRANTED consent the partner sees the customer, and after WITHDRAWN it does not, at once", async () => {
    await consent("GRANTED");
    expect(await partnerSees()).toEqual(VISIBLE);
    await consent("WITHDRAWN");
    expect(await partnerSees()).toEqual(INVISIBLE);
  });

  it("a channel-wide withdrawal overrides an earlier channel grant", async () => {
    await consent("GRANTED", { channel: "SMS" });
    expect((await partnerSees()).byId).toBe(true);
    await consent("WITHDRAWN", { channel: null });
    expect(await partnerSees()).toEqual(INVISIBLE);
  });

  it("THIRD_PARTY_SHARING needs consent naming this partner", async () => {
    const other = await createPartner(app.database.db, { name: "someone-else", purposes: ["THIRD_PARTY_SHARING"], fields: ["Customer.name"] });
    await app.gql(RECORD, { input: { customerId: customer.id, purpose: "THIRD_PARTY_SHARING", partnerId: other.id, status: "GRANTED", source: "HALL", policyVersion: "v1" } });
    expect((await partnerSees("THIRD_PARTY_SHARING")).byId).toBe(false);
    await app.gql(RECORD, { input: { customerId: customer.id, purpose: "THIRD_PARTY_SHARING", partnerId, status: "GRANTED", source: "HALL", policyVersion: "v1" } });
    expect((await partnerSees("THIRD_PARTY_SHARING")).byId).toBe(true);
  });

  it("fields outside the allowlist are null and reported NOT_IN_SCOPE", async () => {
    await consent("GRANTED");
    const res = await app.gql(`query($id: ID!) { customer(id: $id) { name phone email nationalId } }`, { id: customer.id }, asPartner());
    expect(res.data!.customer).toEqual({ name: customer.name, phone: customer.phone, email: null, nationalId: null });
    expect(res.extensions!.redactions).toEqual([
      { field: "Customer.email", reason: "NOT_IN_SCOPE", count: 1 },
      { field: "Customer.nationalId", reason: "NOT_IN_SCOPE", count: 1 },
    ]);
  });

  it("cannot search or sort on fields it may not read", async () => {
    // Search covers only readable fields: this partner may not read emails, so an email never matches.
    const byEmail = await app.gql(`{ customers(filter: { search: "example.com" }) { totalCount } }`, {}, asPartner());
    expect(byEmail.data!.customers.totalCount).toBe(0);
    const restricted = await createPartner(app.database.db, { name: "region-blind", purposes: ["MARKETING"], fields: ["Customer.name"] });
    const blindKey = (await issueKey(app.database.db, restricted.id)).key;
    const byRegion = await app.gql(`{ customers(filter: { region: ["Guangdong"] }) { totalCount } }`, {}, { as: { apiKey: blindKey }, purpose: "MARKETING" });
    expect(byRegion.errors![0]!.extensions).toMatchObject({ code: "FORBIDDEN", field: "filter.region" });
    const bySearch = await app.gql(`{ customers(filter: { search: "138" }) { totalCount } }`, {}, { as: "AUDITOR" });
    expect(bySearch.errors![0]!.extensions).toMatchObject({ code: "FORBIDDEN", field: "filter.search" });
  });

  it("a partner may not write", async () => {
    const res = await consent("GRANTED").then(() =>
      app.gql(RECORD, { input: { customerId: customer.id, purpose: "MARKETING", status: "GRANTED", source: "APP", policyVersion: "v" } }, asPartner()),
    );
    expect(res.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("no purpose is PURPOSE_REQUIRED, a purpose outside the contract PURPOSE_NOT_ALLOWED", async () => {
    const none = await app.gql(`{ customers { totalCount } }`, {}, { as: { apiKey: key } });
    expect(none.errors![0]!.extensions!.code).toBe("PURPOSE_REQUIRED");
    const outside = await app.gql(`{ customers { totalCount } }`, {}, asPartner("ANALYTICS"));
    expect(outside.errors![0]!.extensions!.code).toBe("PURPOSE_NOT_ALLOWED");
  });

  it("a revoked key is UNAUTHENTICATED at once, as is a forged one", async () => {
    const forged = await app.gql(`{ customers { totalCount } }`, {}, { as: { apiKey: `${key.slice(0, -4)}AAAA` }, purpose: "MARKETING" });
    expect(forged.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    await revokeApiKey(app.database.db, keyId);
    // Revoked outside the server's own mutations: the server hears of it by NOTIFY (server/principal-cache.ts),
    // which can land a moment after the commit; a refusal must follow within that moment, never the cache's time.
    let revoked = await app.gql(`{ customers { totalCount } }`, {}, asPartner());
    for (let i = 0; i < 20 && revoked.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 10));
      revoked = await app.gql(`{ customers { totalCount } }`, {}, asPartner());
    }
    expect(revoked.status).toBe(401);
    expect(revoked.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });
});

describe("analyst filters", () => {
  it("an analyst filters by region (kept as is for analysts) but not by the bucketed birth date's exact value", async () => {
    const res = await app.gql(`{ customers(filter: { region: ["Guangdong"] }) { totalCount } }`, {}, { as: "ANALYST" });
    expect(res.errors).toBeUndefined();
    expect(res.data!.customers.totalCount).toBeGreaterThan(0);
    const row = await app.gql(`query($id: ID!) { customer(id: $id) { region birthDate } }`, { id: customer.id }, { as: "ANALYST" });
    expect(row.data!.customer).toEqual({ region: "Guangdong", birthDate: "1985-01-01" });
    expect(row.extensions!.redactions).toEqual([{ field: "Customer.birthDate", reason: "MASKED_BY_ROLE", count: 1 }]);
  });
});
