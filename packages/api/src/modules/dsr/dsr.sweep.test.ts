import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../db/rows.js";
import { cases, feedback, interactions } from "../../db/schema.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { uniquePhone, validNationalId } from "../../test/builders.js";

/**
 * After a fulfilled ERASURE, no text or JSON column of any table (found from
 * information_schema, not a hand list) holds any of the customer's former values, outside
 * declared legal holds.
 */

/** Tables whose rows may keep values after erasure, and why. Billing months under hold hold numbers only, so none is needed today. */
const LEGAL_HOLDS: Record<string, string> = {};

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

async function textColumns(): Promise<{ table: string; column: string }[]> {
  const rows = rowsOf<{ table_name: string; column_name: string }>(
    await app.database.db.execute(sql`select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = current_schema() and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb')
        or (c.data_type = 'ARRAY' and c.udt_name in ('_text', '_varchar')))
      order by 1, 2`),
  );
  return rows.map((r) => ({ table: r.table_name, column: r.column_name }));
}

/** `table.column` cells containing any of the values (as text, case-insensitive). */
async function cellsHolding(values: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const { table, column } of await textColumns()) {
    if (table in LEGAL_HOLDS) continue;
    const patterns = values.map((v) => `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const [row] = rowsOf<{ n: number }>(
      await app.database.db.execute(
        sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)}::text ilike any (${sql`array[${sql.join(
          patterns.map((p) => sql`${p}`),
          sql`, `,
        )}]::text[]`})`,
      ),
    );
    if (Number(row!.n) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

describe("erasure sweep", () => {
  it("after a fulfilled ERASURE no text or JSON column of any table holds the customer's former values", async () => {
    const tag = randomUUID().slice(0, 8);
    const phone = uniquePhone();
    const values = {
      name: `司马光明${tag}`,
      email: `sima.${tag}@example.org`,
      nationalId: validNationalId(Number.parseInt(tag.slice(0, 3), 16) % 999),
      address: `浙江省杭州市西湖区${tag}路 8 号`,
    };
    const created = await app.gql(
      `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
      { input: { kind: "INDIVIDUAL", ...values, phone, birthDate: "1980-02-03", city: "Hangzhou", region: "Zhejiang" } },
    );
    expect(created.errors).toBeUndefined();
    const id: string = created.data!.createCustomer.id;
    const digits = phone.replace(/^\+86/, "");
    const said = `${values.name} ${digits} ${values.email}`;

    // Free text and metadata a person wrote, in every place the review found them.
    await app.database.db.insert(interactions).values({
      customerId: id,
      occurredAt: new Date(),
      channel: "HOTLINE",
      type: "CONSULTATION",
      summary: `Caller ${said}`,
      outcome: `Sent to ${values.email}`,
      agent: `Neighbour of ${values.name}`,
      externalId: `CDR-${digits}-${tag}`,
    });
    await app.database.db.insert(cases).values({
      customerId: id,
      kind: "COMPLAINT",
      category: "NETWORK_QUALITY",
      subject: `Slow data for ${values.name}`,
      owner: "agent",
      dueAt: new Date(Date.now() + 86_400_000),
      responseDueAt: new Date(Date.now() + 3_600_000),
      rootCause: `Router at ${values.address}`,
      resolution: `Called ${digits}`,
      history: [{ from: null, to: "OPEN", action: "OPEN", by: "agent", at: new Date().toISOString(), note: `Spoke to ${said}` }],
    });
    await app.database.db.insert(feedback).values({ customerId: id, kind: "NPS", score: 2, comment: `I am ${values.name}`, answers: { contact: said }, channel: "SMS" });
    const consent = await app.gql(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, {
      input: { customerId: id, purpose: "MARKETING", status: "GRANTED", source: "HALL", policyVersion: "v1", notice: `Read aloud to ${said}` },
    });
    expect(consent.errors).toBeUndefined();

    const requested = await app.gql(`mutation($id: ID!, $notes: String) { requestDataSubjectAction(customerId: $id, type: ERASURE, jurisdiction: PIPL, notes: $notes) { id } }`, {
      id,
      notes: `Erase ${said}, national id ${values.nationalId}`,
    });
    expect(requested.errors).toBeUndefined();
    const secrets = [values.name, digits, values.email, values.nationalId, values.address];
    // The sweep finds the values before erasure (a sweep that finds nothing proves nothing).
    const before = await cellsHolding(secrets);
    for (const cell of ["customers.name", "interactions.agent", "interactions.external_id", "cases.root_cause", "cases.history", "consent_events.evidence", "data_subject_requests.notes"]) {
      expect(before).toContain(cell);
    }

    const fulfilled = await app.gql(`mutation($id: ID!, $notes: String) { fulfilDataSubjectRequest(id: $id, notes: $notes) { status } }`, {
      id: requested.data!.requestDataSubjectAction.id,
      notes: `Done for ${values.name}`,
    });
    expect(fulfilled.errors).toBeUndefined();
    expect(fulfilled.data!.fulfilDataSubjectRequest.status).toBe("FULFILLED");

    expect(await cellsHolding(secrets)).toEqual([]);
  }, 120_000);
});
