import { randomUUID } from "node:crypto";
import type { CatalogType, PersonalField, RetentionKey } from "@tessera/schema/catalog";
import { CATALOG } from "@tessera/schema/catalog";
import { and, sql, type SQL } from "drizzle-orm";
import { AuditCollector } from "../../audit/audit.collector.js";
import type { AuditEntry } from "../../audit/audit.writer.js";
import type { DbOrTx } from "../../db/client.js";
import { ConflictError } from "../../graphql/errors.js";
import { SYSTEM_PRINCIPAL } from "../../privacy/principal.js";
import { clearingPatch } from "../dsr/dsr.catalog.js";
import { eraseCustomer } from "../dsr/dsr.erasure.js";
import { billingHold } from "../dsr/dsr.rules.js";
import { expiredExports } from "../dsr/dsr.service.js";
import {
  countClosedCustomersBefore,
  countMatching,
  deleteBatch,
  deleteUsageMonth,
  selectClosedCustomersBefore,
  selectPolicies,
  selectUsageOfErasedCustomers,
  updateBatch,
  type BatchResult,
  type KeyPosition,
} from "./retention.queries.js";
import { EXPIRED_TEXT, monthsBefore, RETENTION_RULES, type RetentionTarget } from "./retention.rules.js";
import { RETENTION_KEYS, type RetentionPolicyRow } from "./retention.table.js";

export const DEFAULT_BATCH_SIZE = 5_000;

/** The stored policies with what the run does for each. */
export async function listRetentionPolicies(db: DbOrTx) {
  const rows = await selectPolicies(db);
  return rows.map((row) => ({ ...row, action: RETENTION_RULES[row.key].action, note: RETENTION_RULES[row.key].note }));
}

export interface RetentionStepReport {
  /** A catalog retention key, or a housekeeping step (LEGAL_HOLD_ENDED, DSR_EXPORTS). */
  key: string;
  action: string;
  periodMonths: number | null;
  /** Rows older than this are due. */
  cutoff: Date | null;
  /** Rows that would be (preview) or were (apply) changed or deleted. */
  rows: number;
  /** Per field: values that would be cleared (preview only). */
  fields: { field: string; values: number }[];
  note: string;
  /** Time the step took (apply only). */
  elapsedMs?: number;
}

export interface ApplyOptions {
  now?: Date;
  batchSize?: number;
  /** Called after every batch with the step, rows done so far and the total previewed. */
  onProgress?: (step: string, done: number, total: number) => void;
}

interface Step {
  report: Omit<RetentionStepReport, "rows" | "fields">;
  preview(db: DbOrTx): Promise<{ rows: number; fields: { field: string; values: number }[] }>;
  /** Applies the step in batches, each batch one transaction with its audit row; answers the rows done. */
  apply?(db: DbOrTx, audit: AuditCollector, batchSize: number, progress: (done: number) => void): Promise<number>;
}

/** Free-text catalog fields (mask TEXT) of a type that carry this retention key. */
function textFields(type: CatalogType, key: RetentionKey): string[] {
  return Object.entries(CATALOG[type])
    .filter((e): e is [string, PersonalField] => e[1].category !== "NONE" && (e[1] as PersonalField).retention === key && (e[1] as PersonalField).mask === "TEXT")
    .map(([field]) => field);
}

const olderThan = (age: RetentionTarget["age"], cutoff: Date): SQL => sql`${age} < ${cutoff.toISOString()}::timestamptz`;

/** The period's cutoff for a target, moved back to its floor when that is earlier (legal holds). */
function targetCutoff(target: RetentionTarget, cutoff: Date, now: Date): Date {
  if (target.floorMonths === undefined) return cutoff;
  const floor = monthsBefore(now, target.floorMonths);
  return floor < cutoff ? floor : cutoff;
}

/** The target's rows that are due: older than its cutoff, in its scope, and holding no row of the rule that is not due. */
function dueRows(target: RetentionTarget, cutoff: Date, now: Date): SQL {
  const { heldBy } = target;
  const held = heldBy && sql`not exists (select 1 from ${heldBy.target.table} where ${heldBy.on} and (${dueRows(heldBy.target, cutoff, now)}) is not true)`;
  return and(olderThan(target.age, targetCutoff(target, cutoff, now)), target.scope, held)!;
}

