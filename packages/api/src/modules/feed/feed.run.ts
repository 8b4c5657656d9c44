import { PROBLEMS, problem, type Problem, type ProblemCode, type ProblemParams } from "@tessera/schema/problems";
/**
 * The one write path of every feed (SPEC §8): GraphQL batch mutations, single mutations that
 * delegate here and `tessera import` all run `runFeed`. Per batch, whatever its size:
 *
 * 1. each item is validated by its entity's validator (the same rules as the single mutation);
 * 2. customer references are resolved in one statement;
 * 3. repeats of a natural key inside the batch are rejected (or skipped, for append-only events);
 * 4. in one transaction, the entity's set-based merge statement writes every valid item and
 *    answers what it did per item (inserted, updated, rejected); items it did not touch were
 *    already stored as given (unchanged). The write is audited as the running principal's (one
 *    CREATE row per batch, one UPDATE row per changed record with its before/after, personal
 *    values hashed; all of a batch's rows in one insert) and the stored insight of the touched
 *    customers is refreshed — in the batch's transaction, or once per run when the caller
 *    defers it (`FeedOptions.deferInsight`, the bulk import).
 *
 * A bad item never blocks the good ones; an item is written whole or not at all.
 */
import type { CatalogType } from "@tessera/schema/catalog";
import type { Db, Tx } from "../../db/client.js";
import { diffForAudit, type AuditCollector } from "../../audit/audit.collector.js";
import type { AuditChange } from "../../audit/audit.table.js";
import type { AuditEntry } from "../../audit/audit.writer.js";
import { BadInputError, type FieldProblem } from "../../graphql/errors.js";
import { InputValidator } from "../../lib/validation.js";
import { refreshCandidatesOf } from "../identity/duplicates.queries.js";
import { DEFAULT_MIN_SCORE } from "../identity/identity.rules.js";
import { refreshInsightFor } from "../insight/insight.refresh.js";
import { emitEvents } from "../webhook/outbox.js";
import type { EventType } from "../webhook/webhook.table.js";
import { resolveCustomerRefs, type CustomerRef } from "./feed.customer-ref.js";
import { jsonSource, type FeedColumn, type FeedSource } from "./feed.source.js";

import type { FeedName } from "./feed.names.js";

export { FEED_NAMES, type FeedName } from "./feed.names.js";

/** Items per batch mutation call. */
export const MAX_FEED_BATCH = 5_000;

/** Who writes: the database and the principal's audit collector (its actor and operation name the rows). */
export interface FeedWriter {
  db: Db;
  audit: AuditCollector;
}

export interface ItemError {
  index: number;
  externalId: string | null;
  field: string;
  message: string;
  /** The problem's code and parameters (@tessera/schema/problems), for a client's own language. */
  code: ProblemCode;
  params: ProblemParams;
}

export interface FeedOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: ItemError[];
}

/** One valid item on its way to the merge. */
export interface Prepared<Item> {
  index: number;
  externalId: string | null;
  item: Item;
  customerId?: string;
}

/** What a merge statement answers for an item it touched (items it did not touch are unchanged). */
export interface MergeRow {
  idx: number;
  /** The stored row's id, when the table has one (named on the batch's CREATE audit row). */
  id?: string | null;
  outcome: "inserted" | "updated" | "rejected";
  customer_id?: string | null;
  /** Catalog-named values before and after, for the audit's before/after of changed fields. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  field?: string | null;
  /** A rejection's problem code (a ProblemCode: KeyedUpsert.missing, IDENTIFIER_WINDOW_TAKEN). */
  message?: string | null;
}

