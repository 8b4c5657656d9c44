/**
 * The bulk transport of `tessera import` on PostgreSQL: each batch's validated rows are streamed
 * with COPY (postgres.js `.writable()`) into the run's unlogged staging table, and the entity's
 * merge statement reads them from there — the same merge as for GraphQL batches, which read a
 * JSON recordset (feed.source.ts). PGlite has no COPY from a client stream: it keeps the recordset.
 *
 * The staging table is emptied (TRUNCATE) after a committed batch once it holds
 * TRUNCATE_AFTER_ROWS rows (each merge reads only its own batch's rows, so earlier ones are
 * merely skipped; emptying it after every batch cost a lock and a file swap per batch), and
 * dropped at the end of the run. A run killed half-way leaves its table behind; nothing reads it (the
 * merge of each batch selects its own rows) and the next import drops tables older than a day.
 */
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";
import type { FeedEntity, FeedOptions } from "../modules/feed/feed.run.js";
import { IDX, stagedSource, stagingTableDdl, type FeedColumn } from "../modules/feed/feed.source.js";

const PREFIX = "import_stage_";
const STALE_SECONDS = 86_400;
const TRUNCATE_AFTER_ROWS = 20_000;

export interface CopyStager {
  stage: NonNullable<FeedOptions["stage"]>;
  /** Called once the staged batch's transaction has committed: empties the staging table when it has grown. */
  committed(): Promise<void>;
  /** Drops the run's staging table. */
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function copyStager(client: postgres.Sql, entity: FeedEntity<any, any>): Promise<CopyStager> {
  await dropStaleStagingTables(client);
  // import_stage_<unix seconds>_<random>_<entity>: the age is in the name, for the sweep.
  const table = `${PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString("hex")}_${entity.name}`;
  await client.unsafe(stagingTableDdl(table, entity.columns));
  const names = ["batch", IDX.name, ...entity.columns.map((c) => c.name)].map((n) => `"${n}"`).join(", ");
  let batch = 0;
  let staged = 0;
  return {
    async stage(columns, rows) {
      batch++;
      staged += rows.length;
      const text = rows.map((row) => `${batch}\t${copyValue(row.idx, "int")}\t${columns.map((c) => copyValue(row[c.name], c.type)).join("\t")}\n`).join("");
      const writable = await client.unsafe(`copy "${table}" (${names}) from stdin`).writable();
      await pipeline(Readable.from([text]), writable);
      return stagedSource(table, columns, batch);
    },
    async committed() {
      if (staged < TRUNCATE_AFTER_ROWS) return;
      await client.unsafe(`truncate "${table}"`);
      staged = 0;
    },
    async close() {
      await client.unsafe(`drop table if exists "${table}"`);
    },
  };
}

async function dropStaleStagingTables(client: postgres.Sql) {
  const tables = await client<{ tablename: string }[]>`select tablename from pg_tables where schemaname = current_schema() and tablename like ${`${PREFIX}%`}`;
  const cutoff = Date.now() / 1000 - STALE_SECONDS;
  for (const { tablename } of tables) {
    const started = Number(tablename.slice(PREFIX.length).split("_")[0]);
    if (Number.isFinite(started) && started < cutoff) await client.unsafe(`drop table if exists "${tablename}"`);
  }
}

/** COPY text format: `\N` is null; backslash, tab, newline and carriage return are escaped. */
function escapeText(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** One value in COPY text format for a column of `type` (feed.source.ts FeedColumn types). */
export function copyValue(value: unknown, type: FeedColumn["type"]): string {
  if (value === null || value === undefined) return "\\N";
  if (type.endsWith("[]")) {
    const items = (value as unknown[]).map((v) => (v == null ? "NULL" : `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`));
    return escapeText(`{${items.join(",")}}`);
  }
  if (type === "jsonb") return escapeText(JSON.stringify(value));
  if (typeof value === "boolean") return value ? "t" : "f";
  if (value instanceof Date) return value.toISOString();
  return escapeText(String(value));
}
