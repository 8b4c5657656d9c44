import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/database.js";
import { SYSTEM_PRINCIPAL } from "../privacy/principal.js";
import { auditEvents } from "./audit.table.js";
import { appendAuditGrouped } from "./audit.writer.js";
import { sealPending } from "./seal.js";
import { verifyAuditChain } from "./verify.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("audit writer", () => {
  it("group-commits concurrent reads into fewer statements, takes no lock, and the sealer chains them into one unbroken chain", async () => {
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
    const inserts = database.statements.filter((s) => s.includes('insert into "audit_events"')).length;
    expect(inserts).toBeGreaterThanOrEqual(1);
    expect(inserts).toBeLessThan(60);
    expect(database.statements.filter((s) => s.includes("advisory"))).toEqual([]);

    const rows = await database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
    expect(rows.map((r) => r.requestId).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `r${i}`).sort());
    expect(await sealPending(database.db, { batchSize: 25 })).toEqual({ sealed: 60, busy: false });
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, checked: 60, unsealed: 0 });
  });
});