export interface FeedEntity<In, Item> {
  name: FeedName;
  /** The batch mutation's argument: error fields read `customers[3].phone`. */
  arg: string;
  /**
   * Type of the written record, naming its audit fields. Personal values of catalog types are
   * hashed in the audit's before/after; `Plan` holds no customer data and is kept in clear.
   */
  auditType: CatalogType | "Plan";
  /** Catalog fields a write stores, named on the audit rows. */
  auditFields: readonly string[];
  /** Source columns of the merge statement (besides idx). */
  columns: readonly FeedColumn[];
  /** Validates and normalises one input; every problem goes to `v`. Answers the item and its customer reference. */
  prepare(v: InputValidator, input: In): { item: Item; ref?: CustomerRef } | undefined;
  externalIdOf(input: In): string | null;
  /** The natural key, once the customer is known (repeats within a batch are found by it). */
  keyOf(item: Item, customerId: string | undefined): string;
  /** The input field a repeated key is reported on (e.g. externalId, month). */
  keyField: string;
  /** A repeated key in one batch: "reject" the later item, or "skip" it as unchanged (append-only events). */
  repeats: "reject" | "skip";
  /** The item as a source row (snake_case columns). */
  toRow(item: Item, customerId: string | undefined, writer: FeedWriter): Record<string, unknown>;
  /** Checks that need the database inside the writing transaction (e.g. the marketing cap). */
  check?(tx: Tx, items: readonly Prepared<Item>[]): Promise<(FieldProblem | undefined)[]>;
  /** The set-based write: one or a few statements for the whole batch, reading `source`. */
  merge(tx: Tx, source: FeedSource, items: readonly Prepared<Item>[]): Promise<MergeRow[]>;
  /** Whether a written item changes what the insight formulas read. */
  refreshesInsight: boolean | ((item: Item) => boolean);
  /** Whether written records are matched again for duplicates (the rules compare customer profile fields). */
  refreshesCandidates?: boolean;
  /**
   * The outbound event each changed record announces (SPEC §8: a profile update is
   * CUSTOMER_UPDATED), with the changed field names, as the single mutation announces it.
   */
  announcesUpdates?: EventType;
  /** Runs after the batch's writes, in its transaction, with the customers written (e.g. the key-account early warning). */
  afterWrite?: (tx: Tx, customerIds: readonly string[], writer: FeedWriter) => Promise<unknown>;
}

export interface FeedOptions {
  /** Validate and resolve only; nothing is written. */
  dryRun?: boolean;
  /** How the valid rows reach the merge; default a JSON recordset (the bulk import stages them with COPY). */
  stage?: (columns: readonly FeedColumn[], rows: Record<string, unknown>[]) => Promise<FeedSource>;
  /** Largest batch accepted (GraphQL callers); the CLI sets its own batch size. */
  maxBatch?: number;
  /**
   * Collect the customers whose insight the batch's items affect here instead of refreshing them
   * in the batch's transaction; the caller refreshes them once at the end of its run
   * (`refreshInsightFor`). Items already stored (unchanged) are collected too, so a run killed
   * before its refresh and run again still refreshes every customer its input touches.
   * (Duplicate candidates of written customers are still refreshed per batch: a new customer's id
   * is only known from the batch's merge.)
   */
  deferInsight?: Set<string>;
}

