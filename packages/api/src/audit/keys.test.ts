import { createHmac } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "../lib/hash.js";
import { startTestApp, type TestApp } from "../test/app.js";
import { auditEvents } from "./audit.table.js";
import { customerKeyContext, masterKey, unwrapKey } from "./keys.js";
import { customerKeys } from "./keys.table.js";
import { sealPending } from "./seal.js";
import { verifyAuditChain } from "./verify.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());
const db = () => app.database.db;

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id phone } }
`;
const REQUEST = /* GraphQL */ `
  mutation Request($customerId: ID!) { requestDataSubjectAction(customerId: $customerId, type: ERASURE, jurisdiction: GDPR) { id } }
`;
const FULFIL = /* GraphQL */ `
  mutation Fulfil($id: ID!) { fulfilDataSubjectRequest(id: $id) { status } }
`;

/** What an attacker with a copy of the database tries: every plausible value, hashed the way the trail hashes. */
const birthDates = () => {
  const out: string[] = [];
  for (let d = Date.UTC(1940, 0, 1); d <= Date.UTC(2010, 11, 31); d += 86_400_000) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
};
const genders = ["FEMALE", "MALE", "OTHER", "UNDISCLOSED"];
/** The masked phone an agent sees (+86138****8000) leaves 10,000 candidates. */
const phones = () => Array.from({ length: 10_000 }, (_, i) => `+86138${String(i).padStart(4, "0")}8000`);

const unsaltedSha256 = (value: unknown) => `sha256:${sha256Hex(canonicalJson(value))}`;
const hmacUnder = (key: Buffer) => (value: unknown) => `hmac:${createHmac("sha256", key).update(canonicalJson(value)).digest("hex")}`;

function dictionaryAttack(stored: string, hash: (v: unknown) => string): string | undefined {
  for (const candidate of [...birthDates(), ...genders, ...phones()]) if (hash(candidate) === stored) return candidate;
  return undefined;
}

describe("keyed, per-customer hashes in audit changes", () => {
  it("a dictionary over birth dates, genders and masked-phone candidates recovers nothing from the stored hashes", async () => {
    const truth = { birthDate: "1988-04-12", gender: "FEMALE", phone: "+8613852718000" };
    const res = await app.gql(CREATE, { input: { kind: "INDIVIDUAL", name: "Wang Fang", phone: "138 5271 8000", birthDate: truth.birthDate, gender: truth.gender } });
    expect(res.errors).toBeUndefined();
    const id = res.data!.createCustomer.id as string;
    const [created] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "CREATE"), sql`${auditEvents.customerIds} @> array[${id}]::uuid[]`));
    const stored = Object.fromEntries(created!.changes!.map((c) => [c.field, String(c.after)]));
    for (const field of Object.keys(truth) as (keyof typeof truth)[]) expect(stored[field], field).toMatch(/^hmac:[0-9a-f]{64}$/);
    expect(JSON.stringify(created)).not.toContain("1988-04-12");

    // The old scheme: the same dictionary recovers every value from an unsalted sha-256.
    for (const [field, value] of Object.entries(truth)) expect(dictionaryAttack(unsaltedSha256(value), unsaltedSha256), field).toBe(value);
    // Now: neither that dictionary nor an HMAC under what the database holds (the wrapped key) finds anything.
    const [wrapped] = await db().select().from(customerKeys).where(eq(customerKeys.customerId, id));
    expect(wrapped).toBeDefined();
    for (const field of Object.keys(truth)) {
      expect(dictionaryAttack(stored[field]!, unsaltedSha256), field).toBeUndefined();
      expect(dictionaryAttack(stored[field]!, hmacUnder(Buffer.from(wrapped!.wrapped, "base64"))), field).toBeUndefined();
    }
    // Only the master key (not in the database) opens the customer's key; with it the hashes are what they claim.
    const key = unwrapKey(masterKey(), wrapped!.wrapped, customerKeyContext(id));
    for (const [field, value] of Object.entries(truth)) expect(stored[field], field).toBe(hmacUnder(key)(value));
    // A key is bound to its customer: moved to another customer's row it does not open.
    expect(() => unwrapKey(masterKey(), wrapped!.wrapped, customerKeyContext("00000000-0000-4000-8000-000000000000"))).toThrow();
  });

  it("erasure destroys the customer's key (crypto-shredding) and the chain still verifies", async () => {
    const res = await app.gql(CREATE, { input: { kind: "INDIVIDUAL", name: "Zhao Lei", birthDate: "1979-11-03", gender: "MALE" } });
    const id = res.data!.createCustomer.id as string;
    expect(await db().select().from(customerKeys).where(eq(customerKeys.customerId, id))).toHaveLength(1);
    const other = (await app.gql(CREATE, { input: { kind: "INDIVIDUAL", name: "Sun Li", birthDate: "1990-01-01" } })).data!.createCustomer.id as string;

    const request = await app.gql(REQUEST, { customerId: id });
    const done = await app.gql(FULFIL, { id: request.data!.requestDataSubjectAction.id });
    expect(done.errors).toBeUndefined();
    expect(done.data!.fulfilDataSubjectRequest.status).toBe("FULFILLED");

    expect(await db().select().from(customerKeys).where(eq(customerKeys.customerId, id))).toEqual([]);
    // Only that customer's key: others keep theirs.
    expect(await db().select().from(customerKeys).where(eq(customerKeys.customerId, other))).toHaveLength(1);
    // The rows (and their hashes) are untouched: the chain covers the stored text, not the values.
    const rows = await db().select().from(auditEvents).where(sql`${auditEvents.customerIds} @> array[${id}]::uuid[]`);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(["CREATE", "ERASE"]));
    await sealPending(db(), { wait: true });
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, unsealed: 0 });
  });
});
