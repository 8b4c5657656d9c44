import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../db/rows.js";
import { repoRoot } from "../lib/paths.js";
import { startTestApp, type TestApp } from "../test/app.js";
import { insertCustomers, insertInteractionsFor } from "../test/builders.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const CUSTOMERS_CSV = readFileSync(join(repoRoot(), "examples/import/customers.csv"));
const count = async (query: ReturnType<typeof sql>) => rowsOf<{ n: number }>(await app.database.db.execute(query))[0]!.n;

/** POSTs a file to /import/<entity> as `role` and reads the streamed NDJSON answer. */
async function upload(entity: string, body: Buffer, query = "", role: "STEWARD" | "ANALYST" | "ADMIN" | null = "STEWARD", headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}/import/${entity}${query}`, {
    method: "POST",
    headers: { "content-type": "text/csv", ...(role && { authorization: await app.bearer(role) }), ...headers },
    body: new Uint8Array(body),
  });
  const text = await res.text();
  const lines = res.headers.get("content-type")?.includes("ndjson") ? text.trim().split("\n").map((l) => JSON.parse(l)) : [];
  return { status: res.status, lines, json: lines.length ? undefined : JSON.parse(text), summary: lines.at(-1) };
}

describe("POST /import/<entity> (the console's import: the tessera import code path over HTTP)", () => {
  it("dry-runs the sample customers (nothing written), then applies them as the steward's audited writes; a second run changes nothing", async () => {
    const dry = await upload("customers", CUSTOMERS_CSV, "?dryRun=1");
    expect(dry.status).toBe(200);
    // The sample's counts and bad rows (docs/import.md, examples/import): 10 rows, lines 5–10 bad.
    expect(dry.summary).toMatchObject({ type: "summary", dryRun: true, read: 10, inserted: 0, updated: 0, rejected: 6 });
    expect(dry.summary.rejects.map((r: { line: number }) => r.line)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(dry.summary.rejects[0]).toMatchObject({
      line: 5,
      column: "phone",
      reason: expect.stringMatching(/not a valid mobile number/),
      // The code and parameters the console translates (its Chinese page shows no English reason).
      problems: [{ column: "phone", code: "INVALID_MSISDN", params: { value: expect.any(String) } }],
    });
    expect(dry.summary.rejects[5].reason).toMatch(/not valid UTF-8/);
    expect(await count(sql`select count(*)::int as n from customers where external_id like 'CRM-%'`)).toBe(0);

    const applied = await upload("customers", CUSTOMERS_CSV);
    expect(applied.summary).toMatchObject({ type: "summary", dryRun: false, read: 10, inserted: 4, updated: 0, unchanged: 0, rejected: 6 });
    expect(await count(sql`select count(*)::int as n from customers where external_id like 'CRM-%'`)).toBe(4);
    expect(await count(sql`select count(*)::int as n from audit_events where principal = 'user:steward' and action = 'CREATE' and operation = 'import customers'`)).toBeGreaterThanOrEqual(1);

    // Gzipped, the same file again: idempotent.
    const again = await upload("customers", gzipSync(CUSTOMERS_CSV), "", "STEWARD", { "content-encoding": "gzip" });
    expect(again.summary).toMatchObject({ read: 10, inserted: 0, updated: 0, unchanged: 4, rejected: 6 });
  }, 120_000);

  it("streams progress lines while a larger file runs", async () => {
    const rows = Array.from({ length: 1_200 }, (_, i) => `P-BULK-${i},Bulk plan ${i},DATA,${(i % 90) + 10}`);
    const plans = Buffer.from(`code,name,services,monthlyFee\n${rows.join("\n")}\n`);
    const { lines, summary } = await upload("plans", plans, "?dryRun=1");
    const progress = lines.filter((l) => l.type === "progress");
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]).toMatchObject({ total: plans.length, read: expect.any(Number) });
    expect(progress[0].bytes).toBeGreaterThan(0);
    expect(summary).toMatchObject({ type: "summary", read: 1_200, rejected: 0 });
  }, 120_000);

  it("is allowed to whoever may call the entity's feed mutation: not analysts, not without a session", async () => {
    const analyst = await upload("customers", CUSTOMERS_CSV, "?dryRun=1", "ANALYST");
    expect(analyst.status).toBe(403);
    expect(analyst.json.errors[0].extensions.code).toBe("FORBIDDEN");
    const anonymous = await upload("customers", CUSTOMERS_CSV, "?dryRun=1", null);
    expect(anonymous.status).toBe(401);
    expect((await upload("pets", CUSTOMERS_CSV)).status).toBe(404);
    expect((await fetch(`${app.url}/import/customers`, { headers: { authorization: await app.bearer("STEWARD") } })).status).toBe(405);
  });
});

describe("GET /export/<entity> (the console's CSV export: the tessera export code path over HTTP)", () => {
  it("gives an analyst exactly their pseudonymous view of customers over GraphQL, audited as the analyst's read", async () => {
    const ids = await insertCustomers(app.database.db, 130, { region: "Sichuan" });
    const authorization = await app.bearer("ANALYST");
    const res = await fetch(`${app.url}/export/customers?format=csv`, { headers: { authorization } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"/);
    const [header, ...rows] = (await res.text()).trim().split("\n");
    const columns = header!.split(",");
    // Analysts read no direct identifier or contact data: those are not columns at all.
    for (const withheld of ["name", "phone", "email", "nationalId", "address"]) expect(columns).not.toContain(withheld);
    expect(columns).toEqual(expect.arrayContaining(["id", "region"]));

    const overGraphql: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await app.gql(`query($after: String) { customers(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id region } } } }`, { after }, { as: "ANALYST" });
      overGraphql.push(...page.data.customers.edges.map((e: any) => `${e.node.id},${e.node.region ?? ""}`));
      if (!page.data.customers.pageInfo.hasNextPage) break;
      after = page.data.customers.pageInfo.endCursor;
    }
    const id = columns.indexOf("id");
    const region = columns.indexOf("region");
    expect(rows.map((r) => r.split(",")).map((cells) => `${cells[id]},${cells[region]}`)).toEqual(overGraphql);
    expect(rows.length).toBeGreaterThanOrEqual(130);
    expect(
      await count(sql`select count(*)::int as n from audit_events where principal = 'user:analyst' and action = 'READ' and operation = 'TesseraExport' and ${ids[0]!} = any(customer_ids)`),
    ).toBe(1);
  }, 120_000);

  it("exports one customer's interactions; refuses without a session or a customer", async () => {
    const [id] = await insertCustomers(app.database.db, 1);
    await insertInteractionsFor(app.database.db, [id!], 120);
    const authorization = await app.bearer("STEWARD");
    const res = await fetch(`${app.url}/export/interactions?format=csv&customerId=${id}`, { headers: { authorization } });
    const [header, ...rows] = (await res.text()).trim().split("\n");
    expect(header!.split(",")).toEqual(expect.arrayContaining(["occurredAt", "summary"]));
    expect(rows).toHaveLength(120);
    expect((await fetch(`${app.url}/export/interactions?format=csv`, { headers: { authorization } })).status).toBe(400);
    const anonymous = await fetch(`${app.url}/export/customers`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const unknown = await fetch(`${app.url}/export/interactions?customerId=00000000-0000-4000-8000-000000000000`, { headers: { authorization } });
    expect(unknown.status).toBe(404);
  }, 120_000);
});