/** Runs `batch` until a batch comes back short, each in its own transaction with its audit row. */
async function inBatches(
  db: DbOrTx,
  audit: AuditCollector,
  batchSize: number,
  progress: (done: number) => void,
  batch: (tx: DbOrTx, after: KeyPosition | undefined) => Promise<{ result: BatchResult; entry: Omit<AuditEntry, "customerIds" | "operation"> }>,
) {
  let done = 0;
  let after: KeyPosition | undefined;
  for (;;) {
    const { n, last } = await db.transaction(async (tx) => {
      const { result, entry } = await batch(tx, after);
      if (result.customerIds.length) await audit.write(tx, { ...entry, customerIds: [...new Set(result.customerIds)] });
      return { n: result.customerIds.length, last: result.last };
    });
    done += n;
    progress(done);
    if (n < batchSize || !last) return done;
    after = last;
  }
}

function catalogSteps(policies: Map<string, RetentionPolicyRow>, now: Date): Step[] {
  return RETENTION_KEYS.map((key): Step => {
    const rule = RETENTION_RULES[key];
    const period = policies.get(key)?.periodMonths ?? null;
    const base = { key, action: rule.action, periodMonths: period, note: rule.note };
    if (rule.action === "NONE" || period === null) {
      return {
        report: { ...base, cutoff: null, note: rule.action === "NONE" ? rule.note : "no period set for this key: nothing to do" },
        preview: async () => ({ rows: 0, fields: [] }),
      };
    }
    const cutoff = monthsBefore(now, period);
    if (rule.action === "ERASE_CUSTOMERS") {
      return {
        report: { ...base, cutoff },
        preview: async (db) => ({ rows: await countClosedCustomersBefore(db, cutoff), fields: [] }),
        apply: async (db, audit, batchSize, progress) => {
          let done = 0;
          for (;;) {
            const ids = await selectClosedCustomersBefore(db, cutoff, batchSize);
            for (const id of ids) {
              try {
                await db.transaction((tx) => eraseCustomer(tx, audit, id, now));
                done++;
              } catch (error) {
                // Erased concurrently (an ERASURE request won the race): nothing left to do for this one.
                if (!(error instanceof ConflictError)) throw error;
              }
              progress(done);
            }
            if (ids.length < batchSize) return done;
          }
        },
      };
    }
    const planned = (target: RetentionTarget) => ({ target, cutoff: targetCutoff(target, cutoff, now), due: dueRows(target, cutoff, now) });
    if (rule.action === "DELETE_ROWS") {
      const targets = rule.targets.map(planned);
      return {
        report: { ...base, cutoff: new Date(Math.min(...targets.map((t) => t.cutoff.getTime()))) },
        preview: async (db) => {
          const fields = [];
          for (const t of targets) fields.push({ field: `${t.target.type}.*`, values: (await countMatching(db, t.target.table, t.due)).rows });
          return { rows: fields.reduce((sum, f) => sum + f.values, 0), fields };
        },
        // In the order listed: rows that belong to a later target's rows go first.
        apply: async (db, audit, batchSize, progress) => {
          let done = 0;
          for (const { target, cutoff: before, due } of targets) {
            const earlier = done;
            done += await inBatches(db, audit, batchSize, (n) => progress(earlier + n), async (tx, after) => ({
              result: await deleteBatch(tx, target, due, batchSize, after),
              entry: { action: "DELETE", fields: [`${target.type}.*`], changes: [{ field: target.type, before: `older than ${before.toISOString()}`, after: null }] },
            }));
          }
          return done;
        },
      };
    }
    const target = rule.target;
    const { cutoff: before, due } = planned(target);
    const fields = textFields(target.type, key);
    const patch = clearingPatch(target.table, fields, EXPIRED_TEXT);
    const where = and(due, patch.holdsValue)!;
    return {
      report: { ...base, cutoff: before },
      preview: async (db) => {
        const perField = fields.map((f) => clearingPatch(target.table, [f], EXPIRED_TEXT).holdsValue);
        const counts = await countMatching(db, target.table, where, perField);
        return { rows: counts.rows, fields: fields.map((f, i) => ({ field: `${target.type}.${f}`, values: counts.fields[i] ?? 0 })) };
      },
      apply: (db, audit, batchSize, progress) =>
        inBatches(db, audit, batchSize, progress, async (tx, after) => ({
          result: await updateBatch(tx, target, where, patch.values, batchSize, after),
          entry: {
            action: "UPDATE",
            fields: fields.map((f) => `${target.type}.${f}`),
            changes: fields.map((f) => ({ field: `${target.type}.${f}`, before: `older than ${before.toISOString()}`, after: null })),
          },
        })),
    };
  });
}