export async function runFeed<In, Item>(writer: FeedWriter, entity: FeedEntity<In, Item>, inputs: readonly In[], options: FeedOptions = {}): Promise<FeedOutcome> {
  const maxBatch = options.maxBatch ?? MAX_FEED_BATCH;
  if (inputs.length > maxBatch) throw BadInputError.field(entity.arg, problem("BATCH_TOO_LARGE", { max: maxBatch }));
  const errors: ItemError[] = [];
  const reject = (index: number, problems: FieldProblem[]) => {
    for (const p of problems) errors.push({ index, externalId: entity.externalIdOf(inputs[index]!), ...p });
  };

  // 1. Validation, item by item (pure: no database).
  const prepared: ({ item: Item; ref?: CustomerRef } | undefined)[] = inputs.map((input, index) => {
    const v = new InputValidator(`${entity.arg}[${index}]`);
    const result = entity.prepare(v, input);
    if (v.problems.length || !result) {
      reject(index, v.problems);
      return undefined;
    }
    return result;
  });

  // 2. Customer references, one statement for the batch.
  const resolutions = await resolveCustomerRefs(writer.db, prepared.map((p) => p?.ref));

  // 3. Repeats of a natural key inside the batch.
  let unchanged = 0;
  const valid: Prepared<Item>[] = [];
  const firstByKey = new Map<string, number>();
  prepared.forEach((p, index) => {
    if (!p) return;
    const resolution = resolutions[index];
    if (resolution && "problem" in resolution) return reject(index, [{ field: `${entity.arg}[${index}].${p.ref?.field ?? "customer"}`, ...resolution.problem }]);
    const customerId = resolution?.customerId;
    const key = entity.keyOf(p.item, customerId);
    const first = firstByKey.get(key);
    if (first !== undefined) {
      if (entity.repeats === "skip") unchanged++;
      else reject(index, [{ field: `${entity.arg}[${index}].${entity.keyField}`, ...problem("DUPLICATE_KEY_IN_BATCH", { item: first }) }]);
      return;
    }
    firstByKey.set(key, index);
    valid.push({ index, externalId: entity.externalIdOf(inputs[index]!), item: p.item, customerId });
  });

  const outcome = (inserted: number, updated: number): FeedOutcome => {
    errors.sort((a, b) => a.index - b.index);
    return { inserted, updated, unchanged, rejected: new Set(errors.map((e) => e.index)).size, errors };
  };
  if (options.dryRun) return outcome(0, 0);

  // 4. The set-based write, its audit and the insight refresh, in one transaction.
  const rowsFor = (items: readonly Prepared<Item>[]) => items.map((p) => ({ idx: p.index, ...entity.toRow(p.item, p.customerId, writer) }));
  const { inserted, updated } = await writer.db.transaction(async (tx) => {
    let items = valid;
    if (entity.check) {
      const problems = await entity.check(tx, items);
      items = items.filter((p, k) => {
        const problem = problems[k];
        if (problem) reject(p.index, [problem]);
        return !problem;
      });
    }
    const rows = rowsFor(items);
    const merged = items.length ? await entity.merge(tx, options.stage ? await options.stage(entity.columns, rows) : jsonSource(entity.columns, rows), items) : [];
    const byIndex = new Map(items.map((p) => [p.index, p]));
    const created: Prepared<Item>[] = [];
    const changed: { p: Prepared<Item>; customerId: string | null; changes: AuditChange[] }[] = [];
    for (const row of merged) {
      const p = byIndex.get(row.idx);
      if (!p) continue;
      if (row.outcome === "rejected") reject(row.idx, [{ field: `${entity.arg}[${row.idx}]${row.field ? `.${row.field}` : ""}`, ...mergeProblem(row.message) }]);
      else if (row.outcome === "inserted") created.push({ ...p, customerId: row.customer_id ?? p.customerId });
      else
        changed.push({
          p,
          customerId: row.customer_id ?? p.customerId ?? null,
          changes: diffForAudit(entity.auditType, row.before ?? undefined, row.after ?? {}),
        });
    }
    // Every batch leaves a CREATE row (possibly naming nobody: a re-sent batch is audited too) and
    // one UPDATE row per changed record.
    const ids = merged.flatMap((row) => (row.outcome === "inserted" && row.id ? [row.id] : []));
    const entries: Omit<AuditEntry, "operation">[] = [
      {
        action: "CREATE",
        customerIds: [...new Set(created.flatMap((p) => (p.customerId ? [p.customerId] : [])))].sort(),
        fields: [...entity.auditFields],
        changes: ids.length ? [{ field: "id", before: null, after: ids }] : undefined,
      },
    ];
    for (const c of changed) {
      entries.push({
        action: "UPDATE",
        customerIds: c.customerId ? [c.customerId] : [],
        fields: c.changes.map((ch) => `${entity.auditType}.${ch.field}`),
        changes: c.changes,
      });
    }
    await writer.audit.writeAll(tx, entries);
    if (entity.announcesUpdates) {
      const type = entity.announcesUpdates;
      await emitEvents(tx, changed.flatMap((c) => (c.customerId && c.changes.length ? [{ type, customerId: c.customerId, data: { fields: c.changes.map((ch) => ch.field) } }] : [])));
    }
    const refresh = (p: Prepared<Item>) => typeof entity.refreshesInsight === "function" ? entity.refreshesInsight(p.item) : entity.refreshesInsight;
    const customersOf = (ps: readonly { customerId?: string | null }[]) => ps.flatMap((p) => (p.customerId ? [p.customerId] : []));
    if (options.deferInsight) {
      // Every stored item of the batch, written now or before (see FeedOptions.deferInsight).
      const rejected = new Set(errors.map((e) => e.index));
      for (const id of customersOf(items.filter((p) => !rejected.has(p.index) && refresh(p)))) options.deferInsight.add(id);
    } else await refreshInsightFor(tx, customersOf([...created.filter(refresh), ...changed.map((c) => c.p).filter(refresh)]));
    if (entity.refreshesCandidates) await refreshCandidatesOf(tx, [...new Set(customersOf([...created, ...changed]))], DEFAULT_MIN_SCORE);
    if (entity.afterWrite) await entity.afterWrite(tx, [...new Set(customersOf([...created, ...changed]))], writer);
    return { inserted: created.length, updated: changed.length };
  });
  const written = new Set(errors.map((e) => e.index));
  unchanged += valid.filter((p) => !written.has(p.index)).length - inserted - updated;
  return outcome(inserted, updated);
}

/**
 * A merge statement names its rejection by a problem code (SQL cannot build the parameters' sentence).
 * The statements are Tessera's own, so anything else is a bug, not a problem with the item.
 */
function mergeProblem(code: string | null | undefined): Problem {
  if (!code) return problem("REJECTED");
  if (!(code in PROBLEMS)) throw new Error(`A merge statement rejected an item with ${JSON.stringify(code)}, which is not a problem code`);
  return problem(code as ProblemCode);
}
