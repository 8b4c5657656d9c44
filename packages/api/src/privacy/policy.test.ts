import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG, PURPOSES, ROLES, ROLE_MATRIX, ROLES_READING_FREE_TEXT, applyMask, type CatalogType, type PersonalField, type Role } from "@tessera/schema/catalog";
import { startTestApp, type As, type TestApp } from "../test/app.js";
import { insertFullCustomer } from "../test/builders.js";
import { createPartner, issueKey } from "../modules/partner/partner.service.js";

/**
 * The exhaustive authorization test: every console role and partner configuration × every
 * purpose × every personal catalog field, through real HTTP, against what the matrix says.
 */

// Where each catalog type sits in a customer query, and the scalar fields the catalog lists.
/** Catalog types under a customer (DataSubjectRequest is reached through its own queries; dsr.test.ts covers it). */
type UnderCustomer = Exclude<CatalogType, "Customer" | "DataSubjectRequest">;
const PATHS: Record<UnderCustomer, { select: (fields: string) => string; rows: (customer: any) => any[] }> = {
  Identifier: { select: (f) => `identifiers { ${f} }`, rows: (c) => c.identifiers },
  Subscription: { select: (f) => `subscriptions { ${f} }`, rows: (c) => c.subscriptions },
  UsageMonth: { select: (f) => `usage(months: 12) { ${f} }`, rows: (c) => c.usage },
  ConsentEvent: { select: (f) => `consentHistory { ${f} }`, rows: (c) => c.consentHistory },
  ConsentState: { select: (f) => `consents { ${f} }`, rows: (c) => c.consents },
  Interaction: { select: (f) => `interactions(first: 10) { edges { node { ${f} } } }`, rows: (c) => c.interactions.edges.map((e: any) => e.node) },
  Case: { select: (f) => `cases { ${f} }`, rows: (c) => c.cases },
  CaseTransition: { select: (f) => `cases { history { ${f} } }`, rows: (c) => c.cases.flatMap((k: any) => k.history) },
  Feedback: { select: (f) => `feedback { ${f} }`, rows: (c) => c.feedback },
  CareTask: { select: (f) => `careTasks { ${f} }`, rows: (c) => c.careTasks },
  KeyAccount: { select: (f) => `keyAccount { ${f} }`, rows: (c) => (c.keyAccount ? [c.keyAccount] : []) },
  AccountWarning: { select: (f) => `keyAccount { warnings { ${f} } }`, rows: (c) => c.keyAccount?.warnings ?? [] },
  Household: { select: (f) => `household { ${f} }`, rows: (c) => (c.household ? [c.household] : []) },
  HouseholdMember: { select: (f) => `household { members { ${f} } }`, rows: (c) => c.household?.members ?? [] },
  Insight: { select: (f) => `insight { ${f} churnRisk { score level reasons { code points evidence } } }`, rows: (c) => (c.insight ? [c.insight] : []) },
};
const OBJECT_FIELDS = new Set(["identifiers", "subscriptions", "usage", "consents", "consentHistory", "interactions", "cases", "feedback", "plan", "history", "accessLog", "careTasks", "customer", "insight", "churnRisk", "keyAccount", "group", "branches", "warnings", "household", "members"]);
/**
 * Rows a principal may see only in part: a care task is listed only to principals who read the
 * field its kind derives from (care.rules.ts), so their tasks are a subset of the steward's,
 * matched by id.
 */
const ROW_SUBSET_TYPES = new Set<CatalogType>(["CareTask"]);
const personal = (type: CatalogType) => Object.entries(CATALOG[type]).filter(([, e]) => e.category !== "NONE") as [string, PersonalField][];
const scalarFields = (type: CatalogType) => Object.keys(CATALOG[type]).filter((f) => !OBJECT_FIELDS.has(f));

/** Personal fields whose values are objects: selected whole, compared whole. */
const SUBSELECTIONS: Record<string, string> = { charges: "charges { service amount }", "Household.value": "value { clv meanClv arpu membersValued }" };
const selection = (type: CatalogType) => scalarFields(type).map((f) => SUBSELECTIONS[`${type}.${f}`] ?? SUBSELECTIONS[f] ?? f);