/** Housekeeping that follows from erasure and access requests rather than from a catalog key. */
function housekeepingSteps(now: Date): Step[] {
  const endedHolds = async (db: DbOrTx) => (await selectUsageOfErasedCustomers(db)).filter((row) => !billingHold(row, now));
  return [
    {
      report: {
        key: "LEGAL_HOLD_ENDED",
        action: "DELETE_ROWS",
        periodMonths: null,
        cutoff: null,
        note: "delete billing months of erased customers whose legal hold has ended (kept at erasure until then)",
      },
      preview: async (db) => ({ rows: (await endedHolds(db)).length, fields: [] }),
      apply: async (db, audit, batchSize, progress) => {
        const rows = await endedHolds(db);
        let done = 0;
        for (let i = 0; i < rows.length; i += batchSize) {
          const batch = rows.slice(i, i + batchSize);
          await db.transaction(async (tx) => {
            for (const row of batch) done += await deleteUsageMonth(tx, row.customerId, row.month);
            await audit.write(tx, {
              action: "DELETE",
              customerIds: [...new Set(batch.map((r) => r.customerId))],
              fields: ["UsageMonth.*"],
              changes: [{ field: "UsageMonth", before: { rows: batch.length, legalHold: "ended" }, after: null }],
            });
          });
          progress(done);
        }
        return done;
      },
    },
    {
      report: {
        key: "DSR_EXPORTS",
        action: "DROP_EXPORT",
        periodMonths: null,
        cutoff: expiredExports.cutoff(now),
        note: "drop stored ACCESS exports past their download window; the sha256 and size stay in the request's evidence",
      },
      preview: async (db) => ({ rows: await expiredExports.count(db, now), fields: [] }),
      apply: async (db, audit, _batchSize, progress) =>
        db.transaction(async (tx) => {
          const dropped = await expiredExports.drop(tx, now);
          if (dropped.length) {
            await audit.write(tx, {
              action: "DELETE",
              customerIds: [...new Set(dropped.map((d) => d.customerId))],
              fields: [],
              changes: [{ field: "DataSubjectRequest.exportDocument", before: { exports: dropped.length }, after: null }],
            });
          }
          progress(dropped.length);
          return dropped.length;
        }),
    },
  ];
}

async function plan(db: DbOrTx, now: Date): Promise<Step[]> {
  const policies = new Map((await selectPolicies(db)).map((p) => [p.key as string, p]));
  return [...catalogSteps(policies, now), ...housekeepingSteps(now)];
}

/** What a run would do now, per step; changes nothing. */
export async function previewRetention(db: DbOrTx, now = new Date()): Promise<RetentionStepReport[]> {
  const steps = await plan(db, now);
  const reports: RetentionStepReport[] = [];
  for (const step of steps) reports.push({ ...step.report, ...(await step.preview(db)) });
  return reports;
}

/**
 * Applies every step in batches, each batch a transaction audited as the `system` principal.
 * A failure stops the run; batches already committed stay (each is complete in itself), and a
 * second run continues where the first stopped.
 */
export async function applyRetention(db: DbOrTx, options: ApplyOptions = {}): Promise<RetentionStepReport[]> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const audit = new AuditCollector({ requestId: `retention-${randomUUID()}`, principal: SYSTEM_PRINCIPAL, purpose: "SERVICE" });
  const reports: RetentionStepReport[] = [];
  for (const step of await plan(db, now)) {
    const started = performance.now();
    const { rows: total } = await step.preview(db);
    let rows = 0;
    if (step.apply && total > 0) {
      audit.operation = `retention.run:${step.report.key}`;
      options.onProgress?.(step.report.key, 0, total);
      rows = await step.apply(db, audit, batchSize, (done) => options.onProgress?.(step.report.key, done, total));
    }
    reports.push({ ...step.report, rows, fields: [], elapsedMs: Math.round(performance.now() - started) });
  }
  return reports;
}
