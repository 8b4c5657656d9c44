/**
 * W4 import: `tessera import interactions` (the CLI's code path, in this process) on a generated
 * CSV, beside a bare `COPY` of the same file into an unindexed copy of the interactions table —
 * the physical limit of getting those bytes into PostgreSQL here — in the same run. Also the
 * set-based bound: that COPY plus one `INSERT … SELECT … ON CONFLICT DO NOTHING` of all its rows
 * into the real, indexed interactions table (keys, indexes and foreign key maintained): what any
 * merge from staging costs at best, with no validation, audit or insight.
 */
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { AuditCollector } from "../audit/audit.collector.js";
import { importFile } from "../cli/import.js";
import type { Database } from "../db/client.js";
import { interactionFeed } from "../modules/interaction/interaction.feed.js";
import { SYSTEM_PRINCIPAL } from "../privacy/principal.js";
import { RssSampler } from "./measure.js";
import type { RawSql } from "./raw.js";

export interface ImportBenchReport {
  rows: number;
  fileMb: number;
  batchSize: number;
  copy: { seconds: number; rowsPerSecond: number };
  import: { seconds: number; rowsPerSecond: number; inserted: number; rejected: number; peakRssMb: number };
  /** Bare COPY plus one INSERT … SELECT of all rows into the indexed table. */
  bound: { seconds: number; rowsPerSecond: number };
  /** Import rate / bare COPY rate. */
  ratio: number;
  /** Import rate / set-based bound rate. */
  boundRatio: number;
}

const CHANNELS = ["HALL", "APP", "HOTLINE", "WEB", "WECHAT", "SMS", "EMAIL"];
// No MARKETING (capped per customer); complaints are in, so touched customers' insight is refreshed as in real feeds.
const TYPES = ["CONSULTATION", "COMPLAINT", "FAULT_REPORT", "TRANSACTION", "CARE"];
const COLUMNS = ["customerId", "externalId", "occurredAt", "channel", "type", "summary", "agent", "outcome"];

export async function measureImport(database: Database, sql: RawSql, opts: { rows: number; batchSize?: number; progress: (line: string) => void }): Promise<ImportBenchReport> {
  const batchSize = opts.batchSize ?? 1_000;
  const customers = (await sql<{ id: string }[]>`select id from customers where erased_at is null order by random() limit 2000`).map((r) => r.id);
  if (!customers.length) throw new Error("no customers to attach interactions to");
  const dir = mkdtempSync(join(tmpdir(), "tessera-bench-import-"));
  const file = join(dir, "interactions.csv");
  const prefix = `bench-import-${randomUUID().slice(0, 8)}`;
  const copyTable = `bench_copy_${randomUUID().slice(0, 8)}`;
  try {
    opts.progress(`W4 import: writing ${opts.rows.toLocaleString("en-US")} interactions to a CSV file`);
    await writeCsv(file, opts.rows, customers, prefix);
    const fileMb = statSync(file).size / 1_048_576;

    // Bare COPY: same file, a table shaped like interactions with no index, no key, no trigger.
    opts.progress("W4 import: bare COPY into an unindexed copy of interactions…");
    await sql.unsafe(`create table "${copyTable}" (like interactions including defaults)`);
    const copyStart = performance.now();
    const writable = await sql
      .unsafe(`copy "${copyTable}" (customer_id, external_id, occurred_at, channel, type, summary, agent, outcome) from stdin with (format csv, header true)`)
      .writable();
    await pipeline(createReadStream(file), writable);
    const copySeconds = (performance.now() - copyStart) / 1000;
    opts.progress(`W4 import: bare COPY ${Math.round(opts.rows / copySeconds).toLocaleString("en-US")} rows/s`);

    opts.progress("W4 import: tessera import interactions…");
    const audit = new AuditCollector({ requestId: `bench-import-${prefix}`, principal: SYSTEM_PRINCIPAL, purpose: "SERVICE" });
    audit.operation = "import interactions";
    const rss = new RssSampler();
    rss.start();
    const summary = await importFile(database, interactionFeed, file, "csv", { audit, dryRun: false, maxErrors: Infinity, batchSize });
    const peakRssMb = rss.stop();
    opts.progress(`W4 import: ${Math.round(summary.read / summary.seconds).toLocaleString("en-US")} rows/s (${summary.inserted} inserted, ${summary.rejected} rejected)`);

    // The set-based bound, after the import (so the import meets an untouched table): the copied
    // rows under other external ids (renamed outside the timing), merged in one statement.
    opts.progress("W4 import: set-based bound (one INSERT … SELECT of the copied rows into interactions)…");
    await sql.unsafe(`update "${copyTable}" set external_id = 'bound-' || external_id`);
    const insertStart = performance.now();
    await sql.unsafe(
      `insert into interactions (customer_id, external_id, occurred_at, channel, type, summary, agent, outcome)
       select customer_id, external_id, occurred_at, channel, type, summary, agent, outcome from "${copyTable}" on conflict (external_id) do nothing`,
    );
    const boundSeconds = copySeconds + (performance.now() - insertStart) / 1000;
    const copyRate = opts.rows / copySeconds;
    const importRate = summary.read / summary.seconds;
    const boundRate = opts.rows / boundSeconds;
    return {
      rows: opts.rows,
      fileMb,
      batchSize,
      copy: { seconds: copySeconds, rowsPerSecond: copyRate },
      import: { seconds: summary.seconds, rowsPerSecond: importRate, inserted: summary.inserted, rejected: summary.rejected, peakRssMb },
      bound: { seconds: boundSeconds, rowsPerSecond: boundRate },
      ratio: importRate / copyRate,
      boundRatio: importRate / boundRate,
    };
  } finally {
    await sql.unsafe(`drop table if exists "${copyTable}"`);
    await sql`delete from interactions where external_id like ${`${prefix}-%`} or external_id like ${`bound-${prefix}-%`}`;
    rmSync(dir, { recursive: true, force: true });
  }
}

async function writeCsv(file: string, rows: number, customers: readonly string[], prefix: string) {
  const out = createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", () => resolve())));
  await write(`${COLUMNS.join(",")}\n`);
  const now = Date.now();
  for (let i = 0; i < rows; i++) {
    const k = i % 1000;
    await write(
      `${customers[i % customers.length]},${prefix}-${i},${new Date(now - (i + 1) * 1000).toISOString()},${CHANNELS[k % CHANNELS.length]},${TYPES[k % TYPES.length]},` +
        `"Customer asked about the monthly bill, ref ${i}",agent-${k % 50},RESOLVED\n`,
    );
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