const QUERY = `query Everything($id: ID!) { customer(id: $id) { ${selection("Customer").join(" ")} ${Object.entries(PATHS)
  .map(([type, p]) => p.select(selection(type as CatalogType).join(" ")))
  .join(" ")} } }`;

type Expectation = "FULL" | "MASK" | "NULL";

/** What the declarative rules say a principal sees of one field. */
function expected(as: { role: Role } | { allowlist: string[] }, purpose: string, type: string, field: string, entry: PersonalField): Expectation {
  if (!entry.purposes.includes(purpose as never)) return "NULL";
  if ("allowlist" in as) return as.allowlist.includes(`${type}.*`) || as.allowlist.includes(`${type}.${field}`) ? "FULL" : "NULL";
  const t = ROLE_MATRIX[as.role][entry.category];
  if (t === "FULL" && entry.mask === "TEXT" && !ROLES_READING_FREE_TEXT.includes(as.role)) return "NULL";
  return t;
}

let app: TestApp;
let raw: Awaited<ReturnType<typeof insertFullCustomer>>;
let rawResponse: any;
const partners: { name: string; key: string; allowlist: string[] }[] = [];

beforeAll(async () => {
  app = await startTestApp();
  const all = Object.keys(CATALOG).map((t) => `${t}.*`);
  const narrow = ["Customer.name", "Customer.region", "UsageMonth.billAmount", "Interaction.channel"];
  for (const [name, allowlist] of [
    ["all-fields", all],
    ["narrow", narrow],
  ] as const) {
    const partner = await createPartner(app.database.db, { name, purposes: [...PURPOSES], fields: [...allowlist] });
    partners.push({ name, key: (await issueKey(app.database.db, partner.id)).key, allowlist: partner.fieldAllowlist });
  }
  // Every purpose granted; THIRD_PARTY_SHARING names no partner, so it covers neither partner here.
  raw = await insertFullCustomer(app.database.db, { grantPurposes: [...PURPOSES] });
  rawResponse = (await app.gql(QUERY, { id: raw.id }, { as: "STEWARD" })).data!.customer;
});
afterAll(() => app.close());

function rawValues(type: CatalogType): Record<string, unknown>[] {
  return type === "Customer" ? [rawResponse] : PATHS[type as UnderCustomer].rows(rawResponse);
}

function check(as: As, label: { role: Role } | { allowlist: string[] }, purpose: string, customer: any) {
  let compared = 0;
  for (const type of ["Customer", ...Object.keys(PATHS)] as CatalogType[]) {
    const got: any[] = type === "Customer" ? [customer] : PATHS[type as UnderCustomer].rows(customer);
    let all = rawValues(type);
    // A partner sees THIRD_PARTY_SHARING consent rows only when they name it (privacy/scope.ts rowVisible); the sharing grant here names no partner.
    if ("allowlist" in label && (type === "ConsentEvent" || type === "ConsentState")) all = all.filter((r) => r.purpose !== "THIRD_PARTY_SHARING");
    const full = ROW_SUBSET_TYPES.has(type) ? got.map((row: any) => all.find((r) => r.id === row.id)!) : all;
    if (ROW_SUBSET_TYPES.has(type)) expect(full.every(Boolean), `${type} rows are the steward's`).toBe(true);
    else expect(got.length, `${type} rows`).toBe(full.length);
    for (const [field, entry] of personal(type)) {
      const want = expected(label, purpose, type, field, entry);
      got.forEach((row, i) => {
        const original = full[i]![field];
        const value = want === "FULL" ? original : want === "MASK" ? applyMask(entry.mask, original, full[i]) : null;
        expect(row[field], `${JSON.stringify(as)} ${purpose} ${type}.${field}`).toEqual(value);
        compared++;
      });
    }
  }
  return compared;
}

