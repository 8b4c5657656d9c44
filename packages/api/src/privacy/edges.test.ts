import { randomUUID } from "node:crypto";
import { CATALOG, IDENTIFIER_PROFILE_FIELD, PURPOSES, ROLES } from "@tessera/schema/catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifierType } from "../modules/identity/identity.table.js";
import { interactions } from "../modules/interaction/interaction.table.js";
import { createPartner, issueKey } from "../modules/partner/partner.service.js";
import { startTestApp, type TestApp } from "../test/app.js";
import { insertFullCustomer, insertIdentifier } from "../test/builders.js";
import { Policy } from "./policy.js";
import type { Principal } from "./principal.js";

/**
 * Issue 10 item 10 and the leaks found after it: identifier values, per-channel marketing
 * consent, the redaction counts, segment counts and the order of a history. Expected values come
 * from SPEC §4 and the catalog, not from the code.
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

let phoneSequence = 0;
const nextPhone = () => `+86139${String(Date.now() % 100000).padStart(5, "0")}${String(phoneSequence++).padStart(3, "0")}`;

async function partnerKey(purposes: string[], fields: string[]) {
  const partner = await createPartner(app.database.db, { name: `edge-${randomUUID().slice(0, 8)}`, purposes: purposes as never, fields });
  return { apiKey: (await issueKey(app.database.db, partner.id)).key };
}

const partnerPrincipal = (fieldAllowlist: string[]): Principal => ({
  kind: "PARTNER",
  id: "p",
  name: "p",
  partnerId: randomUUID(),
  keyId: "k",
  allowedPurposes: [...PURPOSES],
  fieldAllowlist,
  capabilities: [],
});

describe("Identifier.value is governed by the profile field it mirrors (item 10a)", () => {
  it("names every identifier type of the API: a profile field, or explicitly none", () => {
    expect(Object.keys(IDENTIFIER_PROFILE_FIELD).sort()).toEqual([...identifierType.enumValues].sort());
    for (const field of Object.values(IDENTIFIER_PROFILE_FIELD)) if (field) expect(CATALOG.Customer[field].category).not.toBe("NONE");
  });

  it("no principal, purpose or identifier type releases an identifier value more than its profile field", () => {
    const principals: Principal[] = [
      ...ROLES.map((role): Principal => ({ kind: "USER", id: role, name: role, role })),
      partnerPrincipal(["Identifier.*"]),
      partnerPrincipal(["Identifier.value", "Customer.phone"]),
      partnerPrincipal(["Customer.*", "Identifier.*"]),
    ];
    const violations: string[] = [];
    let compared = 0;
    for (const principal of principals) {
      for (const purpose of PURPOSES) {
        for (const type of identifierType.enumValues) {
          const field = IDENTIFIER_PROFILE_FIELD[type];
          if (!field) continue;
          const raw = `raw-${type}-value@example.com`;
          // Every channel consented: this test is about the catalog entries, not consent.
          const subject = { consentedChannels: ["SMS", "EMAIL", "PHONE", "APP_PUSH", "WECHAT", "POST"] };
          const policy = new Policy(principal, purpose);
          const profile = (policy.shape("Customer", { [field]: raw }, subject) as Record<string, unknown>)[field];
          const identifier = policy.shape("Identifier", { type, value: raw }, subject).value;
          compared++;
          const who = `${principal.kind === "USER" ? principal.role : `partner[${principal.kind === "PARTNER" ? principal.fieldAllowlist.join(",") : ""}]`} ${purpose} ${type}`;
          if (profile === null && identifier !== null) violations.push(`${who}: Customer.${field} withheld, identifier released`);
          if (profile !== raw && identifier === raw) violations.push(`${who}: Customer.${field} masked, identifier in full`);
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(violations).toEqual([]);
  });

  it("through the API: an agent gets a national-id identifier masked like nationalId, a MARKETING read no account number", async () => {
    const customer = await insertFullCustomer(app.database.db, { phone: nextPhone() });
    await insertIdentifier(app.database.db, { customerId: customer.id, type: "NATIONAL_ID_HASH", value: "nid-hash-0123456789abcdef" });
    await insertIdentifier(app.database.db, { customerId: customer.id, type: "ACCOUNT_NO", value: "ACC-99887766" });
    const query = `query($id: ID!) { customer(id: $id) { nationalId externalId identifiers { type value } } }`;
    const agent = await app.gql(query, { id: customer.id }, { as: "AGENT" });
    expect(agent.errors).toBeUndefined();
    const values = (res: typeof agent) => Object.fromEntries(res.data!.customer.identifiers.map((i: any) => [i.type, i.value]));
    expect(agent.data!.customer.nationalId).not.toBe(customer.nationalId);
    expect(values(agent).NATIONAL_ID_HASH).not.toBe("nid-hash-0123456789abcdef");
    const marketing = await app.gql(query, { id: customer.id }, { as: "STEWARD", purpose: "MARKETING" });
    expect(marketing.errors).toBeUndefined();
    expect(marketing.data!.customer.externalId).toBeNull();
    expect(values(marketing).ACCOUNT_NO).toBeNull();
    expect(values(marketing).NATIONAL_ID_HASH).toBeNull();
    expect(values(marketing).MSISDN).toBe(customer.phone);
  });
});

const RECORD = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
async function consent(customerId: string, status: string, channel: string | null) {
  const res = await app.gql(RECORD, { input: { customerId, purpose: "MARKETING", status, channel, source: "APP", policyVersion: "2026-03" } }, { as: "STEWARD" });
  expect(res.errors).toBeUndefined();
}

describe("per-channel MARKETING consent gates the contact fields of that channel only (item 10b)", () => {
  const CONTACTS = `phone email address identifiers { type value } subscriptions { msisdn }`;
  let key: { apiKey: string };
  beforeAll(async () => {
    key = await partnerKey(["MARKETING"], ["Customer.phone", "Customer.email", "Customer.address", "Customer.name", "Identifier.*", "Subscription.*"]);
  });

  /** The contact values a MARKETING partner receives for the customer, by id and in a list. */
  async function contacts(customerId: string) {
    const byId = await app.gql(`query($id: ID!) { customer(id: $id) { ${CONTACTS} } }`, { id: customerId }, { as: key, purpose: "MARKETING" });
    expect(byId.errors).toBeUndefined();
    const list = await app.gql(`{ customers(first: 100) { edges { node { id ${CONTACTS} } } } }`, {}, { as: key, purpose: "MARKETING" });
    expect(list.errors).toBeUndefined();
    const inList = list.data!.customers.edges.map((e: any) => e.node).find((n: any) => n.id === customerId);
    const { id: _id, ...listed } = inList;
    // The list releases exactly what the record does.
    expect(listed).toEqual(byId.data!.customer);
    const c = byId.data!.customer;
    return {
      phone: c.phone,
      email: c.email,
      address: c.address,
      msisdn: c.identifiers.find((i: any) => i.type === "MSISDN")?.value ?? null,
      line: c.subscriptions[0]?.msisdn ?? null,
      redactions: byId.extensions?.redactions ?? [],
    };
  }

  it("consent by SMS only: the number is released, the e-mail is not (NO_CONSENT)", async () => {
    const customer = await insertFullCustomer(app.database.db, { phone: nextPhone() });
    await consent(customer.id, "GRANTED", "SMS");
    const seen = await contacts(customer.id);
    expect(seen).toMatchObject({ phone: customer.phone, msisdn: customer.phone, line: customer.phone, email: null });
    // The postal address is not for MARKETING at all (catalog purposes), whatever the consent.
    expect(seen.redactions).toEqual([
      { field: "Customer.address", reason: "NOT_IN_SCOPE", count: 1 },
      { field: "Customer.email", reason: "NO_CONSENT", count: 1 },
    ]);
  });

  it("consent by EMAIL only: the e-mail is released; the number is not, in the profile, identifiers or lines", async () => {
    const customer = await insertFullCustomer(app.database.db, { phone: nextPhone() });
    await consent(customer.id, "GRANTED", "EMAIL");
    expect(await contacts(customer.id)).toMatchObject({ email: customer.email, phone: null, msisdn: null, line: null });
  });

  it("a channel-specific withdrawal overrides a channel-wide grant, whichever came first", async () => {
    const customer = await insertFullCustomer(app.database.db, { phone: nextPhone() });
    await consent(customer.id, "GRANTED", null);
    expect(await contacts(customer.id)).toMatchObject({ phone: customer.phone, email: customer.email });
    await consent(customer.id, "WITHDRAWN", "EMAIL");
    expect(await contacts(customer.id)).toMatchObject({ phone: customer.phone, email: null });
    await consent(customer.id, "GRANTED", null);
    expect(await contacts(customer.id)).toMatchObject({ phone: customer.phone, email: null });
    // Granting the channel itself again releases it.
    await consent(customer.id, "GRANTED", "EMAIL");
    expect(await contacts(customer.id)).toMatchObject({ email: customer.email });
  });
});

