import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers } from "../../test/builders.js";
import { canonicalJson, sha256Hex } from "../../lib/hash.js";
import { rowsOf } from "../../db/rows.js";

let app: TestApp;
let customerId: string;
beforeAll(async () => {
  app = await startTestApp();
  [customerId] = await insertCustomers(app.database.db, 1);
});
afterAll(() => app.close());

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordConsentInput!) {
    recordConsent(input: $input) { id status purpose evidence receiptHash recordedBy }
  }
`;
const STATE = /* GraphQL */ `
  query State($id: ID!) { customer(id: $id) {
    consents { purpose channel status granted expired }
    consentHistory { status purpose }
  } }
`;

describe("consent ledger", () => {
  it("appends decisions and derives the current state from the latest one", async () => {
    const base = { customerId, purpose: "MARKETING", channel: "SMS", source: "APP", policyVersion: "2026-03" };
    await app.gql(RECORD, { input: { ...base, status: "GRANTED", capturedAt: "2026-01-01T00:00:00Z" } });
    let state = await app.gql(STATE, { id: customerId });
    expect(state.data!.customer.consents).toEqual([{ purpose: "MARKETING", channel: "SMS", status: "GRANTED", granted: true, expired: false }]);
    await app.gql(RECORD, { input: { ...base, status: "WITHDRAWN" } });
    state = await app.gql(STATE, { id: customerId });
    expect(state.data!.customer.consents).toEqual([{ purpose: "MARKETING", channel: "SMS", status: "WITHDRAWN", granted: false, expired: false }]);
    expect(state.data!.customer.consentHistory.map((e: any) => e.status)).toEqual(["GRANTED", "WITHDRAWN"]);
  });

  it("stores a receipt whose hash is the sha256 of its canonical form", async () => {
    const res = await app.gql(RECORD, {
      input: { customerId, purpose: "ANALYTICS", status: "GRANTED", source: "WEB", policyVersion: "2026-03", notice: "We analyse usage to improve the network." },
    });
    const event = res.data!.recordConsent;
    expect(event.evidence).toMatchObject({ controller: "Tessera Telecom", purpose: "ANALYTICS", collectionMethod: "WEB", notice: { policyVersion: "2026-03" } });
    expect(event.receiptHash).toBe(sha256Hex(canonicalJson(event.evidence)));
  });

  it("honours expiry at read time", async () => {
    const [other] = await insertCustomers(app.database.db, 1, { name: "Expiring" });
    const capturedAt = new Date(Date.now() - 10_000).toISOString();
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    await app.gql(RECORD, { input: { customerId: other, purpose: "PERSONALIZATION", status: "GRANTED", source: "APP", policyVersion: "v1", capturedAt, expiresAt } });
    expect((await app.gql(STATE, { id: other })).data!.customer.consents[0]).toMatchObject({ granted: true, expired: false });
    // Move the expiry into the past directly: no job runs, the read alone must notice.
    await app.database.db.execute(sql`update consent_events set expires_at = now() - interval '1 second' where customer_id = ${other}`);
    expect((await app.gql(STATE, { id: other })).data!.customer.consents[0]).toMatchObject({ status: "GRANTED", granted: false, expired: true });
  });

  it("validates purpose-specific fields and refuses an unknown customer", async () => {
    const noPartner = await app.gql(RECORD, { input: { customerId, purpose: "THIRD_PARTY_SHARING", status: "GRANTED", source: "APP", policyVersion: "v1" } });
    expect(noPartner.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.partnerId" });
    const missing = await app.gql(RECORD, {
      input: { customerId: "00000000-0000-4000-8000-000000000000", purpose: "MARKETING", status: "GRANTED", source: "APP", policyVersion: "v1" },
    });
    expect(missing.errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });

  it('"PIPL (Art. 13) has consent, contract, legal duty, emergencies … — no legitimate interest": refused for a PIPL customer, accepted under GDPR, and Customer.legalBases offers only the jurisdiction\'s', async () => {
    const [pipl, gdpr] = await insertCustomers(app.database.db, 2);
    await app.database.db.execute(sql`update customers set jurisdiction = 'GDPR' where id = ${gdpr!}`);
    const input = (id: string) => ({ customerId: id, purpose: "ANALYTICS", status: "GRANTED", legalBasis: "LEGITIMATE_INTEREST", source: "WEB", policyVersion: "2026-03" });
    const refused = await app.gql(RECORD, { input: input(pipl!) });
    expect(refused.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.legalBasis" });
    expect(refused.errors![0]!.message).toContain("LEGITIMATE_INTEREST is not a legal basis under PIPL");
    const rows = rowsOf<{ n: number }>(await app.database.db.execute(sql`select count(*)::int as n from consent_events where customer_id = ${pipl!}`));
    expect(rows[0]!.n).toBe(0);
    const accepted = await app.gql(RECORD, { input: input(gdpr!) });
    expect(accepted.errors).toBeUndefined();
    const bases = await app.gql(`query($a: ID!, $b: ID!) { a: customer(id: $a) { jurisdiction legalBases } b: customer(id: $b) { jurisdiction legalBases } }`, { a: pipl, b: gdpr });
    expect(bases.data!.a).toEqual({ jurisdiction: "PIPL", legalBases: ["CONSENT", "CONTRACT", "LEGAL_OBLIGATION", "VITAL_INTEREST", "PUBLIC_TASK"] });
    expect(bases.data!.b.legalBases).toContain("LEGITIMATE_INTEREST");
  });
});
