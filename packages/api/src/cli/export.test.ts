import { PassThrough } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../db/rows.js";
import { createPartner, issueKey } from "../modules/partner/partner.service.js";
import { selectPartner } from "../modules/partner/partner.queries.js";
import { startTestApp, type TestApp } from "../test/app.js";
import { insertCustomers, insertGrants, insertInteractionsFor } from "../test/builders.js";
import { exportColumns, exportEntity, exportPartnerPrincipal, type ExportOptions } from "./export.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

async function exported(options: Omit<ExportOptions, "out">): Promise<string> {
  const out = new PassThrough();
  let text = "";
  out.on("data", (c) => (text += c));
  await exportEntity(app.database, { ...options, out });
  return text;
}

describe("tessera export", () => {
  it("a partner-scoped export of customers holds exactly the customers and fields that partner sees over GraphQL, audited as its read", async () => {
    // 150 customers (more than one page of 100); the partner sees only those who granted MARKETING.
    const ids = await insertCustomers(app.database.db, 150, { region: "Zhejiang" });
    await insertGrants(app.database.db, ids.slice(0, 120), "MARKETING");
    const app1 = await createPartner(app.database.db, { name: "export-partner", purposes: ["MARKETING"], fields: ["Customer.name", "Customer.region"] });
    const key = (await issueKey(app.database.db, app1.id)).key;
    const partner = (await selectPartner(app.database.db, app1.id))!;
    const principal = exportPartnerPrincipal(partner);
    const columns = await exportColumns("Customer", principal, "MARKETING");
    // Withheld fields are not columns at all; allowlisted and non-personal ones are.
    expect(columns).toEqual(expect.arrayContaining(["id", "name", "region"]));
    expect(columns).not.toContain("phone");
    expect(columns).not.toContain("nationalId");

    const lines = (await exported({ entity: "customers", principal, purpose: "MARKETING", format: "ndjson" })).trim().split("\n").map((l) => JSON.parse(l));
    // The same over HTTP with the partner's key, page after page.
    const overHttp: Record<string, unknown>[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await app.gql(`query($after: String) { customers(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${columns.join(" ")} } } } }`, { after }, { as: { apiKey: key }, purpose: "MARKETING" });
      expect(res.errors).toBeUndefined();
      overHttp.push(...res.data.customers.edges.map((e: any) => e.node));
      if (!res.data.customers.pageInfo.hasNextPage) break;
      after = res.data.customers.pageInfo.endCursor;
    }
    expect(lines).toEqual(overHttp);
    expect(lines.length).toBeGreaterThanOrEqual(120);
    expect(lines.map((l) => l.id)).not.toContain(ids[130]);
    expect(new Set(lines.map((l) => Object.keys(l).sort().join(",")))).toEqual(new Set([[...columns].sort().join(",")]));

    const audited = rowsOf<{ n: number }>(
      await app.database.db.execute(sql`select count(*)::int as n from audit_events where principal = ${"partner:export-partner"} and action = 'READ' and operation = 'TesseraExport' and ${ids[0]!} = any(customer_ids)`),
    );
    expect(audited[0]!.n).toBe(1);
  });

  it("exports a customer's interactions as CSV with a header, every page, as the named user's view", async () => {
    const [id] = await insertCustomers(app.database.db, 1);
    await insertInteractionsFor(app.database.db, [id!], 250);
    const text = await exported({ entity: "interactions", principal: { kind: "USER", id: "u", name: "analyst", role: "ANALYST" }, purpose: "ANALYTICS", format: "csv", customerId: id });
    const [header, ...rows] = text.trim().split("\n");
    expect(header!.split(",")).toContain("occurredAt");
    // Analysts do not read free text: no summary column.
    expect(header!.split(",")).not.toContain("summary");
    expect(rows).toHaveLength(250);
  });
});