describe("extensions.redactions counts only what the caller received (item 10c)", () => {
  const countOf = (res: { extensions?: Record<string, any> }, field: string, reason: string) =>
    (res.extensions?.redactions ?? []).find((r: any) => r.field === field && r.reason === reason)?.count ?? 0;

  it("a page counts its own rows, not the rows beyond it", async () => {
    for (let n = 0; n < 3; n++) await insertFullCustomer(app.database.db, { phone: nextPhone() });
    const res = await app.gql(`{ customers(first: 2) { edges { node { phone } } } }`, {}, { as: "ADMIN" });
    expect(res.errors).toBeUndefined();
    const masked = res.data!.customers.edges.filter((e: any) => e.node.phone !== null).length;
    expect(masked).toBe(2);
    expect(countOf(res, "Customer.phone", "MASKED_BY_ROLE")).toBe(2);
  });

  it("a history page counts the interactions on it, in the planned and the loaded path", async () => {
    const customer = await insertFullCustomer(app.database.db, { phone: nextPhone() });
    await app.database.db.insert(interactions).values(
      [1, 2, 3].map((d) => ({ customerId: customer.id, occurredAt: new Date(`2026-09-0${d}T08:00:00Z`), channel: "APP" as const, type: "CONSULTATION" as const, summary: `note ${d}` })),
    );
    const planned = await app.gql(`query($id: ID!) { customer(id: $id) { interactions(first: 2) { edges { node { summary } } } } }`, { id: customer.id }, { as: "ANALYST" });
    expect(planned.errors).toBeUndefined();
    expect(countOf(planned, "Interaction.summary", "MASKED_BY_ROLE")).toBe(2);
    const loaded = await app.gql(`{ customers(first: 1) { edges { node { interactions(first: 1, filter: { type: [CONSULTATION, COMPLAINT] }) { edges { node { summary } } } } } } }`, {}, { as: "ANALYST" });
    expect(loaded.errors).toBeUndefined();
    expect(countOf(loaded, "Interaction.summary", "MASKED_BY_ROLE")).toBe(1);
  });

  it("rows a partner may not see (consent events of purposes it does not hold) are not counted", async () => {
    const customer = await insertFullCustomer(app.database.db, { phone: nextPhone(), grantPurposes: ["SERVICE", "ANALYTICS"] });
    await consent(customer.id, "GRANTED", null);
    const key = await partnerKey(["MARKETING"], ["ConsentEvent.*", "Customer.name"]);
    const res = await app.gql(`query($id: ID!) { customer(id: $id) { consentHistory { purpose evidence } } }`, { id: customer.id }, { as: key, purpose: "MARKETING" });
    expect(res.errors).toBeUndefined();
    const events = res.data!.customer.consentHistory;
    expect(events.map((e: any) => e.purpose)).toEqual(["MARKETING"]);
    // evidence is SERVICE-only: withheld from the one event received, and only that one counted.
    expect(countOf(res, "ConsentEvent.evidence", "NOT_IN_SCOPE")).toBe(1);
  });
});

