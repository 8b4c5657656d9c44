import { problem, type Problem } from "@tessera/schema/problems";
import { randomUUID } from "node:crypto";
import { createWriteStream, existsSync, statSync, type WriteStream } from "node:fs";
import type { Readable } from "node:stream";
import type { Command } from "commander";
import { AuditCollector } from "../audit/audit.collector.js";
import type { Database } from "../db/client.js";
import { openConfiguredDatabase } from "../db/open.js";
import { AppError } from "../graphql/errors.js";
import { consentFeed } from "../modules/consent/consent.feed.js";
import { customerFeed } from "../modules/customer/customer.feed.js";
import { feedbackFeed } from "../modules/feedback/feedback.feed.js";
import { identifierFeed } from "../modules/identity/identity.feed.js";
import { interactionFeed } from "../modules/interaction/interaction.feed.js";
import { FEED_MUTATIONS, FEED_NAMES } from "../modules/feed/feed.names.js";
import { runFeed, type FeedEntity, type FeedName, type ItemError } from "../modules/feed/feed.run.js";
import { selectUserByUsername } from "../modules/user/user.queries.js";
import { planFeed } from "../modules/subscription/plan.feed.js";
import { subscriptionFeed } from "../modules/subscription/subscription.feed.js";
import { usageFeed } from "../modules/usage/usage.feed.js";
import { mayCall } from "../privacy/permissions.js";
import { SYSTEM_PRINCIPAL, type Principal } from "../privacy/principal.js";
import { CliError } from "./cli-error.js";
import { CellError, fromCsv, fromJson } from "./import-columns.js";
import { copyStager, type CopyStager } from "./import-copy.js";
import { formatOf, openInput, readRecords, type Format } from "./import-read.js";
import { checkHeader, coerceRecord, itemInputType, UnknownColumnsError } from "./import-shape.js";
import { refreshInsightFor } from "../modules/insight/insight.refresh.js";
import { progress } from "./progress.js";

/** The feeds `tessera import` runs: the same entities, validators and merges as the batch mutations (one per feed name). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const IMPORTERS: Record<FeedName, FeedEntity<any, any>> = {
  customers: customerFeed,
  identifiers: identifierFeed,
  plans: planFeed,
  subscriptions: subscriptionFeed,
  usage: usageFeed,
  consents: consentFeed,
  interactions: interactionFeed,
  feedback: feedbackFeed,
};
export { FEED_MUTATIONS };
const ENTITIES: readonly string[] = FEED_NAMES;

interface ImportOptions {
  format?: string;
  dryRun?: boolean;
  maxErrors?: string;
  rejects?: string;
  as?: string;
  batchSize: string;
}

/** A stream to import instead of a file (an HTTP upload): `total` bytes expected, 0 when unknown. */
export interface ImportSource {
  stream: Readable;
  bytesRead: () => number;
  total: number;
}

/** Progress and rejects as they happen, for a caller that shows them itself (the console's import page). */
export interface ImportReport {
  progress(bytesRead: number, totalBytes: number, summary: Readonly<ImportSummary>): void;
  reject(row: RejectedRow): void;
}

/** One problem of a rejected row: its column and the problem's code and parameters (@tessera/schema/problems). */
export interface RowProblem extends Problem {
  column: string;
}

/** A rejected row: the English reason (as in the rejects file) and its problems as codes, for a client to translate. */
export interface RejectedRow {
  line: number;
  column: string;
  reason: string;
  problems: RowProblem[];
}

export interface ImportSummary {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  seconds: number;
  stoppedEarly: boolean;
}

/**
 * Who the import runs as: a named console user (`--as`), else the system principal. Audited as
 * that principal. The user must be allowed the entity's batch mutation by the one access table
 * (privacy/permissions.ts), exactly as over GraphQL and the console's import route.
 */
