import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../db/rows.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers } from "../../test/builders.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const ADD = `mutation($identifiers: [IdentifierFeedInput!]!) { addIdentifiers(identifiers: $identifiers) { inserted updated unchanged rejected errors { index externalId field message } } }`;

describe("identifier feed", () => {
  it("upserts identifier windows by type + value + validFrom, rejects overlapping windows one by one, closes a window when re-sent with validTo", async () => {
    const [a, b, c] = await insertCustomers(app.database.db, 3, { phone: null });
    const first = [
      { customer: { id: a }, type: "ACCOUNT_NO", value: "ACC-77", validFrom: "2024-01-01T00:00:00Z", validTo: "2025-01-01T00:00:00Z" },
      { customer: { id: b }, type: "ACCOUNT_NO", value: "ACC-77", validFrom: "2025-01-01T00:00:00Z", source: "BILLING" },
      { customer: { id: b }, type: "MSISDN", value: "12", validFrom: "2025-01-01T00:00:00Z" },
      { customer: { id: c }, type: "ACCOUNT_NO", value: "ACC-77", validFrom: "2024-06-01T00:00:00Z" },
    ];
    const res = (await app.gql(ADD, { identifiers: first })).data!.addIdentifiers;
    expect(res).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, rejected: 2 });
    expect(res.errors.map((e: any) => [e.index, e.field])).toEqual([
      [2, "identifiers[2].value"],
      [3, "identifiers[3].validFrom"],
    ]);
    expect(res.errors[1].message).toMatch(/overlapping period/);
    expect((await app.gql(ADD, { identifiers: first.slice(0, 2) })).data!.addIdentifiers).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: 0 });

    // Closing B's window: the same key with validTo.
    const close = [{ ...first[1], validTo: "2026-01-01T00:00:00Z" }];
    expect((await app.gql(ADD, { identifiers: close })).data!.addIdentifiers).toMatchObject({ updated: 1 });
    // A window overlapping B's (closed) one is refused; one after it is taken; the customer by identifier resolves at validFrom.
    const later = await app.gql(ADD, {
      identifiers: [
        { customer: { id: c }, type: "ACCOUNT_NO", value: "ACC-77", validFrom: "2025-06-01T00:00:00Z" },
        { customer: { id: c }, type: "ACCOUNT_NO", value: "ACC-77", validFrom: "2026-01-01T00:00:00Z" },
        { customer: { identifier: { type: "ACCOUNT_NO", value: "ACC-77" } }, type: "DEVICE_ID", value: "IMEI-1", validFrom: "2024-03-01T00:00:00Z" },
      ],
    });
    expect(later.data!.addIdentifiers).toMatchObject({ inserted: 2, rejected: 1 });
    const rows = rowsOf<{ customer_id: string; type: string; value: string; valid_to: string | null }>(
      await app.database.db.execute(sql`select customer_id, type::text, value, valid_to::text from identifiers where value in ('ACC-77', 'IMEI-1') order by valid_from, type`),
    );
    expect(rows.map((r) => [r.customer_id, r.type, r.value])).toEqual([
      [a, "ACCOUNT_NO", "ACC-77"],
      [a, "DEVICE_ID", "IMEI-1"],
      [b, "ACCOUNT_NO", "ACC-77"],
      [c, "ACCOUNT_NO", "ACC-77"],
    ]);
  });
});