describe("Segment.memberCount is a read of the definition's fields (filter reveals field)", () => {
  it("a role that may not filter on special care gets no count of the special-care segment", async () => {
    await insertFullCustomer(app.database.db, { phone: nextPhone() });
    const create = await app.gql(`mutation($d: SegmentFilter!) { createSegment(name: "Lives alone", definition: $d) { id memberCount } }`, { d: { field: "SPECIAL_CARE", op: "EQ", value: "LIVES_ALONE" } }, { as: "STEWARD" });
    expect(create.errors).toBeUndefined();
    const { id, memberCount } = create.data!.createSegment;
    expect(memberCount).toBeGreaterThan(0);
    const read = `query($id: ID!) { segment(id: $id) { id memberCount } segments(first: 100) { edges { node { id memberCount } } } }`;
    const analyst = await app.gql(read, { id }, { as: "ANALYST" });
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data!.segment.memberCount).toBeNull();
    expect(analyst.data!.segments.edges.find((e: any) => e.node.id === id).node.memberCount).toBeNull();
    expect(analyst.extensions!.redactions).toContainEqual({ field: "Segment.memberCount", reason: "MASKED_BY_ROLE", count: 2 });
    const steward = await app.gql(read, { id }, { as: "STEWARD" });
    expect(steward.data!.segment.memberCount).toBe(memberCount);
  });

  it("a count over fields the role reads in full is shown", async () => {
    const create = await app.gql(`mutation($d: SegmentFilter!) { createSegment(name: "South", definition: $d) { id memberCount } }`, { d: { field: "REGION", op: "EQ", value: "Guangdong" } }, { as: "ANALYST" });
    expect(create.errors).toBeUndefined();
    const analyst = await app.gql(`query($id: ID!) { segment(id: $id) { memberCount } }`, { id: create.data!.createSegment.id }, { as: "ANALYST" });
    expect(analyst.data!.segment.memberCount).toBe(create.data!.createSegment.memberCount);
  });
});