describe("authorization matrix", () => {
  it("the steward's SERVICE view is the raw record the other views are compared with", () => {
    expect(rawResponse).toMatchObject({ name: raw.name, phone: raw.phone, nationalId: raw.nationalId, address: raw.address });
    for (const type of Object.keys(PATHS) as UnderCustomer[]) expect(PATHS[type].rows(rawResponse).length, type).toBeGreaterThan(0);
  });

  for (const role of ROLES) {
    it(`${role}: every personal field under every purpose is full, masked or null exactly as the matrix says`, async () => {
      let compared = 0;
      for (const purpose of PURPOSES) {
        const res = await app.gql(QUERY, { id: raw.id }, { as: role, purpose });
        expect(res.errors, `${role} ${purpose}`).toBeUndefined();
        compared += check(role, { role }, purpose, res.data!.customer);
      }
      expect(compared).toBeGreaterThan(100);
    });
  }

  it("partners: every field under every purpose is full inside the allowlist and the purpose, null outside", async () => {
    for (const partner of partners) {
      for (const purpose of PURPOSES) {
        const res = await app.gql(QUERY, { id: raw.id }, { as: { apiKey: partner.key }, purpose });
        expect(res.errors, `${partner.name} ${purpose}`).toBeUndefined();
        if (purpose === "THIRD_PARTY_SHARING") {
          // Sharing consent names a partner; none was granted to these partners, so the customer does not exist for them.
          expect(res.data!.customer).toBeNull();
          continue;
        }
        check({ apiKey: partner.key }, { allowlist: partner.allowlist }, purpose, res.data!.customer);
      }
    }
  });

  it("an ANALYST never receives a direct identifier, contact value or free text anywhere in the response", async () => {
    const secrets = [raw.name, raw.phone, raw.phone.slice(3), raw.email, raw.nationalId, raw.address, "13812345678", "信号太差了"];
    for (const purpose of PURPOSES) {
      const res = await app.gql(QUERY, { id: raw.id }, { as: "ANALYST", purpose });
      const text = JSON.stringify(res);
      for (const secret of secrets) expect(text, `${purpose} leaks ${secret}`).not.toContain(secret);
      const list = JSON.stringify(await app.gql(`{ customers(first: 50) { edges { node { ${scalarFields("Customer").join(" ")} } } } }`, {}, { as: "ANALYST", purpose }));
      for (const secret of secrets) expect(list).not.toContain(secret);
    }
  });

  it("as agent, nationalId comes back masked and extensions.redactions says so", async () => {
    const res = await app.gql(`query($id: ID!) { customer(id: $id) { nationalId phone } }`, { id: raw.id }, { as: "AGENT" });
    expect(res.data!.customer.nationalId).toBe(`${raw.nationalId.slice(0, 3)}***********${raw.nationalId.slice(-4)}`);
    expect(res.data!.customer.phone).toBe(raw.phone);
    expect(res.extensions!.redactions).toEqual([{ field: "Customer.nationalId", reason: "MASKED_BY_ROLE", count: 1 }]);
  });

  it("masks as SPEC §4.4 shows: phone, email, name and address for an admin", async () => {
    const res = await app.gql(`query($id: ID!) { customer(id: $id) { name phone email address nationalId } }`, { id: raw.id }, { as: "ADMIN" });
    expect(res.data!.customer).toEqual({ name: "欧阳**", phone: "138****5678", email: "x***@example.com", address: "广东省深圳市***", nationalId: null });
    expect(res.extensions!.redactions.map((r: any) => r.field)).toEqual(["Customer.address", "Customer.email", "Customer.name", "Customer.nationalId", "Customer.phone"]);
  });

  it("an auditor sees customer ids only", async () => {
    const res = await app.gql(`query($id: ID!) { customer(id: $id) { id name phone region birthDate } }`, { id: raw.id }, { as: "AUDITOR" });
    expect(res.data!.customer).toEqual({ id: raw.id, name: null, phone: null, region: null, birthDate: null });
  });
});