async function principalFor(database: Database, entity: FeedName, username?: string): Promise<Principal> {
  if (!username) return SYSTEM_PRINCIPAL;
  const user = await selectUserByUsername(database.db, username);
  if (!user) throw new CliError(`--as: no user named "${username}"`, 2);
  const principal: Principal = { kind: "USER", id: user.id, name: user.username, role: user.role, clearance: user.clearance };
  const operation = FEED_MUTATIONS[entity];
  if (!mayCall(principal, operation)) throw new CliError(`--as: ${username} is ${user.role}, who may not call ${operation}; importing ${entity} needs it`, 2);
  return principal;
}

export function registerImport(program: Command) {
  program
    .command("import")
    .description("Import a CSV or NDJSON file (optionally .gz) through the feed write path: validated, idempotent, audited")
    .argument("<entity>", ENTITIES.join("|"))
    .argument("<file>", "CSV with a header row, or NDJSON (one object per line); .gz accepted")
    .option("--format <format>", "csv or ndjson (default: from the file name, else csv)")
    .option("--dry-run", "validate every row and report; write nothing")
    .option("--max-errors <n>", "stop after this many rejected rows")
    .option("--rejects <file>", "write rejected rows (line, column, reason) to this CSV file")
    .option("--as <username>", "run as this console user (one the access table lets call the entity's feed mutation: STEWARD, ADMIN): the audit trail names them")
    .option("--batch-size <n>", "rows per transaction", "1000")
    .addHelpText(
      "after",
      [
        "",
        "Columns are the batch mutation's input fields (docs/import.md lists them): nested with dots",
        "(customer.externalId), per-service charges as charges.<SERVICE>, lists separated by |.",
        "Re-running a file changes nothing; a run stopped half-way and run again ends with the same rows.",
        "Exit status: 0 every row taken, 1 some row rejected, 2 usage error.",
        "",
        "Examples:",
        "  tessera import customers examples/import/customers.csv --dry-run",
        "  tessera import usage examples/import/usage.csv --rejects /tmp/usage-rejects.csv --as steward",
        "",
      ].join("\n"),
    )
    .action(async (entityName: string, file: string, options: ImportOptions) => {
      if (!ENTITIES.includes(entityName)) throw new CliError(`unknown entity "${entityName}"; one of ${ENTITIES.join(", ")}`, 2);
      const entity = IMPORTERS[entityName as FeedName];
      if (!existsSync(file)) throw new CliError(`no such file: ${file}`, 2);
      if (options.format && !["csv", "ndjson"].includes(options.format)) throw new CliError(`--format must be csv or ndjson, got "${options.format}"`, 2);
      const batchSize = Number(options.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5_000) throw new CliError(`--batch-size must be an integer from 1 to 5000`, 2);
      const maxErrors = options.maxErrors === undefined ? Infinity : Number(options.maxErrors);
      if (!Number.isInteger(maxErrors) && maxErrors !== Infinity) throw new CliError(`--max-errors must be an integer`, 2);

      const database = await openConfiguredDatabase();
      try {
        const principal = await principalFor(database, entityName as FeedName, options.as);
        const audit = new AuditCollector({ requestId: `import-${randomUUID()}`, principal, purpose: "SERVICE" });
        audit.operation = `import ${entityName}`;
        const shown: RejectedRow[] = [];
        const summary = await importFile(database, entity, file, formatOf(file, options.format), {
          audit,
          dryRun: Boolean(options.dryRun),
          maxErrors,
          rejects: options.rejects,
          batchSize,
          // The lowest lines: rows unreadable as text are reported as read, invalid ones per batch.
          onReject: (row) => {
            shown.push(row);
            shown.sort((a, b) => a.line - b.line);
            shown.length = Math.min(shown.length, SHOWN_REJECTS);
          },
        });
        process.stdout.write(formatSummary(entityName, summary, Boolean(options.dryRun)));
        process.stderr.write(formatRejects(shown, summary.rejected, options.rejects));
        if (summary.rejected > 0) process.exitCode = 1;
      } catch (error) {
        if (error instanceof UnknownColumnsError) throw new CliError(error.message, 2);
        if (error instanceof AppError) throw new CliError(error.message);
        throw error;
      } finally {
        await database.close();
      }
    });
}