describe("a history's order does not reveal a withheld occurredAt", () => {
  it("without occurredAt the interactions come in id order, page by page; with it newest first", async () => {
    const customer = await insertFullCustomer(app.database.db, { phone: nextPhone() });
    // Ids ascending with time descending: time order and id order are opposite.
    const ids = ["f0000000-0000-4000-8000-000000000001", "a0000000-0000-4000-8000-000000000002", "50000000-0000-4000-8000-000000000003", "10000000-0000-4000-8000-000000000004"];
    await app.database.db.insert(interactions).values(
      ids.map((id, n) => ({ id, customerId: customer.id, occurredAt: new Date(Date.UTC(2026, 8, 1 + n)), channel: "APP" as const, type: "CONSULTATION" as const })),
    );
    const page = `query($id: ID!, $after: String) { customer(id: $id) { interactions(first: 2, after: $after) { edges { node { id occurredAt } } pageInfo { hasNextPage endCursor } } } }`;
    async function all(options: { as: "STEWARD"; purpose?: string }) {
      const seen: any[] = [];
      let after: string | null = null;
      do {
        const res: any = await app.gql(page, { id: customer.id, after }, options);
        expect(res.errors).toBeUndefined();
        const conn = res.data.customer.interactions;
        seen.push(...conn.edges.map((e: any) => e.node));
        after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      } while (after);
      return seen.filter((n) => ids.includes(n.id));
    }
    // SERVICE reads occurredAt: newest first (the last inserted first).
    expect((await all({ as: "STEWARD" })).map((n) => n.id)).toEqual([...ids].reverse());
    // MARKETING does not (catalog: occurredAt is for SERVICE, PERSONALIZATION, ANALYTICS, CROSS_BORDER).
    const marketing = await all({ as: "STEWARD", purpose: "MARKETING" });
    expect(marketing.every((n) => n.occurredAt === null)).toBe(true);
    expect(marketing.map((n) => n.id)).toEqual([...ids].sort().reverse());
  });
});
