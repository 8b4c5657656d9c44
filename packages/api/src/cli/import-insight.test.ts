import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemAudit } from "../audit/audit.collector.js";
import { rowsOf } from "../db/rows.js";
import { runFeed } from "../modules/feed/feed.run.js";
import { interactionFeed } from "../modules/interaction/interaction.feed.js";
import { createTestDatabase, type TestDatabase } from "../test/database.js";
import { insertCustomers } from "../test/builders.js";
import { importFile } from "./import.js";

/**
 * The bulk import refreshes the stored insight of the customers its file touches once per run,
 * after the last batch (not in every batch's transaction), and a run stopped before that refresh
 * and run again still refreshes them (issue 8: resumable; issue 12: set-based ingest).
 */
let db: TestDatabase;
const work = mkdtempSync(join(tmpdir(), "tessera-import-insight-"));
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
  rmSync(work, { recursive: true, force: true });
});

const insightOf = async (ids: string[]) =>
  rowsOf<{ customer_id: string }>(await db.db.execute(sql`select customer_id from customer_insight where customer_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`))
    .map((r) => r.customer_id)
    .sort();

function complaintsCsv(name: string, customers: string[], prefix: string): string {
  const file = join(work, name);
  const at = (k: number) => new Date(Date.now() - (k + 1) * 3_600_000).toISOString();
  const lines = customers.flatMap((id, c) => [0, 1].map((k) => `${id},${prefix}-${c}-${k},${at(k)},HOTLINE,COMPLAINT,Dropped calls,agent-1,OPEN`));
  writeFileSync(file, `customerId,externalId,occurredAt,channel,type,summary,agent,outcome\n${lines.join("\n")}\n`);
  return file;
}

const run = (file: string) => importFile(db, interactionFeed, file, "csv", { audit: systemAudit("import interactions"), dryRun: false, maxErrors: Infinity, batchSize: 2 });

describe("tessera import: insight refresh", () => {
  it("refreshes the touched customers once per run, after the last batch, and no one else", async () => {
    const [a, b, c, untouched] = await insertCustomers(db.db, 4);
    const file = complaintsCsv("once.csv", [a!, b!, c!], "once");
    db.statements.length = 0;
    const summary = await run(file);
    expect(summary).toMatchObject({ read: 6, inserted: 6, rejected: 0 });
    // Three batches of two rows; one insight upsert for the three customers.
    expect(db.statements.filter((s) => /insert into customer_insight/i.test(s))).toHaveLength(1);
    expect(await insightOf([a!, b!, c!, untouched!])).toEqual([a!, b!, c!].sort());
  });

  it("a run stopped before its refresh and run again refreshes the customers whose rows it finds stored", async () => {
    const [a, b] = await insertCustomers(db.db, 2);
    const file = complaintsCsv("resume.csv", [a!, b!], "resume");
    // The first run wrote its rows and died before the refresh: its deferred set is lost.
    const events = [a!, b!].flatMap((id, c) => [0, 1].map((k) => ({ customerId: id, externalId: `resume-${c}-${k}`, occurredAt: new Date(Date.now() - (k + 1) * 3_600_000), channel: "HOTLINE", type: "COMPLAINT", summary: "Dropped calls", agent: "agent-1", outcome: "OPEN" })));
    await runFeed({ db: db.db, audit: systemAudit("import interactions") }, interactionFeed, events, { deferInsight: new Set() });
    expect(await insightOf([a!, b!])).toEqual([]);
    const summary = await run(file);
    expect(summary).toMatchObject({ read: 4, inserted: 0, unchanged: 4, rejected: 0 });
    expect(await insightOf([a!, b!])).toEqual([a!, b!].sort());
  });
});