/**
 * Streams the file through the feed in batches: read (constant memory), convert, runFeed (one
 * transaction per batch, merge by natural key, so a run killed half-way and run again converges).
 * The stored insight of the customers the file touches is refreshed once, after the last batch
 * (FeedOptions.deferInsight: a re-run refreshes them all again, so a killed run loses nothing).
 */
export async function importFile(
  database: Database,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entity: FeedEntity<any, any>,
  file: string | ImportSource,
  format: Format,
  options: { audit: AuditCollector; dryRun: boolean; maxErrors: number; rejects?: string; batchSize: number; transport?: "copy" | "json"; report?: ImportReport; onReject?: (row: RejectedRow) => void },
): Promise<ImportSummary> {
  const started = performance.now();
  const source = typeof file === "string" ? { ...openInput(file), total: statSync(file).size } : file;
  const { total } = source;
  const input = source;
  // The CLI draws a bar on stderr; another caller (the HTTP route) gets the same facts through `report`.
  const bar = options.report ? undefined : progress("bytes", `import ${entity.name}`);
  const tick = (done: number) =>
    options.report ? options.report.progress(done, total, summary) : bar!.update(done, total, `${summary.read.toLocaleString("en-US")} rows`);
  const rejects = options.rejects ? createWriteStream(options.rejects) : undefined;
  // `code` came after the first three columns, so readers of line,column,reason keep working.
  rejects?.write("line,column,reason,code\n");
  const summary: ImportSummary = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, seconds: 0, stoppedEarly: false };
  let batch: { line: number; input: Record<string, unknown> }[] = [];
  // PostgreSQL: valid rows reach the merge through COPY into a staging table (import-copy.ts).
  const useCopy = !options.dryRun && database.raw.postgres && (options.transport ?? "copy") === "copy";
  const stager: CopyStager | undefined = useCopy ? await copyStager(database.raw.postgres!, entity) : undefined;
  const deferInsight = new Set<string>();
  const item = await itemInputType(FEED_MUTATIONS[entity.name], entity.arg);
  let headerChecked = format !== "csv";

  const reject = (row: RejectedRow) => {
    summary.rejected++;
    rejects?.write(`${row.line},${csvCell(row.column)},${csvCell(row.reason)},${row.problems.map((p) => p.code).join(" ")}\n`);
    options.report?.reject(row);
    options.onReject?.(row);
  };
  /** A row rejected for problems with its columns; the reason names each column before its problem. */
  const rejectRow = (line: number, problems: ({ column: string } & Problem)[]) =>
    reject({ line, column: problems.map((p) => p.column).join(" "), reason: problems.map((p) => `${p.column || "row"} ${p.message}`).join("; "), problems });
  const flush = async () => {
    if (!batch.length) return;
    const current = batch;
    batch = [];
    const outcome = await runFeed({ db: database.db, audit: options.audit }, entity, current.map((b) => b.input), {
      dryRun: options.dryRun,
      maxBatch: options.batchSize,
      stage: stager?.stage,
      deferInsight,
    });
    await stager?.committed();
    summary.inserted += outcome.inserted;
    summary.updated += outcome.updated;
    summary.unchanged += outcome.unchanged;
    // Batch positions mean nothing in a file: "item 3 of this batch" becomes "line 12".
    const inFile = (e: ItemError): Problem =>
      e.code === "DUPLICATE_KEY_IN_BATCH"
        ? problem("DUPLICATE_KEY", { line: current[Number(e.params?.item)]!.line })
        : { code: e.code, params: e.params, message: e.message };
    for (const [index, errors] of groupByIndex(outcome.errors)) {
      rejectRow(current[index]!.line, errors.map((e) => ({ column: columnOf(entity.arg, e.field), ...inFile(e) })));
    }
  };

  // One batch is written while the next is read and validated: Node's parsing and PostgreSQL's
  // merge overlap. Batches still commit one after the other, in file order.
  let writing: Promise<void> = Promise.resolve();
  const write = async () => {
    await writing;
    writing = flush();
    writing.catch(() => undefined); // awaited at the next batch or the end; not unhandled meanwhile
  };

  try {
    for await (const read of readRecords(input.stream, format)) {
      summary.read++;
      if ("problem" in read) {
        const { column, code, params, message } = read.problem;
        reject({ line: read.line, column, reason: message, problems: [{ column, code, params, message }] });
      }
      else {
        // Every CSV record has the header's keys: the first one shows the header.
        if (!headerChecked) {
          checkHeader(item, Object.keys(read.record));
          headerChecked = true;
        }
        try {
          const converted = format === "csv" ? fromCsv(entity.name, read.record as Record<string, string>) : fromJson(entity.name, read.record);
          const coerced = coerceRecord(item, converted);
          if ("value" in coerced) batch.push({ line: read.line, input: coerced.value });
          // A CSV list is one cell (`VOICE|SATELLITE`): its column is named, not the value's place in it.
          else rejectRow(read.line, format === "csv" ? coerced.problems.map((p) => ({ ...p, column: p.column.replace(/\[\d+\]/g, "") })) : coerced.problems);
        } catch (error) {
          if (!(error instanceof CellError)) throw error;
          rejectRow(read.line, [{ column: error.column, ...error.problem }]);
        }
      }
      if (batch.length >= options.batchSize) await write();
      if (summary.rejected > options.maxErrors) {
        summary.stoppedEarly = true;
        break;
      }
      if (summary.read % 500 === 0) tick(input.bytesRead());
    }
    await writing;
    if (!summary.stoppedEarly) await flush();
    tick(Math.max(total, input.bytesRead()));
    if (deferInsight.size) {
      bar?.update(total, total, `refreshing the insight of ${deferInsight.size.toLocaleString("en-US")} customers`);
      await refreshInsightFor(database.db, deferInsight);
    }
  } finally {
    await writing.catch(() => undefined);
    bar?.stop();
    input.stream.destroy();
    await closeStream(rejects);
    await stager?.close();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

function groupByIndex(errors: readonly ItemError[]): Map<number, ItemError[]> {
  const out = new Map<number, ItemError[]>();
  for (const e of errors) out.set(e.index, [...(out.get(e.index) ?? []), e]);
  return out;
}

/** `customers[3].phone` → `phone`; `usage[0].charges[1].amount` → `charges[1].amount`. */
function columnOf(arg: string, field: string): string {
  return field.replace(new RegExp(`^${arg}\\[\\d+\\]\\.?`), "");
}

export function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function closeStream(stream?: WriteStream): Promise<void> {
  return new Promise((resolve) => (stream ? stream.end(resolve) : resolve()));
}

/** Rejected rows the terminal shows; `--rejects FILE` has every one. */
const SHOWN_REJECTS = 10;

/** The first rejected rows (by line), for stderr: a user sees why without opening a file. */
function formatRejects(shown: readonly RejectedRow[], rejected: number, rejectsFile?: string): string {
  if (!rejected) return "";
  const lines = shown.map((r) => `  line ${r.line}: ${r.reason}`);
  const rest = rejected - shown.length;
  const where = rejectsFile ? `${rejectsFile} lists every rejected row` : "--rejects FILE writes every rejected row to a CSV file";
  return `Rejected${shown.length < rejected ? ` (first ${shown.length})` : ""}:\n${lines.join("\n")}\n${rest > 0 ? `  … and ${rest.toLocaleString("en-US")} more; ` : "  "}${where}\n`;
}

export function formatSummary(entity: string, s: ImportSummary, dryRun: boolean): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const rate = s.seconds > 0 ? Math.round(s.read / s.seconds) : s.read;
  const lines = [
    `${dryRun ? "Dry run of" : "Imported"} ${entity}${s.stoppedEarly ? " (stopped early: --max-errors reached)" : ""}:`,
    `  read ${n(s.read)}  ${dryRun ? `valid ${n(s.read - s.rejected)}` : `inserted ${n(s.inserted)}  updated ${n(s.updated)}  unchanged ${n(s.unchanged)}`}  rejected ${n(s.rejected)}`,
    `  ${s.seconds.toFixed(1)} s, ${n(rate)} rows/s`,
  ];
  return `${lines.join("\n")}\n`;
}
