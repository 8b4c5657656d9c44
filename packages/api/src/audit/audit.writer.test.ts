import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/database.js";
import { SYSTEM_PRINCIPAL } from "../privacy/principal.js";
import { chainHash, GENESIS_HASH } from "./audit.chain.js";
import { auditEvents } from "./audit.table.js";
import { appendAuditGrouped } from "./audit.writer.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("audit writer", () => {
  it("group-commits concurrent reads into fewer transactions and still forms one unbroken chain", async () => {
    database.statements.length = 0;
    const appends = Array.from({ length: 60 }, (_, i) =>
      appendAuditGrouped(database.db, { requestId: `r${i}`, principal: SYSTEM_PRINCIPAL, purpose: "SERVICE" }, {
        action: "READ",
        operation: `op${i}`,
        customerIds: [],
        fields: ["Customer.name"],
      }),
    );
    await Promise.all(appends);
    const locks = database.statements.filter((s) => s.includes("pg_advisory_xact_lock")).length;
    expect(locks).toBeGreaterThanOrEqual(1);
    expect(locks).toBeLessThan(60);

    const rows = await database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
    expect(rows.map((r) => r.requestId).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `r${i}`).sort());
    let prev = GENESIS_HASH;
    for (const row of rows) {
      expect(row.prevHash).toBe(prev);
      expect(row.hash).toBe(chainHash(prev, row));
      prev = row.hash;
    }
  });
});
